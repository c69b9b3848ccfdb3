"""The escrow's Python client: the same filing flow as the browser (ESCROW.md §1-2).

Used by the tests, the benchmarks and the counselor CLI. It talks to ``/api/v1/escrow`` through
a ``Transport`` (real HTTP, or Django's test client), canonicalizes, blinds, verifies every
guardian's proof, combines t answers, derives the entry and seals it to the counselor. The
platform receives blinded elements, then indexes and ciphertexts: never an identifier.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from notalone.escrow.crypto import entry, oprf, threshold
from notalone.escrow.crypto._ristretto import random_bytes
from notalone.escrow.crypto.errors import NotEnoughGuardians
from notalone.escrow.identifiers import canonicalize

#: (method, path under /api/v1/escrow, JSON body or None) -> (HTTP status, JSON body)
Transport = Callable[[str, str, Mapping[str, Any] | None], tuple[int, Any]]


class EscrowClientError(Exception):
    """The platform or the guardians refused; ``detail`` is the sentence to show."""

    def __init__(self, detail: str, status: int = 0) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class ClientConfig:
    realm: bytes
    q: int
    t: int
    n: int
    public_shares: tuple[bytes, ...]
    counselor_public_key: bytes

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> ClientConfig:
        return cls(
            realm=bytes.fromhex(body["realm"]),
            q=int(body["q"]),
            t=int(body["t"]),
            n=int(body["n"]),
            public_shares=tuple(bytes.fromhex(p) for p in body["public_shares"]),
            counselor_public_key=bytes.fromhex(body["counselor_public_key"]),
        )


def http_transport(base_url: str, token: str, *, timeout: float = 30) -> Transport:
    """A keep-alive HTTP transport to ``base_url`` (the site's root) with a bearer token."""
    parts = urlsplit(base_url)
    prefix = parts.path.rstrip("/") + "/api/v1/escrow"
    local = threading.local()

    def connection() -> http.client.HTTPConnection:
        if getattr(local, "connection", None) is None:
            cls = (
                http.client.HTTPSConnection
                if parts.scheme == "https"
                else http.client.HTTPConnection
            )
            local.connection = cls(parts.hostname or "", parts.port, timeout=timeout)
        conn: http.client.HTTPConnection = local.connection
        return conn

    def send(method: str, path: str, body: Mapping[str, Any] | None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            conn = connection()
            try:
                conn.request(method, prefix + path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                local.connection = None
                if attempt == 0:
                    continue
                raise EscrowClientError(f"The site at {base_url} did not answer: {error}") from None
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, {"detail": raw.decode(errors="replace")[:200]}
        raise EscrowClientError(f"The site at {base_url} did not answer.")  # pragma: no cover

    return send


def _checked(status: int, body: Any, expected: tuple[int, ...] = (200,)) -> Any:
    if status not in expected:
        detail = body.get("detail") if isinstance(body, dict) else None
        raise EscrowClientError(detail or f"The site answered HTTP {status}.", status)
    return body


def fetch_config(transport: Transport) -> ClientConfig:
    return ClientConfig.from_json(_checked(*transport("GET", "/config", None)))


def evaluate(transport: Transport, config: ClientConfig, inputs: Sequence[bytes]) -> list[bytes]:
    """The VOPRF outputs for ``inputs``: blind, relay, verify each guardian, combine, finalize.

    Raises ``EscrowClientError`` naming a guardian whose proof failed when fewer than t are left.
    """
    blinds, blinded = zip(*(oprf.blind(x, mode=oprf.MODE_VOPRF) for x in inputs), strict=True)
    body = _checked(*transport("POST", "/evaluate", {"elements": [e.hex() for e in blinded]}))
    answers = {
        int(answer["index"]): threshold.GuardianAnswer(
            tuple(bytes.fromhex(e) for e in answer["evaluated"]), bytes.fromhex(answer["proof"])
        )
        for answer in body["answers"]
        if "evaluated" in answer
    }
    try:
        combined = _combine(list(blinded), answers, config)
    except NotEnoughGuardians as error:
        refused = [a["error"] for a in body["answers"] if "error" in a]
        bad = "".join(f" Guardian {i} gave an answer that failed its proof." for i in error.failed)
        raise EscrowClientError(
            "Not enough guardians gave a valid answer, so nothing was filed."
            + bad
            + (" " + " ".join(refused) if refused else "")
        ) from None
    return [
        oprf.finalize(x, b, z, mode=oprf.MODE_VOPRF)
        for x, b, z in zip(inputs, blinds, combined.evaluated_elements, strict=True)
    ]


def _combine(
    blinded: list[bytes], answers: dict[int, threshold.GuardianAnswer], config: ClientConfig
) -> threshold.CombinedAnswer:
    """Verify the first t answers only (each proof costs a few scalar multiplications); if one
    fails, verify them all, so that every bad guardian is named."""
    first = dict(sorted(answers.items())[: config.t])
    try:
        return threshold.combine_verified(
            blinded_elements=blinded, answers=first, public_shares=config.public_shares, t=config.t
        )
    except NotEnoughGuardians:
        return threshold.combine_verified(
            blinded_elements=blinded,
            answers=answers,
            public_shares=config.public_shares,
            t=config.t,
        )


def canonical_identifiers(identifiers: Sequence[str | tuple[str, str | None]]) -> list[str]:
    """Each identifier canonicalized (``InvalidIdentifier`` says which one is wrong)."""
    result = []
    for identifier in identifiers:
        raw, kind = identifier if isinstance(identifier, tuple) else (identifier, None)
        result.append(canonicalize(raw, kind=kind))
    return result


def seal_filing(
    config: ClientConfig,
    canonical: Sequence[str],
    outputs: Sequence[bytes],
    record: Mapping[str, Any],
) -> dict[str, Any]:
    """The JSON body of ``POST /entries`` for one filing."""
    entry_id = random_bytes(entry.ENTRY_ID_SIZE)
    sealed = entry.seal_entry(
        realm=config.realm,
        q=config.q,
        counselor_public_key=config.counselor_public_key,
        entry_id=entry_id,
        record=record,
        outputs=outputs,
    )
    return {
        "entry_id": entry_id.hex(),
        "record_ct": sealed.record_ct.hex(),
        "items": [{"index": i.hex(), "sealed": s.hex()} for i, s in sealed.items],
    }


def file_entry(
    transport: Transport,
    config: ClientConfig,
    identifiers: Sequence[str | tuple[str, str | None]],
    record: Mapping[str, Any],
) -> dict[str, Any]:
    """The whole filing flow; returns the stored entry as the API describes it."""
    canonical = canonical_identifiers(identifiers)
    outputs = evaluate(transport, config, [c.encode() for c in canonical])
    body = seal_filing(config, canonical, outputs, record)
    result: dict[str, Any] = _checked(*transport("POST", "/entries", body), expected=(200, 201))
    return result


def my_entries(transport: Transport) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = _checked(*transport("GET", "/entries", None))
    return result


def withdraw(transport: Transport, entry_id: str) -> None:
    _checked(*transport("DELETE", f"/entries/{entry_id}", None), expected=(204,))


def released_matches(transport: Transport) -> list[dict[str, Any]]:
    """Counselor: every match, each with its released entries."""
    matches: list[dict[str, Any]] = _checked(*transport("GET", "/matches", None))
    return [_checked(*transport("GET", f"/matches/{m['id']}", None)) for m in matches]


__all__ = [
    "ClientConfig",
    "EscrowClientError",
    "Transport",
    "evaluate",
    "fetch_config",
    "file_entry",
    "http_transport",
    "my_entries",
    "released_matches",
    "withdraw",
]
