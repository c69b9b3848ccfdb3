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

from notalone.escrow.guardian import Guardian
from notalone.escrow.guardian_errors import GuardianRefusal
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
        answers.append(_answer(call.index, status, payload, call.path))
    return answers


def _did_not_answer(index: int) -> dict[str, Any]:
    return {
        "index": index,
        "status": 503,
        "error": f"Guardian {index} did not answer.",
        "code": "guardian_down",
        "params": {"guardian": index},
    }


def _answer(index: int, status: int, payload: dict[str, Any], path: str = "") -> dict[str, Any]:
    if status == 200:
        payload["index"] = index
        return payload
    if status == 404 and path == "/check" and "code" not in payload:
        # A guardian older than /check: it cannot check, so it is asked to evaluate directly.
        return {"index": index, "ok": True}
    if status == 401:
        # The platform's token is wrong: the operator's problem, never the filer's request.
        logger.warning("escrow relay: guardian %d refused the platform's token", index)
        return _did_not_answer(index)
    detail = str(payload.get("detail") or f"Guardian {index} refused (HTTP {status}).")
    refusal: dict[str, Any] = {"index": index, "status": status, "error": detail}
    if isinstance(payload.get("code"), str):
        refusal["code"] = payload["code"]
        refusal["params"] = payload.get("params") if isinstance(payload.get("params"), dict) else {}
    return refusal


def _ask_demo(guardian: Guardian, call: Callable[[Guardian], dict[str, Any]]) -> dict[str, Any]:
    try:
        return call(guardian)
    except GuardianRefusal as refusal:
        return {
            "index": guardian.index,
            "status": refusal.status,
            "error": refusal.detail,
            "code": refusal.code,
            "params": refusal.params,
        }


def relay_evaluate(
    *,
    setup: EscrowSetup,
    account: str,
    elements: list[str],
    tokens: Mapping[int, Mapping[str, Any]] | None = None,
    ask: Sequence[int] | None = None,
) -> RelayResult:
    """The answers (or refusals) of the guardians asked for ``elements``, in guardian order.

    Which guardians: with ``tokens`` (verified-filer mode, a token per guardian, each guardian
    receiving only its own), those; with ``ask`` (a client that dropped a guardian whose proof
    failed), those; otherwise the t with the lowest indexes, then the next ones in place of
    those that refuse or do not answer.

    Two rounds (ESCROW_PROTOCOL.md §6): every guardian that would be asked to evaluate is first
    asked to **check** the same request (``POST /check``: shape, elements, token, limits,
    writing nothing), and only when as many as needed said yes are they asked to evaluate. A
    filing that one guardian refuses (a limit, a spent or wrong token, a guardian that is down)
    therefore costs the others nothing. What the check cannot rule out: a limit reached, or a
    guardian going down, between the two rounds.
    """
    need = setup.t if ask is None else min(setup.t, len(set(ask)))
    if tokens is not None:
        order = sorted(tokens)
    elif ask is not None:
        order = sorted(set(ask))
    else:
        order = list(range(1, setup.n + 1))

    def body(index: int) -> dict[str, Any]:
        request: dict[str, Any] = {"account": account, "elements": elements}
        if tokens is not None:
            request["token"] = dict(tokens[index])
        return request

    def round_of(indexes: Sequence[int], path: str) -> list[dict[str, Any]]:
        if setup.demo:
            guardians = demo_guardians()
            return [
                _ask_demo(guardians[i - 1], partial(_demo_call, path, body(i))) for i in indexes
            ]
        return _ask_remote(
            [
                _Call(i, setup.guardian_urls[i - 1], path, json.dumps(body(i)).encode())
                for i in indexes
            ]
        )

    answers: dict[int, dict[str, Any]] = {}
    queue = list(order)

    def answered() -> int:
        return sum(1 for answer in answers.values() if "evaluated" in answer)

    while queue and answered() < need:
        missing = need - answered()
        passed: list[int] = []
        while queue and len(passed) < missing:
            batch = queue[: missing - len(passed)]
            del queue[: len(batch)]
            for index, answer in zip(batch, round_of(batch, "/check"), strict=True):
                if answer.get("ok") is True:
                    passed.append(index)
                else:
                    answers[index] = answer
        if len(passed) < missing:
            # Too few would answer: nobody is asked to evaluate, nothing is spent. The ones
            # that would have are answered as {"index", "ok": true}.
            answers.update({index: {"index": index, "ok": True} for index in passed})
            break
        for answer in round_of(passed, "/evaluate"):
            answers[int(answer["index"])] = answer
    failed = sum(1 for answer in answers.values() if "error" in answer)
    if failed:
        logger.info("escrow relay: %d of %d guardians asked refused", failed, len(answers))
    return RelayResult([answers[index] for index in sorted(answers)])


def _demo_call(path: str, body: dict[str, Any], guardian: Guardian) -> dict[str, Any]:
    call = guardian.check if path == "/check" else guardian.evaluate
    return call(body["account"], body["elements"], body.get("token"))


def relay_check_invite(
    *, setup: EscrowSetup, guardian: int, account: str, code: str
) -> dict[str, Any]:
    """Verified-filer mode: ask one guardian whether a sealed invite code is good (buys nothing)."""
    if setup.demo:
        return _ask_demo(demo_guardians()[guardian - 1], lambda g: g.check_invite(account, code))
    body = json.dumps({"account": account, "code": code}).encode()
    return _ask_remote([_Call(guardian, setup.guardian_urls[guardian - 1], "/check-invite", body)])[
        0
    ]


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
    "period_days",
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
