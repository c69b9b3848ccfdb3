"""``/api/v1/escrow``: configuration, the evaluate relay, filing, my entries, and matches.

Bytes travel as lowercase hex. The browser's pages call these endpoints with their session
(and the CSRF token); the CLI and the tests use a bearer token.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security.base import AuthBase

from notalone.accounts.models import User
from notalone.api.auth import BearerToken, member
from notalone.api.errors import errors
from notalone.core.csrf import NoReferrerCsrfViewMiddleware
from notalone.escrow import relay, selectors, services
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


class EvaluateIn(Schema):
    elements: list[str] = Field(..., min_length=1, max_length=20)


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
    id: int
    created_at: datetime.datetime
    entries: int
    new: bool


class ReleasedEntry(Schema):
    entry_id: str
    record_ct: str
    index: str
    sealed: str


class MatchDetail(Schema):
    id: int
    realm: str
    q: int
    index: str
    entries: list[ReleasedEntry]


def _setup() -> EscrowSetup:
    try:
        return escrow_setup()
    except EscrowNotReady as error:
        raise HttpError(503, f"The escrow is not set up on this site yet. {error}") from None


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
    return _setup().public()


@router.post(
    "/evaluate",
    auth=AUTH,
    response={200: EvaluateOut, **errors(401, 403, 429, 503)},
    summary="Relay blinded elements to the guardians",
)
def evaluate(request: HttpRequest, payload: EvaluateIn) -> Status[Any]:
    setup = _setup()
    user = member(request)
    refusal = services.escrow_filing_refusal(account=user)
    if refusal:
        return Status(403, {"detail": refusal})
    if any(len(e) != 64 or e.strip("0123456789abcdef") for e in payload.elements):
        return Status(
            422, {"detail": "elements: each blinded element is 64 lowercase hex characters"}
        )
    result = relay.relay_evaluate(
        setup=setup, account=relay.account_key(user.pk), elements=payload.elements
    )
    if len(result.ok) >= setup.t:
        return Status(200, {"answers": result.answers})
    refused = [a for a in result.answers if a.get("status") == 429]
    if refused:
        return Status(429, {"detail": refused[0]["error"] + " Nothing was sent or stored."})
    return Status(
        503,
        {
            "detail": f"Only {len(result.ok)} of the {setup.t} key guardians needed answered, so "
            "nothing was sent or stored. What you wrote is still here: try again in a few minutes."
        },
    )


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
    try:
        raw = bytes.fromhex(entry_id)
    except ValueError:
        raise EscrowEntry.DoesNotExist from None
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
            "id": m.pk,
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
def match_detail(request: HttpRequest, match_id: int) -> dict[str, Any]:
    services.require_counselor(member(request))
    setup = _setup()
    match = get_object_or_404(EscrowMatch, pk=match_id)
    items = list(selectors.escrow_released_items(match=match))
    services.escrow_match_fetched(match=match)
    return {
        "id": match.pk,
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
