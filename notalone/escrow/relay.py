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
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from notalone.escrow.guardian import Guardian, GuardianRefusal
from notalone.escrow.setup import EscrowSetup, demo_guardians

logger = logging.getLogger("notalone.escrow")

_ACCOUNT_KEY_LABEL = b"NotAlone escrow account key v1"
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
    """A kept-alive connection to ``url`` if one is free, else a new one."""
    pool = _connections.setdefault(url, queue.LifoQueue())
    try:
        return pool.get_nowait()
    except queue.Empty:
        parts = urlsplit(url)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        return cls(parts.hostname or "", parts.port, timeout=timeout)


@dataclass
class _Call:
    """One request to one guardian, sent before any answer is read."""

    index: int
    url: str
    path: str
    body: bytes
    connection: http.client.HTTPConnection | None = None


def _send(call: _Call, timeout: float) -> None:
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {settings.ESCROW_GUARDIAN_TOKEN}",
    }
    connection = _connection(call.url, timeout)
    if connection.sock is not None:
        connection.sock.settimeout(timeout)  # a kept-alive one had its last round's deadline
    try:
        connection.request(
            "POST", urlsplit(call.url).path.rstrip("/") + call.path, body=call.body, headers=headers
        )
    except (OSError, http.client.HTTPException):
        connection.close()
        call.connection = None
        return
    call.connection = connection


def _receive(call: _Call, deadline: float) -> tuple[int, dict[str, Any]]:
    connection = call.connection
    if connection is None:
        raise OSError("not sent")
    try:
        if connection.sock is not None:
            # One deadline for the round: the guardians work at the same time, so the answers
            # read one after the other must all come within the timeout.
            connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        response = connection.getresponse()
        payload = json.loads(response.read())
    except (OSError, http.client.HTTPException, ValueError):
        connection.close()
        raise
    _connections[call.url].put(connection)
    return response.status, payload if isinstance(payload, dict) else {}


def _ask_remote(calls: Sequence[_Call]) -> list[dict[str, Any]]:
    """Each guardian's answer (or failure), in the order of ``calls``.

    Every request is sent before any answer is read, so the guardians work at the same time
    while this thread waits in the socket reads: no thread pool, no hand-over between threads.
    A kept-alive connection the guardian had closed gets one fresh try.
    """
    timeout = settings.ESCROW_GUARDIAN_TIMEOUT_MS / 1000
    deadline = time.monotonic() + timeout
    for call in calls:
        _send(call, timeout)
    answers = []
    for call in calls:
        try:
            status, payload = _receive(call, deadline)
        except (OSError, http.client.HTTPException, ValueError):
            try:
                _send(call, timeout)
                status, payload = _receive(call, time.monotonic() + timeout)
            except (OSError, http.client.HTTPException, ValueError):
                answers.append(_did_not_answer(call.index))
                continue
        answers.append(_answer(call.index, status, payload))
    return answers


def _did_not_answer(index: int) -> dict[str, Any]:
    return {"index": index, "status": 503, "error": f"Guardian {index} did not answer."}


def _answer(index: int, status: int, payload: dict[str, Any]) -> dict[str, Any]:
    if status == 200 and "evaluated" in payload:
        payload["index"] = index
        return payload
    if status == 401:
        # The platform's token is wrong: the operator's problem, never the filer's request.
        logger.warning("escrow relay: guardian %d refused the platform's token", index)
        return _did_not_answer(index)
    detail = str(payload.get("detail") or f"Guardian {index} refused (HTTP {status}).")
    return {"index": index, "status": status, "error": detail}


def _ask_demo(guardian: Guardian, call: Callable[[Guardian], dict[str, Any]]) -> dict[str, Any]:
    try:
        return call(guardian)
    except GuardianRefusal as refusal:
        return {"index": guardian.index, "status": refusal.status, "error": refusal.detail}


def relay_evaluate(
    *,
    setup: EscrowSetup,
    account: str,
    elements: list[str],
    tokens: Mapping[int, Mapping[str, str]] | None = None,
    ask: Sequence[int] | None = None,
) -> RelayResult:
    """The answers (or failures) of the guardians asked for ``elements``, in guardian order.

    Which guardians: with ``tokens`` (verified-filer mode, a token per guardian, each guardian
    receiving only its own), those; with ``ask`` (a client that dropped a guardian whose proof
    failed), those; otherwise the t with the lowest indexes, then the others only if fewer
    than t of those answered. Every evaluation a guardian answers is one it counts, so no more
    guardians are asked than a filing needs.
    """

    def body(index: int) -> dict[str, Any]:
        request: dict[str, Any] = {"account": account, "elements": elements}
        if tokens is not None:
            request["token"] = dict(tokens[index])
        return request

    def round_of(indexes: Sequence[int]) -> list[dict[str, Any]]:
        if setup.demo:
            guardians = demo_guardians()
            return [
                _ask_demo(
                    guardians[i - 1],
                    partial(_demo_evaluate, account, elements, body(i).get("token")),
                )
                for i in indexes
            ]
        return _ask_remote(
            [
                _Call(i, setup.guardian_urls[i - 1], "/evaluate", json.dumps(body(i)).encode())
                for i in indexes
            ]
        )

    if tokens is not None:
        answers = round_of(sorted(tokens))
    elif ask is not None:
        answers = round_of(sorted(set(ask)))
    else:
        answers = round_of(range(1, setup.t + 1))
        if sum(1 for answer in answers if "evaluated" in answer) < setup.t:
            answers += round_of(range(setup.t + 1, setup.n + 1))
    failed = sum(1 for answer in answers if "error" in answer)
    if failed:
        logger.info("escrow relay: %d of %d guardians asked failed", failed, len(answers))
    return RelayResult(answers)


def _demo_evaluate(
    account: str, elements: list[str], token: object, guardian: Guardian
) -> dict[str, Any]:
    return guardian.evaluate(account, elements, token)


def relay_redeem(
    *, setup: EscrowSetup, guardian: int, code: str, elements: list[str]
) -> dict[str, Any]:
    """Verified-filer mode: pass a sealed invite code and blinded token inputs to one guardian."""
    if setup.demo:
        return _ask_demo(demo_guardians()[guardian - 1], lambda g: g.redeem(code, elements))
    body = json.dumps({"code": code, "elements": elements}).encode()
    return _ask_remote([_Call(guardian, setup.guardian_urls[guardian - 1], "/redeem", body)])[0]


# Each guardian's public facts, cached on their own: a success for five minutes, a failure
# for FACTS_DOWN_TTL_SECONDS, so a guardian that is down or hanging costs one short timeout per
# quarter-minute, not one per page, and never delays what the others answered.
_facts_cache: dict[str, tuple[float, dict[str, Any]]] = {}
FACTS_TTL_SECONDS = 300
FACTS_DOWN_TTL_SECONDS = 15
FACTS_TIMEOUT_SECONDS = 1.0


def _fetch_fact(index: int, url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(parts.hostname or "", parts.port, timeout=FACTS_TIMEOUT_SECONDS)
    try:
        connection.request("GET", parts.path.rstrip("/") + "/health")
        fact = json.loads(connection.getresponse().read())
        return fact if isinstance(fact, dict) else {"index": index, "down": True}
    except (OSError, http.client.HTTPException, ValueError):
        return {"index": index, "down": True}
    finally:
        connection.close()


def guardian_facts(setup: EscrowSetup, *, fresh: bool = False) -> list[dict[str, Any]]:
    """Each guardian's public facts (``GET /health``), in guardian order.

    Guardians not cached (or ``fresh``) are asked at the same time, each with a
    ``FACTS_TIMEOUT_SECONDS`` timeout; a guardian that does not answer is ``{"down": True}``.
    """
    if setup.demo:
        return [guardian.public_facts() for guardian in demo_guardians()]
    now = time.monotonic()
    facts: dict[int, dict[str, Any]] = {}
    stale: list[tuple[int, str]] = []
    for index, url in enumerate(setup.guardian_urls, start=1):
        cached = _facts_cache.get(url)
        ttl = FACTS_DOWN_TTL_SECONDS if cached and cached[1].get("down") else FACTS_TTL_SECONDS
        if not fresh and cached and now - cached[0] < ttl:
            facts[index] = cached[1]
        else:
            stale.append((index, url))
    if stale:
        with ThreadPoolExecutor(max_workers=len(stale)) as pool:
            fetched = list(pool.map(lambda pair: _fetch_fact(*pair), stale))
        for (index, url), fact in zip(stale, fetched, strict=True):
            _facts_cache[url] = (time.monotonic(), fact)
            facts[index] = fact
    return [facts[index] for index in range(1, len(setup.guardian_urls) + 1)]


TOKEN_FACTS = (
    "token_key",
    "invite_key",
    "keys_fingerprint",
    "tokens_per_period",
    "elements_per_token",
)


def token_keys(setup: EscrowSetup) -> list[dict[str, Any]]:
    """Verified-filer mode: what a client needs to buy and spend each guardian's tokens."""
    return [
        {"index": index, **{name: fact.get(name) for name in TOKEN_FACTS}}
        for index, fact in enumerate(guardian_facts(setup), start=1)
    ]


def guardian_health(setup: EscrowSetup) -> list[dict[str, Any]]:
    """For the operator page: each guardian's public facts, and whether they match ours."""
    facts = guardian_facts(setup, fresh=True)
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
