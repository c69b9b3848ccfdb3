"""The platform's side of an evaluation: relay blinded elements to every guardian.

The browser talks only to its own site; the platform forwards the blinded elements with the
account's pseudonymous key (so guardians can rate-limit an account without knowing it) and
returns each guardian's answer or failure. The client verifies the proofs and combines: the
platform never sees an OPRF output. Nothing here logs an element.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import queue
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from notalone.escrow.guardian import GuardianRefusal
from notalone.escrow.setup import EscrowSetup, demo_guardians

logger = logging.getLogger("notalone.escrow")

_ACCOUNT_KEY_LABEL = b"NotAlone escrow account key v1"
_executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="escrow-relay")
_connections: dict[str, queue.LifoQueue[http.client.HTTPConnection]] = {}


def account_key(user_pk: int) -> str:
    """A pseudonymous, stable key for one account: HMAC(secret, user id). Guardians see only it."""
    secret = hmac.new(settings.SECRET_KEY.encode(), _ACCOUNT_KEY_LABEL, hashlib.sha256).digest()
    return hmac.new(secret, str(user_pk).encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class RelayResult:
    answers: list[dict[str, Any]]

    @property
    def ok(self) -> list[dict[str, Any]]:
        return [answer for answer in self.answers if "evaluated" in answer]


def _connection(url: str, timeout: float) -> http.client.HTTPConnection:
    pool = _connections.setdefault(url, queue.LifoQueue())
    try:
        return pool.get_nowait()
    except queue.Empty:
        parts = urlsplit(url)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        return cls(parts.hostname or "", parts.port, timeout=timeout)


def _post(url: str, body: bytes, timeout: float) -> tuple[int, dict[str, Any]]:
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {settings.ESCROW_GUARDIAN_TOKEN}",
    }
    path = urlsplit(url).path.rstrip("/") + "/evaluate"
    for attempt in range(2):
        connection = _connection(url, timeout)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            payload = json.loads(response.read())
        except (OSError, http.client.HTTPException, ValueError):
            connection.close()
            if attempt == 0:
                continue  # a kept-alive connection the guardian closed: one fresh try
            raise
        _connections[url].put(connection)
        return response.status, payload if isinstance(payload, dict) else {}
    raise OSError("unreachable")  # pragma: no cover


def _ask_remote(index: int, url: str, body: bytes) -> dict[str, Any]:
    timeout = settings.ESCROW_GUARDIAN_TIMEOUT_MS / 1000
    try:
        status, payload = _post(url, body, timeout)
    except (OSError, http.client.HTTPException, ValueError):
        return {"index": index, "status": 503, "error": f"Guardian {index} did not answer."}
    if status == 200 and "evaluated" in payload:
        payload["index"] = index
        return payload
    detail = str(payload.get("detail") or f"Guardian {index} refused (HTTP {status}).")
    return {"index": index, "status": status, "error": detail}


def relay_evaluate(*, setup: EscrowSetup, account: str, elements: list[str]) -> RelayResult:
    """Every guardian's answer (or failure) for ``elements``, in guardian order."""
    if setup.demo:
        answers: list[dict[str, Any]] = []
        for guardian in demo_guardians():
            try:
                answers.append(guardian.evaluate(account, elements))
            except GuardianRefusal as refusal:
                answers.append(
                    {"index": guardian.index, "status": refusal.status, "error": refusal.detail}
                )
        return RelayResult(answers)
    body = json.dumps({"account": account, "elements": elements}).encode()
    futures = [
        _executor.submit(_ask_remote, index, url, body)
        for index, url in enumerate(setup.guardian_urls, start=1)
    ]
    answers = [future.result() for future in futures]
    failed = sum(1 for answer in answers if "error" in answer)
    if failed:
        logger.info("escrow relay: %d of %d guardians failed", failed, len(answers))
    return RelayResult(answers)


def guardian_health(setup: EscrowSetup) -> list[dict[str, Any]]:
    """For the operator page: each guardian's public facts, and whether they match ours."""
    if setup.demo:
        facts = [guardian.public_facts() for guardian in demo_guardians()]
    else:
        facts = []
        for index, url in enumerate(setup.guardian_urls, start=1):
            parts = urlsplit(url)
            cls = (
                http.client.HTTPSConnection
                if parts.scheme == "https"
                else http.client.HTTPConnection
            )
            connection = cls(parts.hostname or "", parts.port, timeout=2)
            try:
                connection.request("GET", parts.path.rstrip("/") + "/health")
                facts.append(json.loads(connection.getresponse().read()))
            except (OSError, http.client.HTTPException, ValueError):
                facts.append({"index": index, "down": True})
            finally:
                connection.close()
    report = []
    for index, fact in enumerate(facts, start=1):
        agrees = (
            not fact.get("down")
            and fact.get("index") == index
            and fact.get("realm") == setup.realm.hex()
            and fact.get("public_shares") == [p.hex() for p in setup.public_shares]
        )
        report.append({"index": index, "up": not fact.get("down"), "agrees": agrees})
    return report
