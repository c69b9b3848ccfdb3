"""``/api/v1/escrow``: configuration, the evaluate relay, filing, my entries, and matches.

Bytes travel as lowercase hex. The browser's pages call these endpoints with their session
(and the CSRF token); the CLI and the tests use a bearer token.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security.base import AuthBase

from notalone.accounts.auth import BearerToken, member
from notalone.accounts.models import User
from notalone.core.api import errors
from notalone.core.csrf import NoReferrerCsrfViewMiddleware
from notalone.core.ids import DigitsInt, parse_hex, parse_public_id
from notalone.escrow import guardian_messages, relay, selectors, services
from notalone.escrow.crypto._ristretto import check_element
from notalone.escrow.crypto.errors import EscrowCryptoError
from notalone.escrow.models import EscrowEntry, EscrowMatch
from notalone.escrow.setup import EscrowNotReady, EscrowSetup, escrow_setup

router = Router(tags=["escrow"])

HEX64 = r"^[0-9a-f]{64}$"


def _refused(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=403)


class SessionMember(AuthBase):
    """The logged-in member of a page on this site, with Django's CSRF check (no-referrer-safe)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = "na_session"  # settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        check = NoReferrerCsrfViewMiddleware(_refused)
        request.csrf_processing_done = False  # type: ignore[attr-defined]
        check.process_request(request)
        if check.process_view(request, _refused, (), {}) is not None:
            return None
        return user


AUTH = [BearerToken(), SessionMember()]


class TokenIn(Schema):
    nonce: str = Field(..., pattern=HEX64)
    mac: str = Field(..., pattern=HEX64)


class EvaluateIn(Schema):
    elements: list[str] = Field(..., min_length=1, max_length=20)
    # Verified-filer mode: one token per guardian asked, keyed by the guardian's index.
    tokens: dict[DigitsInt, TokenIn] | None = None
    # Which guardians to ask (a client asking again without a guardian whose proof failed).
    guardians: list[DigitsInt] | None = Field(None, min_length=1, max_length=255)


class RedeemIn(Schema):
    guardian: DigitsInt = Field(..., ge=1, le=255)
    code: str = Field(..., pattern=r"^(?:[0-9a-f]{2}){49,200}$")
    elements: list[str] = Field(..., min_length=1, max_length=20)


class RedeemOut(Schema):
    index: int
    evaluated: list[str]
    proof: str


class EvaluateOut(Schema):
    answers: list[dict[str, Any]]


class ItemIn(Schema):
    index: str = Field(..., pattern=HEX64)
    sealed: str = Field(..., pattern=r"^[0-9a-f]{344}$")


class EntryIn(Schema):
    entry_id: str = Field(..., pattern=r"^[0-9a-f]{32}$")
    # Whole bytes only: an odd number of hex digits is a malformed request (422), not a crash.
    record_ct: str = Field(
        ..., pattern=r"^(?:[0-9a-f]{2})+$", max_length=2 * services.RECORD_CT_MAX_SIZE
    )
    items: list[ItemIn] = Field(..., min_length=1, max_length=20)


class EntryOut(Schema):
    entry_id: str
    filed_at: datetime.datetime
    status: str
    status_text: str
    identifiers: int


class MatchOut(Schema):
    id: str
    created_at: datetime.datetime
    entries: int
    new: bool


class ReleasedEntry(Schema):
    entry_id: str
    record_ct: str
    index: str
    sealed: str


class MatchDetail(Schema):
    id: str
    realm: str
    q: int
    index: str
    entries: list[ReleasedEntry]


def _setup() -> EscrowSetup:
    try:
        return escrow_setup()
    except EscrowNotReady as error:
        raise HttpError(
            503, _("The escrow is not set up on this site yet. %(reason)s") % {"reason": error}
        ) from None


def _entry_out(entry: EscrowEntry, identifiers: int) -> dict[str, Any]:
    return {
        "entry_id": bytes(entry.entry_id).hex(),
        "filed_at": entry.created_at,
        "status": entry.status,
        "status_text": entry.get_status_display(),
        "identifiers": identifiers,
    }


@router.get(
    "/config", response={200: dict[str, Any], **errors(503)}, summary="Escrow configuration"
)
def config(request: HttpRequest) -> dict[str, Any]:
    setup = _setup()
    body = setup.public()
    body["filers"] = settings.ESCROW_FILERS
    body["identifiers_per_entry"] = settings.ESCROW_IDENTIFIERS_PER_ENTRY
    if settings.ESCROW_FILERS == "verified":
        body["guardians"] = relay.token_keys(setup)
    return body


@router.post(
    "/evaluate",
    auth=AUTH,
    response={200: EvaluateOut, **errors(400, 401, 403, 429, 503)},
    summary="Relay blinded elements to the guardians",
)
def evaluate(request: HttpRequest, payload: EvaluateIn) -> Status[Any]:
    setup = _setup()
    user = member(request)
    refusal = services.escrow_filing_refusal(account=user)
    if refusal:
        return Status(403, {"detail": refusal})
    bad = _bad_elements(payload.elements)
    if bad:
        return bad
    limit = settings.ESCROW_IDENTIFIERS_PER_ENTRY
    if len(payload.elements) > limit:
        return Status(
            400,
            {
                "detail": _("An entry names the person by 1 to {limit} identifiers.").format(
                    limit=limit
                )
            },
        )
    tokens = None
    if payload.tokens is not None:
        if (
            not all(1 <= index <= setup.n for index in payload.tokens)
            or len(payload.tokens) < setup.t
        ):
            return Status(
                400,
                {
                    "detail": _("Present a token to at least {t} of the {n} guardians.").format(
                        t=setup.t, n=setup.n
                    )
                },
            )
        tokens = {i: {"nonce": t.nonce, "mac": t.mac} for i, t in payload.tokens.items()}
    if payload.guardians is not None and not all(1 <= i <= setup.n for i in payload.guardians):
        return Status(400, {"detail": _("There are {n} guardians.").format(n=setup.n)})
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
    return _relay_refusal(result.answers, needed, len(result.ok))


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
            return Status(400, {"detail": guardian_messages.invalid_element(position)})
    return None


def _relay_refusal(answers: list[dict[str, Any]], needed: int, valid: int) -> Status[Any]:
    """Too few guardians answered: the client's own error (400, 403) before a limit (429)
    before an outage (503)."""
    for status in (400, 403, 429):
        refused = [a for a in answers if a.get("status") == status]
        if refused:
            detail = guardian_messages.translated(status, refused[0]["error"])
            return Status(status, {"detail": detail + " " + _("Nothing was sent or stored.")})
    return Status(
        503,
        {
            "detail": _(
                "Only {valid} of the {needed} key guardians needed answered, so nothing was "
                "sent or stored. What you wrote is still here: try again in a few minutes."
            ).format(valid=valid, needed=needed)
        },
    )


@router.post(
    "/redeem",
    auth=AUTH,
    response={200: RedeemOut, **errors(400, 401, 403, 404, 429, 503)},
    summary="Verified-filer mode: buy a guardian's evaluation tokens with its invite code",
)
def redeem(request: HttpRequest, payload: RedeemIn) -> Status[Any]:
    setup = _setup()
    # The same account checks as filing (active, approved where required, minimum age): an
    # account that may not file may not buy tokens either.
    refusal = services.escrow_filing_refusal(account=member(request))
    if refusal:
        return Status(403, {"detail": refusal})
    if settings.ESCROW_FILERS != "verified":
        return Status(404, {"detail": _("This site's guardians do not issue tokens.")})
    if payload.guardian > setup.n:
        return Status(400, {"detail": _("There are {n} guardians.").format(n=setup.n)})
    bad = _bad_elements(payload.elements)
    if bad:
        return bad
    answer = relay.relay_redeem(
        setup=setup, guardian=payload.guardian, code=payload.code, elements=payload.elements
    )
    if "evaluated" in answer:
        return Status(200, answer)
    status = answer["status"] if answer["status"] in (400, 403, 404, 429) else 503
    return Status(status, {"detail": guardian_messages.translated(status, answer["error"])})


@router.post(
    "/entries",
    auth=AUTH,
    response={201: EntryOut, **errors(400, 401, 403, 503)},
    summary="File a sealed entry",
)
def file_entry(request: HttpRequest, payload: EntryIn) -> Status[Any]:
    _setup()
    entry = services.escrow_file(
        account=member(request),
        entry_id=bytes.fromhex(payload.entry_id),
        record_ct=bytes.fromhex(payload.record_ct),
        items=[
            services.SealedItem(bytes.fromhex(i.index), bytes.fromhex(i.sealed))
            for i in payload.items
        ],
    )
    return Status(201, _entry_out(entry, len(payload.items)))


@router.get(
    "/entries", auth=AUTH, response={200: list[EntryOut], **errors(401)}, summary="My entries"
)
def my_entries(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _entry_out(e, e.identifiers)  # type: ignore[attr-defined]
        for e in selectors.escrow_entries_of(account=member(request))
    ]


@router.delete(
    "/entries/{entry_id}",
    auth=AUTH,
    response={204: None, **errors(400, 401, 404)},
    summary="Withdraw one of my sealed entries",
)
def withdraw(request: HttpRequest, entry_id: str) -> Status[Any]:
    raw = parse_hex(entry_id, length=16)
    if raw is None:
        raise EscrowEntry.DoesNotExist
    services.escrow_withdraw(account=member(request), entry_id=raw)
    return Status(204, None)


@router.get(
    "/matches",
    auth=AUTH,
    response={200: list[MatchOut], **errors(401, 403)},
    summary="Counselor: matches",
)
def matches(request: HttpRequest) -> list[dict[str, Any]]:
    services.require_counselor(member(request))
    return [
        {
            "id": m.public_id,
            "created_at": m.created_at,
            "entries": m.entries,  # type: ignore[attr-defined]
            "new": m.fetched_at is None,
        }
        for m in selectors.escrow_matches()
    ]


@router.get(
    "/matches/{match_id}",
    auth=AUTH,
    response={200: MatchDetail, **errors(401, 403, 404, 503)},
    summary="Counselor: the entries a match released",
)
def match_detail(request: HttpRequest, match_id: str) -> dict[str, Any]:
    services.require_counselor(member(request))
    setup = _setup()
    public_id = parse_public_id(match_id)
    if public_id is None:
        raise EscrowMatch.DoesNotExist
    match = EscrowMatch.objects.get(public_id=public_id)
    items = list(selectors.escrow_released_items(match=match))
    services.escrow_match_fetched(match=match)
    return {
        "id": match.public_id,
        "realm": setup.realm.hex(),
        "q": setup.q,
        "index": bytes(match.index).hex(),
        "entries": [
            {
                "entry_id": bytes(item.entry.entry_id).hex(),
                "record_ct": bytes(item.entry.record_ct).hex(),
                "index": bytes(item.index).hex(),
                "sealed": bytes(item.sealed).hex(),
            }
            for item in items
        ],
    }
