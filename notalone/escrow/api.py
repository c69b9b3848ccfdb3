"""``/api/v1/escrow``: configuration, the evaluate relay, filing, my entries, and matches.

Bytes travel as lowercase hex. The browser's pages call these endpoints with their session
(and the CSRF token); the CLI and the tests use a bearer token.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from notalone.accounts.auth import member
from notalone.core.api import errors
from notalone.core.ids import parse_hex, parse_public_id
from notalone.escrow import api_relay, relay, selectors, services
from notalone.escrow.api_common import AUTH, HEX64, CodedError, version_refusal
from notalone.escrow.api_common import escrow_setup_or_503 as _setup
from notalone.escrow.models import EscrowEntry, EscrowMatch

router = Router(tags=["escrow"])
router.add_router("", api_relay.router)


class ItemIn(Schema):
    index: str = Field(..., pattern=HEX64)
    sealed: str = Field(..., pattern=r"^[0-9a-f]{344}$")


class EntryIn(Schema):
    # The protocol version the client speaks (ESCROW_PROTOCOL.md §14): any other is refused.
    version: int | None = None
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
    # Which of the entry's identifiers matched (0 = the first written): the counselor finds it
    # in the record's ``named`` and ``typed`` lists, which are in the same order.
    position: int


class MatchDetail(Schema):
    id: str
    realm: str
    q: int
    index: str
    entries: list[ReleasedEntry]


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
    "/entries",
    auth=AUTH,
    response={201: EntryOut, 400: CodedError, **errors(401, 403, 503)},
    summary="File a sealed entry",
)
def file_entry(request: HttpRequest, payload: EntryIn) -> Status[Any]:
    _setup()
    old = version_refusal(payload.version)
    if old:
        return Status(400, old)
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
                "position": item.position,
            }
            for item in items
        ],
    }
