"""The escrow's Python client: the same filing flow as the browser (ESCROW_PROTOCOL.md §2-6).

Used by the tests, the benchmarks and the counselor CLI. It talks to ``/api/v1/escrow`` through
a ``Transport`` (real HTTP, or Django's test client), canonicalizes, blinds, verifies every
guardian's proof, combines t answers, derives the entry and seals it to the counselor. The
platform receives blinded elements, then indexes and ciphertexts: never an identifier.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from notalone.escrow.crypto import entry, oprf, threshold
from notalone.escrow.crypto import tokens as tokens_module
from notalone.escrow.crypto._ristretto import random_bytes
from notalone.escrow.crypto.errors import EscrowCryptoError, NotEnoughGuardians
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
    #: "members", "approved" or "verified" (verified-filer mode: tokens needed)
    filers: str = "members"
    #: verified-filer mode: per guardian, its token key, invite key and token terms
    guardians: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> ClientConfig:
        return cls(
            realm=bytes.fromhex(body["realm"]),
            q=int(body["q"]),
            t=int(body["t"]),
            n=int(body["n"]),
            public_shares=tuple(bytes.fromhex(p) for p in body["public_shares"]),
            counselor_public_key=bytes.fromhex(body["counselor_public_key"]),
            filers=str(body.get("filers", "members")),
            guardians=tuple(body.get("guardians") or ()),
        )


@dataclass
class Wallet:
    """Verified-filer mode: evaluation tokens bought with invite codes, per guardian. Each filing
    spends one token at each of t guardians."""

    tokens: dict[int, list[tokens_module.Token]] = field(default_factory=dict)

    def add(self, bought: Sequence[tokens_module.Token]) -> None:
        for token in bought:
            self.tokens.setdefault(token.guardian, []).append(token)

    def count(self, guardian: int) -> int:
        return len(self.tokens.get(guardian, []))

    def spend(self, t: int, blinded: Sequence[bytes]) -> dict[str, dict[str, str]]:
        """One token from each of the t lowest-indexed guardians it holds tokens of."""
        have = sorted(i for i, held in self.tokens.items() if held)
        if len(have) < t:
            raise EscrowClientError(
                f"Filing here needs evaluation tokens from {t} guardians; you have tokens from "
                f"{len(have)}. Each guardian's organisation gives out invite codes for them."
            )
        return {str(i): self.tokens[i].pop(0).authenticate(blinded) for i in have[:t]}


_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def check_site_url(base_url: str) -> None:
    """Refuse a site address the bearer token must not be sent to.

    ``https://`` anywhere, ``http://`` only to this machine (``localhost``, 127.0.0.0/8,
    ``::1``), where nothing crosses a network. Raises ``EscrowClientError`` with the
    sentence to show, before anything is sent."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        raise EscrowClientError(
            f"{base_url!r} is not a site address: give it as https://example.org/."
        )
    if parts.scheme == "https":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host in _LOOPBACK_NAMES
    if not loopback:
        raise EscrowClientError(
            f"Refusing to send your token over plain http to {host}: anyone on the way could "
            "read it. Use the site's https:// address (plain http is allowed only to this "
            "machine: localhost, 127.0.0.1 or ::1)."
        )


def http_transport(base_url: str, token: str, *, timeout: float = 30) -> Transport:
    """A keep-alive HTTP transport to ``base_url`` (the site's root) with a bearer token.

    Raises ``EscrowClientError`` for an address the token must not go to (``check_site_url``)."""
    check_site_url(base_url)
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


def _invite_keys(config: ClientConfig, code: str) -> tuple[int, bytes, bytes]:
    """The guardian an invite code names and its invite and token keys, checked against the
    code's fingerprint without sending anything. Raises ``EscrowClientError``."""
    try:
        guardian, prefix, _ = tokens_module.parse_invite_code(code)
    except ValueError:
        raise EscrowClientError("This is not an invite code: check what you typed.") from None
    if not 1 <= guardian <= len(config.guardians):
        raise EscrowClientError(f"This site has no guardian {guardian} that issues tokens.")
    facts = config.guardians[guardian - 1]
    try:
        invite_key = bytes.fromhex(facts["invite_key"])
        token_key = bytes.fromhex(facts["token_key"])
    except (KeyError, TypeError, ValueError):
        raise EscrowClientError(f"Guardian {guardian} does not issue tokens right now.") from None
    if not tokens_module.keys_fingerprint(invite_key, token_key).startswith(prefix):
        raise EscrowClientError(
            f"The keys this site serves for guardian {guardian} are not the ones on your invite "
            "code. Nothing was sent: tell the organisation that gave you the code."
        )
    return guardian, invite_key, token_key


def redeem_invites(
    transport: Transport, config: ClientConfig, codes: Sequence[str], wallet: Wallet
) -> None:
    """Several invite codes into ``wallet``: every code is checked (shape, guardian, keys)
    before any is redeemed, and each code's tokens go into the wallet as soon as they are
    bought, so a refused code costs the others nothing. Raises ``EscrowClientError`` naming
    the guardian whose code was refused."""
    for code in codes:
        _invite_keys(config, code)
    for code in codes:
        guardian = _invite_keys(config, code)[0]
        try:
            wallet.add(redeem_invite(transport, config, code))
        except EscrowClientError as error:
            raise EscrowClientError(
                f"The invite code for guardian {guardian} was refused: {error}", error.status
            ) from None


def redeem_invite(
    transport: Transport, config: ClientConfig, code: str, count: int | None = None
) -> list[tokens_module.Token]:
    """Verified-filer mode: buy a guardian's evaluation tokens with an invite code it issued.

    The code names its guardian and the first 16 hex digits of that guardian's keys'
    fingerprint; the keys the site serves must match them, or nothing is sent (a platform
    serving its own key would otherwise read the code). The code travels sealed to the
    guardian (HPKE), bound to the blinded token inputs. Raises ``EscrowClientError``.
    """
    guardian, invite_key, token_key = _invite_keys(config, code)
    facts = config.guardians[guardian - 1]
    request = tokens_module.token_request(count or int(facts["tokens_per_period"]))
    sealed = tokens_module.seal_invite(
        invite_key, config.realm, guardian, code.strip().lower().replace(" ", ""), request.blinded
    )
    body = _checked(
        *transport(
            "POST",
            "/redeem",
            {
                "guardian": guardian,
                "code": sealed.hex(),
                "elements": [e.hex() for e in request.blinded],
            },
        )
    )
    try:
        return tokens_module.finalize_tokens(
            guardian,
            request,
            [bytes.fromhex(e) for e in body["evaluated"]],
            bytes.fromhex(body["proof"]),
            token_key,
        )
    except (EscrowCryptoError, KeyError, TypeError, ValueError):
        raise EscrowClientError(
            f"Guardian {guardian}'s tokens failed their proof: they were not made with its "
            "published key, so they are not used."
        ) from None


def evaluate(
    transport: Transport,
    config: ClientConfig,
    inputs: Sequence[bytes],
    wallet: Wallet | None = None,
) -> list[bytes]:
    """The VOPRF outputs for ``inputs``: blind, relay, verify each guardian, combine, finalize.

    With a ``wallet`` (verified-filer mode) one token is presented to each of t guardians.
    Raises ``EscrowClientError`` naming a guardian whose proof failed when fewer than t are left.
    """
    blinds, blinded = zip(*(oprf.blind(x, mode=oprf.MODE_VOPRF) for x in inputs), strict=True)
    request: dict[str, Any] = {"elements": [e.hex() for e in blinded]}
    if wallet is not None:
        request["tokens"] = wallet.spend(config.t, blinded)
    body = _checked(*transport("POST", "/evaluate", request))
    answers = _answers(body)
    refused = [a["error"] for a in body["answers"] if "error" in a]
    try:
        combined = _combine(list(blinded), answers, config)
    except NotEnoughGuardians as error:
        failed = list(error.failed)
        asked = {int(a["index"]) for a in body["answers"]}
        rest = [i for i in range(1, config.n + 1) if i not in asked]
        combined = None
        if failed and rest and wallet is None:
            # A guardian's answer failed its proof (altered on the way, or a lying guardian):
            # ask the guardians not asked yet, and combine the valid answers of both rounds.
            again = _checked(
                *transport(
                    "POST", "/evaluate", {"elements": request["elements"], "guardians": rest}
                )
            )
            refused += [a["error"] for a in again["answers"] if "error" in a]
            merged = {i: a for i, a in answers.items() if i not in failed} | _answers(again)
            try:
                combined = _combine(list(blinded), merged, config)
            except NotEnoughGuardians as second:
                failed += [i for i in second.failed if i not in failed]
        if combined is None:
            bad = "".join(f" Guardian {i} gave an answer that failed its proof." for i in failed)
            raise EscrowClientError(
                "Not enough guardians gave a valid answer, so nothing was filed."
                + bad
                + (" " + " ".join(refused) if refused else "")
            ) from None
    assert combined is not None
    return [
        oprf.finalize(x, b, z, mode=oprf.MODE_VOPRF)
        for x, b, z in zip(inputs, blinds, combined.evaluated_elements, strict=True)
    ]


def _answers(body: Mapping[str, Any]) -> dict[int, threshold.GuardianAnswer]:
    return {
        int(answer["index"]): threshold.GuardianAnswer(
            tuple(bytes.fromhex(e) for e in answer["evaluated"]), bytes.fromhex(answer["proof"])
        )
        for answer in body["answers"]
        if "evaluated" in answer
    }


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
    wallet: Wallet | None = None,
) -> dict[str, Any]:
    """The whole filing flow; returns the stored entry as the API describes it."""
    canonical = canonical_identifiers(identifiers)
    outputs = evaluate(transport, config, [entry.oprf_input(c) for c in canonical], wallet)
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
    "Wallet",
    "check_site_url",
    "evaluate",
    "fetch_config",
    "file_entry",
    "http_transport",
    "my_entries",
    "redeem_invite",
    "redeem_invites",
    "released_matches",
    "withdraw",
]
