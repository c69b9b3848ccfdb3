"""The moderation part of ``/api/v1``: reports, decisions, the audit log, notices, appeals.

Every decision goes through ``services.moderation_act`` (the one door that writes the audit
record), exactly as the pages do.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from notalone.accounts.models import User
from notalone.api.auth import BearerToken, member
from notalone.api.errors import errors
from notalone.moderation import selectors, services
from notalone.moderation.models import ModerationAction
from notalone.stories.models import Reply, Story

router = Router(tags=["moderation"])

ReasonKind = Literal[
    "threat", "personal_information", "harassment", "victim_blaming", "spam", "other"
]


class ReportIn(Schema):
    story_id: int | None = Field(None, ge=1, le=2**62)
    reply_id: int | None = Field(None, ge=1, le=2**62)
    reason: ReasonKind
    note: str = Field("", max_length=10_000)


class ReportOut(Schema):
    id: int
    story_id: int | None
    reply_id: int | None
    reason: str
    created_at: datetime.datetime


class ActionIn(Schema):
    action: Literal["hide", "restore", "warn", "suspend"]
    reason: str = Field(..., max_length=10_000)
    story_id: int | None = Field(None, ge=1, le=2**62)
    reply_id: int | None = Field(None, ge=1, le=2**62)
    suspend_days: int | None = Field(None, ge=1, le=365)


class ActionOut(Schema):
    id: int
    action: str
    story_id: int | None
    reply_id: int | None
    reason: str
    target_snapshot: str
    moderator: str
    created_at: datetime.datetime


class LogPage(Schema):
    items: list[ActionOut]
    next_cursor: int | None


class LogQuery(Schema):
    before: int | None = Field(None, ge=1, le=2**62)


class QueueItemOut(Schema):
    story_id: int | None
    reply_id: int | None
    report_count: int
    severity: int
    oldest_at: datetime.datetime
    reasons: dict[str, int]


class NoticeOut(Schema):
    id: int
    text: str
    action_id: int
    created_at: datetime.datetime
    can_appeal: bool


class AppealIn(Schema):
    text: str = Field(..., max_length=10_000)


class AppealOut(Schema):
    id: int
    action_id: int
    created_at: datetime.datetime
    decision: str


class DecideIn(Schema):
    grant: bool
    reason: str = Field(..., max_length=10_000)


def _moderator(request: HttpRequest) -> User:
    user = member(request)
    if not user.is_moderator:
        raise PermissionDenied("Only moderators and operators can see this.")
    return user


def action_out(action: ModerationAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "action": action.action,
        "story_id": action.story_id,
        "reply_id": action.reply_id,
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
            "id": report.pk,
            "story_id": report.story_id,
            "reply_id": report.reply_id,
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
            "story_id": item.story.pk if item.story else None,
            "reply_id": item.reply.pk if item.reply else None,
            "report_count": item.report_count,
            "severity": item.severity,
            "oldest_at": item.oldest_at,
            "reasons": {rc.reason: rc.count for rc in item.reasons},
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
    story = Story.objects.get(pk=payload.story_id) if payload.story_id else None
    reply = Reply.objects.get(pk=payload.reply_id) if payload.reply_id else None
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
    page = selectors.audit_log(before=query.before)
    return {"items": [action_out(a) for a in page.items], "next_cursor": page.next_cursor}


@router.get("/notices", auth=BearerToken(), response={200: list[NoticeOut], **errors(401)})
def notices(request: HttpRequest) -> list[dict[str, Any]]:
    """What moderators decided about my stories, replies or account, and why."""
    items = selectors.notices_for(member=member(request))
    return [
        {
            "id": item.notice.pk,
            "text": item.notice.text,
            "action_id": item.notice.action_id,
            "created_at": item.notice.created_at,
            "can_appeal": item.can_appeal,
        }
        for item in items
    ]


@router.post(
    "/notices/{action_id}/appeal",
    auth=BearerToken(),
    response={201: AppealOut, **errors(400, 401, 403, 404)},
)
def appeal(request: HttpRequest, action_id: int, payload: AppealIn) -> Status[Any]:
    """Appeal a decision once."""
    created = services.appeal_create(member=member(request), action_id=action_id, text=payload.text)
    return Status(
        201,
        {
            "id": created.pk,
            "action_id": created.action_id,
            "created_at": created.created_at,
            "decision": created.decision,
        },
    )


@router.post(
    "/moderation/appeals/{appeal_id}/decision",
    auth=BearerToken(),
    response={200: AppealOut, **errors(400, 401, 403, 404)},
)
def decide(request: HttpRequest, appeal_id: int, payload: DecideIn) -> dict[str, Any]:
    decided = services.appeal_decide(
        moderator=_moderator(request),
        appeal_id=appeal_id,
        grant=payload.grant,
        reason=payload.reason,
    )
    return {
        "id": decided.pk,
        "action_id": decided.action_id,
        "created_at": decided.created_at,
        "decision": decided.decision,
    }
