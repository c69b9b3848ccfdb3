"""The escrow's Python client: the same filing flow as the browser (ESCROW_PROTOCOL.md §2-6).

Used by the tests, the benchmarks and the counselor CLI. It talks to ``/api/v1/escrow`` through
a ``Transport`` (real HTTP from ``client_http``, re-exported here, or Django's test client),
canonicalizes, blinds, verifies every
guardian's proof, combines t answers, derives the entry and seals it to the counselor. The
platform receives blinded elements, then indexes and ciphertexts: never an identifier.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from notalone.escrow.client_http import (
    EscrowClientError,
    Transport,
    check_site_url,
    http_transport,
)
from notalone.escrow.crypto import entry, oprf, threshold
from notalone.escrow.crypto import tokens as tokens_module
from notalone.escrow.crypto._ristretto import random_bytes
from notalone.escrow.crypto.errors import EscrowCryptoError, NotEnoughGuardians
from notalone.escrow.identifiers import canonicalize


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

    def spend(self, t: int, blinded: Sequence[bytes]) -> dict[str, dict[str, str | int]]:
        """One token from each of the t lowest-indexed guardians it holds tokens of."""
        have = sorted(i for i, held in self.tokens.items() if held)
        if len(have) < t:
            raise EscrowClientError(
                f"Filing here needs evaluation tokens from {t} guardians; you have tokens from "
                f"{len(have)}. Each guardian's organisation gives out invite codes for them."
            )
        return {str(i): self.tokens[i].pop(0).authenticate(blinded) for i in have[:t]}


def _checked(status: int, body: Any, expected: tuple[int, ...] = (200,)) -> Any:
    if status not in expected:
        detail = body.get("detail") if isinstance(body, dict) else None
        code = body.get("code") if isinstance(body, dict) else None
        raise EscrowClientError(
            detail or f"The site answered HTTP {status}.",
            status,
            code if isinstance(code, str) else None,
        )
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


def check_invite(transport: Transport, config: ClientConfig, code: str) -> dict[str, Any]:
    """Verified-filer mode: is ``code`` good, and how many tokens can it still buy this period?

    Buys nothing. Checked here first (shape, guardian, keys: nothing is sent for a code that
    fails), then by its guardian, sealed to it like a redemption. The answer is
    ``{"index", "valid": True, "tokens_left", "period_ends"}`` (a Unix time); a refused code
    raises ``EscrowClientError`` with its ``code`` (``invite_unknown``, ``invite_used``, …).
    Checks are limited per account and day, by the site and by each guardian."""
    guardian, invite_key, _ = _invite_keys(config, code)
    sealed = tokens_module.seal_invite_check(
        invite_key, config.realm, guardian, code.strip().lower().replace(" ", "")
    )
    result: dict[str, Any] = _checked(
        *transport("POST", "/check-invite", {"guardian": guardian, "code": sealed.hex()})
    )
    return result


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
    epoch = body.get("epoch")
    if not tokens_module.plausible_epoch(epoch, facts.get("period_days"), time.time()):
        raise EscrowClientError(
            f"Guardian {guardian} dated its tokens to another period than this one, so they "
            "are not used."
        )
    try:
        return tokens_module.finalize_tokens(
            guardian,
            request,
            [bytes.fromhex(e) for e in body["evaluated"]],
            bytes.fromhex(body["proof"]),
            token_key,
            epoch,
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
    request: dict[str, Any] = {
        "version": entry.PROTOCOL_VERSION,
        "elements": [e.hex() for e in blinded],
    }
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
            # (No tokens here: the request is the version and the elements.)
            again = _checked(*transport("POST", "/evaluate", {**request, "guardians": rest}))
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
        "version": entry.PROTOCOL_VERSION,
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
    outputs: dict[str, bytes] | None = None,
) -> dict[str, Any]:
    """The whole filing flow; returns the stored entry as the API describes it.

    ``outputs``, if given, keeps each canonical identifier's OPRF output across calls (in
    memory: it is as secret as the identifier): an identifier already evaluated is not sent to
    the guardians again, so a filing the platform refuses (an identifier this account already
    named, say) costs nothing more when it is filed again without it. The record gets
    ``named`` (canonical forms) and ``typed`` (what was written, and the platform chosen for
    it) unless it has them, for the counselor (ESCROW_PROTOCOL.md §5.2)."""
    canonical = canonical_identifiers(identifiers)
    if len(set(canonical)) != len(canonical):
        raise EscrowClientError(
            "Two of the identifiers are the same person written two ways: keep one of them."
        )
    cache = {} if outputs is None else outputs
    missing = [c for c in dict.fromkeys(canonical) if c not in cache]
    if missing:
        found = evaluate(transport, config, [entry.oprf_input(c) for c in missing], wallet)
        cache.update(zip(missing, found, strict=True))
    full = {"named": canonical, "typed": typed_identifiers(identifiers), **record}
    body = seal_filing(config, canonical, [cache[c] for c in canonical], full)
    result: dict[str, Any] = _checked(*transport("POST", "/entries", body), expected=(200, 201))
    return result


def typed_identifiers(
    identifiers: Sequence[str | tuple[str, str | None]],
) -> list[dict[str, str]]:
    """What the survivor wrote for each identifier, in order, with the platform chosen for it
    (``""`` when the kind was read from the text): ``typed`` in the record."""
    typed = []
    for identifier in identifiers:
        raw, kind = identifier if isinstance(identifier, tuple) else (identifier, None)
        typed.append({"text": raw, "kind": kind or ""})
    return typed


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
    "check_invite",
    "check_site_url",
    "evaluate",
    "fetch_config",
    "file_entry",
    "http_transport",
    "my_entries",
    "redeem_invite",
    "redeem_invites",
    "released_matches",
    "typed_identifiers",
    "withdraw",
]
