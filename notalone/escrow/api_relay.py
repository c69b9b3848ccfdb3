"""``/api/v1/escrow``: what the platform relays to the guardians: evaluations, token redemptions
and invite-code checks (ESCROW_PROTOCOL.md §6). Mounted on ``api.router``.

Guardians' refusals reach the client as the platform's translated sentence plus the guardian's
stable ``code`` and ``params`` (§7, "Error codes"), so a client can act on the code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from notalone.accounts.auth import member
from notalone.core import ratelimit
from notalone.core.ids import DigitsInt
from notalone.escrow import guardian_messages, relay, services
from notalone.escrow.api_common import (
    AUTH,
    HEX64,
    coded_errors,
    escrow_setup_or_503,
    version_refusal,
)
from notalone.escrow.crypto._ristretto import check_element
from notalone.escrow.crypto.errors import EscrowCryptoError

router = Router(tags=["escrow"])

#: Invite-code checks per account per UTC day, counted in the database (``core.ratelimit``):
#: a cache flush or a restart empties nothing. Each guardian has its own limits too.
INVITE_CHECKS_PER_DAY = 10


class TokenIn(Schema):
    # The invite-code period the token was bought in (ESCROW_PROTOCOL.md §7.3, lifetime).
    epoch: int = Field(..., ge=0, lt=2**32)
    nonce: str = Field(..., pattern=HEX64)
    mac: str = Field(..., pattern=HEX64)


class EvaluateIn(Schema):
    # The protocol version the client speaks (ESCROW_PROTOCOL.md §14): any other is refused.
    version: int | None = None
    elements: list[str] = Field(..., min_length=1, max_length=20)
    # Verified-filer mode: one token per guardian asked, keyed by the guardian's index.
    tokens: dict[DigitsInt, TokenIn] | None = None
    # Which guardians to ask (a client asking again without a guardian whose proof failed).
    guardians: list[DigitsInt] | None = Field(None, min_length=1, max_length=255)


class RedeemIn(Schema):
    guardian: DigitsInt = Field(..., ge=1, le=255)
    code: str = Field(..., pattern=r"^(?:[0-9a-f]{2}){49,200}$")
    elements: list[str] = Field(..., min_length=1, max_length=20)


class CheckInviteIn(Schema):
    guardian: DigitsInt = Field(..., ge=1, le=255)
    code: str = Field(..., pattern=r"^(?:[0-9a-f]{2}){49,200}$")


class RedeemOut(Schema):
    index: int
    epoch: int
    evaluated: list[str]
    proof: str


class CheckInviteOut(Schema):
    index: int
    valid: bool
    tokens_left: int
    period_ends: int


class EvaluateOut(Schema):
    answers: list[dict[str, Any]]


def _refusal(status: int, detail: str, code: str) -> Status[Any]:
    return Status(status, {"detail": detail, "code": code})


@router.post(
    "/evaluate",
    auth=AUTH,
    response={200: EvaluateOut, **coded_errors(400, 401, 403, 429, 503)},
    summary="Relay blinded elements to the guardians",
)
def evaluate(request: HttpRequest, payload: EvaluateIn) -> Status[Any]:
    setup = escrow_setup_or_503()
    old = version_refusal(payload.version)
    if old:
        return Status(400, old)
    user = member(request)
    refusal = services.escrow_filing_refusal(account=user)
    if refusal:
        return _refusal(403, refusal, "may_not_file")
    # What POST /entries would refuse whatever the guardians answer: refused before any
    # guardian is asked, so it costs no evaluation.
    full = services.escrow_entries_full(account=user)
    if full:
        return _refusal(400, full, "entries_full")
    bad = _bad_elements(payload.elements)
    if bad:
        return bad
    limit = settings.ESCROW_IDENTIFIERS_PER_ENTRY
    if len(payload.elements) > limit:
        detail = _("An entry names the person by 1 to {limit} identifiers.").format(limit=limit)
        return _refusal(400, detail, "too_many_identifiers")
    tokens = None
    if payload.tokens is not None:
        if (
            not all(1 <= index <= setup.n for index in payload.tokens)
            or len(payload.tokens) < setup.t
        ):
            detail = _("Present a token to at least {t} of the {n} guardians.").format(
                t=setup.t, n=setup.n
            )
            return _refusal(400, detail, "too_few_tokens")
        tokens = {
            i: {"epoch": t.epoch, "nonce": t.nonce, "mac": t.mac} for i, t in payload.tokens.items()
        }
    if payload.guardians is not None and not all(1 <= i <= setup.n for i in payload.guardians):
        return _refusal(400, _("There are {n} guardians.").format(n=setup.n), "no_such_guardian")
    result = relay.relay_evaluate(
        setup=setup,
        account=relay.account_key(user.pk),
        elements=payload.elements,
        tokens=tokens,
        ask=payload.guardians,
    )
    # A client asking the guardians it has not heard from combines their answers with earlier
    # ones: every guardian it asked (up to t) must answer.
    needed = setup.t if payload.guardians is None else min(setup.t, len(set(payload.guardians)))
    if len(result.ok) >= needed:
        return Status(200, {"answers": result.answers})
    willing = sum(1 for a in result.answers if "evaluated" in a or a.get("ok") is True)
    return _relay_refusal(result.answers, needed, willing)


def _bad_elements(elements: list[str]) -> Status[Any] | None:
    """422 for text that is not 64 lowercase hex; 400 for bytes that are not a group element
    (a malformed request: no guardian is asked, and no evaluation is spent)."""
    if any(len(e) != 64 or e.strip("0123456789abcdef") for e in elements):
        return Status(
            422, {"detail": "elements: each blinded element is 64 lowercase hex characters"}
        )
    for position, element in enumerate(elements, start=1):
        try:
            check_element(bytes.fromhex(element))
        except EscrowCryptoError:
            return Status(
                400,
                {
                    "detail": guardian_messages.invalid_element(position),
                    "code": "element_invalid",
                    "params": {"position": position},
                },
            )
    return None


def _guardian_refusal(status: int, answer: dict[str, Any], suffix: str = "") -> Status[Any]:
    """A guardian's refusal as the client reads it: translated, with its code and params."""
    params = answer.get("params") or {}
    detail = guardian_messages.translated(status, answer["error"], answer.get("code"), params)
    body: dict[str, Any] = {"detail": detail + suffix}
    if answer.get("code"):
        body.update(code=answer["code"], params=params)
    return Status(status, body)


def _relay_refusal(answers: list[dict[str, Any]], needed: int, valid: int) -> Status[Any]:
    """Too few guardians answered: the client's own error (400, 403) before a limit (429)
    before an outage (503). The body names the guardians that evaluated all the same."""
    evaluated_by = [int(a["index"]) for a in answers if "evaluated" in a]
    refusal: Status[Any] | None = None
    for status in (400, 403, 429):
        refused = [a for a in answers if a.get("status") == status]
        if refused:
            refusal = _guardian_refusal(status, refused[0], " " + _("Nothing was sent or stored."))
            break
    if refusal is None:
        detail = _(
            "Only {valid} of the {needed} key guardians needed answered, so nothing was "
            "sent or stored. What you wrote is still here: try again in a few minutes."
        ).format(valid=valid, needed=needed)
        refusal = _refusal(503, detail, "guardians_down")
    refusal.value["evaluated_by"] = evaluated_by
    return refusal


def _token_request_refusal(request: HttpRequest, guardian: int) -> Status[Any] | None:
    """What /redeem and /check-invite refuse before asking a guardian."""
    setup = escrow_setup_or_503()
    # The same account checks as filing (active, approved where required, minimum age): an
    # account that may not file may not buy tokens either.
    refusal = services.escrow_filing_refusal(account=member(request))
    if refusal:
        return _refusal(403, refusal, "may_not_file")
    if settings.ESCROW_FILERS != "verified":
        return _refusal(404, _("This site's guardians do not issue tokens."), "not_issuing")
    if guardian > setup.n:
        return _refusal(400, _("There are {n} guardians.").format(n=setup.n), "no_such_guardian")
    return None


@router.post(
    "/redeem",
    auth=AUTH,
    response={200: RedeemOut, **coded_errors(400, 401, 403, 404, 429, 503)},
    summary="Verified-filer mode: buy a guardian's evaluation tokens with its invite code",
)
def redeem(request: HttpRequest, payload: RedeemIn) -> Status[Any]:
    refused = _token_request_refusal(request, payload.guardian) or _bad_elements(payload.elements)
    if refused:
        return refused
    answer = relay.relay_redeem(
        setup=escrow_setup_or_503(),
        guardian=payload.guardian,
        code=payload.code,
        elements=payload.elements,
    )
    if "evaluated" in answer:
        return Status(200, answer)
    return _guardian_refusal(
        answer["status"] if answer["status"] in (400, 403, 404, 429) else 503, answer
    )


@router.post(
    "/check-invite",
    auth=AUTH,
    response={200: CheckInviteOut, **coded_errors(400, 401, 403, 404, 429, 503)},
    summary="Verified-filer mode: check an invite code without buying anything",
)
def check_invite(request: HttpRequest, payload: CheckInviteIn) -> Status[Any]:
    """Is this invite code good, and how many tokens can it still buy this period? Spends
    nothing. Counted per account per day in the database before the guardian is asked (a
    wrong code costs a check like a right one), and by the guardian in its own file."""
    refused = _token_request_refusal(request, payload.guardian)
    if refused:
        return refused
    user = member(request)
    if not ratelimit.hit(
        "escrow-invite-check", str(user.pk), limit=INVITE_CHECKS_PER_DAY, window_seconds=86400
    ):
        detail = _(
            "This account has checked {limit} invite codes today, the most it can; "
            "try again tomorrow (UTC)."
        ).format(limit=INVITE_CHECKS_PER_DAY)
        return Status(429, {"detail": detail, "code": "invite_check_limit", "params": {}})
    answer = relay.relay_check_invite(
        setup=escrow_setup_or_503(),
        guardian=payload.guardian,
        account=relay.account_key(user.pk),
        code=payload.code,
    )
    if answer.get("valid") is True:
        return Status(200, answer)
    return _guardian_refusal(
        answer["status"] if answer["status"] in (400, 403, 404, 429) else 503, answer
    )
