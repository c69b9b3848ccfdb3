"""The moderation part of ``/api/v1``: reports, decisions, the audit log, notices, appeals.

Every decision goes through ``services.moderation_act`` (the one door that writes the audit
record), exactly as the pages do.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from notalone.accounts.auth import BearerToken, member
from notalone.accounts.models import User
from notalone.core.api import errors
from notalone.core.ids import DigitsInt
from notalone.moderation import selectors, services
from notalone.moderation.models import (
    APPEAL_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ModerationAction,
)
from notalone.stories import policy_moderation

router = Router(tags=["moderation"])

ReasonKind = Literal[
    "threat", "personal_information", "harassment", "victim_blaming", "spam", "other"
]


class ReportIn(Schema):
    """Give exactly one of story_id and reply_id (public identifiers)."""

    story_id: str | None = None
    reply_id: str | None = None
    reason: ReasonKind
    # The limits are documented from the model's declaration and checked by the service,
    # which answers 400 with the same message as the page.
    note: str = Field("", json_schema_extra={"maxLength": NOTE_MAX_LENGTH})


class ReportOut(Schema):
    story_id: str | None
    reply_id: str | None
    reason: str
    created_at: datetime.datetime


class ActionIn(Schema):
    action: Literal["hide", "restore", "warn", "suspend", "dismiss"]
    reason: str = Field(..., json_schema_extra={"maxLength": REASON_MAX_LENGTH})
    story_id: str | None = None
    reply_id: str | None = None
    suspend_days: DigitsInt | None = Field(None, ge=1, le=365)


class ActionOut(Schema):
    id: str
    action: str
    story_id: str | None
    reply_id: str | None
    reason: str
    target_snapshot: str
    moderator: str
    created_at: datetime.datetime


class LogPage(Schema):
    items: list[ActionOut]
    next_cursor: str | None


class LogQuery(Schema):
    before: str = Field("", max_length=200)


class FlagOut(Schema):
    detector: str
    version: str
    score: float
    reason: str


class QueueItemOut(Schema):
    story_id: str | None
    reply_id: str | None
    report_count: int
    severity: int
    oldest_at: datetime.datetime
    reasons: dict[str, int]
    flags: list[FlagOut]


class NoticeOut(Schema):
    id: str
    text: str
    created_at: datetime.datetime
    can_appeal: bool


class AppealIn(Schema):
    text: str = Field(..., json_schema_extra={"maxLength": APPEAL_MAX_LENGTH})


class AppealOut(Schema):
    id: str
    created_at: datetime.datetime
    decision: str


class DecideIn(Schema):
    grant: bool
    reason: str = Field(..., json_schema_extra={"maxLength": REASON_MAX_LENGTH})


def _moderator(request: HttpRequest) -> User:
    return policy_moderation.check_moderator(member(request))


def action_out(action: ModerationAction) -> dict[str, Any]:
    return {
        "id": action.public_id,
        "action": action.action,
        "story_id": action.story_ref or None,
        "reply_id": action.reply_ref or None,
        "reason": action.reason,
        "target_snapshot": action.target_snapshot,
        "moderator": action.moderator_name,
        "created_at": action.created_at,
    }


@router.post(
    "/reports", auth=BearerToken(), response={201: ReportOut, **errors(400, 401, 404, 429)}
)
def create_report(request: HttpRequest, payload: ReportIn) -> Status[Any]:
    """Report a story or a reply (give exactly one of story_id and reply_id) with a reason."""
    report = services.report_create(
        reporter=member(request),
        story_id=payload.story_id,
        reply_id=payload.reply_id,
        reason=payload.reason,
        note=payload.note,
    )
    return Status(
        201,
        {
            "story_id": payload.story_id if report.story_id else None,
            "reply_id": payload.reply_id if report.reply_id else None,
            "reason": report.reason,
            "created_at": report.created_at,
        },
    )


@router.get(
    "/moderation/queue", auth=BearerToken(), response={200: list[QueueItemOut], **errors(401, 403)}
)
def queue(request: HttpRequest) -> list[dict[str, Any]]:
    _moderator(request)
    return [
        {
            "story_id": item.story.public_id if item.story else None,
            "reply_id": item.reply.public_id if item.reply else None,
            "report_count": item.report_count,
            "severity": item.severity,
            "oldest_at": item.oldest_at,
            "reasons": {rc.reason: rc.count for rc in item.reasons},
            "flags": [
                {"detector": f.detector, "version": f.version, "score": f.score, "reason": f.reason}
                for f in item.flags
            ],
        }
        for item in selectors.moderation_queue()
    ]


@router.post(
    "/moderation/actions",
    auth=BearerToken(),
    response={201: ActionOut, **errors(400, 401, 403, 404)},
)
def act(request: HttpRequest, payload: ActionIn) -> Status[Any]:
    """Hide, restore, warn or suspend, with a reason. Give exactly one of story_id, reply_id."""
    moderator = _moderator(request)
    if (payload.story_id is None) == (payload.reply_id is None):
        raise ValidationError({"target": ["Give exactly one of story_id and reply_id."]})
    story = reply = None
    if payload.story_id is not None:
        story = policy_moderation.story_for_moderation(viewer=moderator, story_id=payload.story_id)
    else:
        reply = policy_moderation.reply_for_moderation(viewer=moderator, reply_id=payload.reply_id)
    action = services.moderation_act(
        moderator=moderator,
        action=payload.action,
        reason=payload.reason,
        story=story,
        reply=reply,
        suspend_days=payload.suspend_days,
    )
    return Status(201, action_out(action))


@router.get("/moderation/log", auth=BearerToken(), response={200: LogPage, **errors(400, 401, 403)})
def log(request: HttpRequest, query: Query[LogQuery]) -> dict[str, Any]:
    """The append-only audit log, newest first; pass next_cursor as ``before``."""
    _moderator(request)
    page = selectors.audit_log(before=query.before or None)
    return {"items": [action_out(a) for a in page.items], "next_cursor": page.next_cursor}


@router.get("/notices", auth=BearerToken(), response={200: list[NoticeOut], **errors(401)})
def notices(request: HttpRequest) -> list[dict[str, Any]]:
    """What moderators decided about my stories, replies or account, and why."""
    items = selectors.notices_for(member=member(request))
    return [
        {
            "id": item.notice.public_id,
            "text": item.text,
            "created_at": item.notice.created_at,
            "can_appeal": item.can_appeal,
        }
        for item in items
    ]


@router.post(
    "/notices/{notice_id}/appeal",
    auth=BearerToken(),
    response={201: AppealOut, **errors(400, 401, 403, 404)},
)
def appeal(request: HttpRequest, notice_id: str, payload: AppealIn) -> Status[Any]:
    """Appeal the decision a notice is about, once."""
    created = services.appeal_create(member=member(request), notice_id=notice_id, text=payload.text)
    return Status(
        201,
        {"id": created.public_id, "created_at": created.created_at, "decision": created.decision},
    )


@router.post(
    "/moderation/appeals/{appeal_id}/decision",
    auth=BearerToken(),
    response={200: AppealOut, **errors(400, 401, 403, 404)},
)
def decide(request: HttpRequest, appeal_id: str, payload: DecideIn) -> dict[str, Any]:
    decided = services.appeal_decide(
        moderator=_moderator(request),
        appeal_id=appeal_id,
        grant=payload.grant,
        reason=payload.reason,
    )
    return {"id": decided.public_id, "created_at": decided.created_at, "decision": decided.decision}
