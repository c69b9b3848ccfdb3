"""Every read in moderation that is more than a ``get``: the queue, the log, notices."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.moderation.models import (
    APPEALABLE_ACTIONS,
    SEVERITY,
    Appeal,
    ModerationAction,
    Notice,
    Report,
    ReportReason,
)
from notalone.stories.models import Reply, Story
from notalone.stories.selectors import replies_for_reader, story_for_reader

QUEUE_SIZE = 50
LOG_PAGE_SIZE = 50
NOTICES_SHOWN = 100
APPEALS_SHOWN = 50


def reportable_target(
    *, viewer: User, story_id: int | None = None, reply_id: int | None = None
) -> Story | Reply:
    """The story or reply a member wants to report, if they may read it.

    Raises ``Story.DoesNotExist`` or ``Reply.DoesNotExist`` otherwise, so a report link never
    reveals what the member could not see.
    """
    if (story_id is None) == (reply_id is None):
        raise ValidationError({"target": [_("Choose one story or one reply to report.")]})
    if story_id is not None:
        return story_for_reader(story_id=story_id, viewer=viewer)
    assert reply_id is not None
    reply = Reply.objects.select_related("story", "author").get(pk=reply_id)
    story = story_for_reader(story_id=reply.story_id, viewer=viewer)
    if not replies_for_reader(story=story, viewer=viewer).filter(pk=reply.pk).exists():
        raise Reply.DoesNotExist
    return reply


@dataclass
class ReasonCount:
    reason: str
    label: str
    count: int


@dataclass
class QueueItem:
    """One story or reply with open reports; never who reported it."""

    story: Story | None
    reply: Reply | None
    report_count: int
    severity: int
    oldest_at: datetime.datetime
    reasons: list[ReasonCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def flagged_reason(self) -> ReasonCount | None:
        """The most severe reason given, and the most often given among equals."""
        return self.reasons[0] if self.reasons else None

    @property
    def key(self) -> str:
        """A stable, unique prefix for the ids of this item's form fields."""
        return (
            f"story-{self.story.pk}"
            if self.story
            else f"reply-{self.reply.pk if self.reply else 0}"
        )


def _reasons_and_notes(reports: list[dict[str, object]]) -> tuple[list[ReasonCount], list[str]]:
    counts = Counter(str(r["reason"]) for r in reports)
    labels = dict(ReportReason.choices)
    reasons = sorted(
        (
            ReasonCount(reason=key, label=str(labels.get(key, key)), count=n)
            for key, n in counts.items()
        ),
        key=lambda rc: (-SEVERITY.get(rc.reason, 0), -rc.count, rc.reason),
    )
    notes = [str(r["note"]) for r in reports if r["note"]]
    return reasons, notes


def moderation_queue(*, limit: int = QUEUE_SIZE) -> list[QueueItem]:
    """Open reports grouped by target: the most severe first, then the longest waiting.

    At most four queries whatever the size: the groups, their stories, their replies, their reports.
    """
    groups = list(
        Report.objects.filter(resolved_at=None)
        .values("story_id", "reply_id")
        .annotate(top=Max("severity"), oldest=Min("created_at"), count=Count("id"))
        .order_by("-top", "oldest", "story_id", "reply_id")[:limit]
    )
    story_ids = [g["story_id"] for g in groups if g["story_id"]]
    reply_ids = [g["reply_id"] for g in groups if g["reply_id"]]
    stories = Story.objects.in_bulk(story_ids)
    replies = Reply.objects.select_related("author", "story").in_bulk(reply_ids)
    by_target: dict[tuple[object, object], list[dict[str, object]]] = {}
    for report in (
        Report.objects.filter(resolved_at=None)
        .filter(Q(story_id__in=story_ids) | Q(reply_id__in=reply_ids))
        .order_by("created_at")
        .values("story_id", "reply_id", "reason", "note")
    ):
        by_target.setdefault((report["story_id"], report["reply_id"]), []).append(dict(report))
    items = []
    for group in groups:
        story = stories.get(group["story_id"]) if group["story_id"] else None
        reply = replies.get(group["reply_id"]) if group["reply_id"] else None
        if story is None and reply is None:
            continue  # deleted between the two queries
        reasons, notes = _reasons_and_notes(
            by_target.get((group["story_id"], group["reply_id"]), [])
        )
        items.append(
            QueueItem(
                story=story,
                reply=reply,
                report_count=group["count"],
                severity=group["top"],
                oldest_at=group["oldest"],
                reasons=reasons,
                notes=notes,
            )
        )
    return items


@dataclass
class TargetDetail:
    story: Story | None
    reply: Reply | None
    reasons: list[ReasonCount]
    notes: list[str]
    history: list[ModerationAction]

    @property
    def key(self) -> str:
        return (
            f"story-{self.story.pk}"
            if self.story
            else f"reply-{self.reply.pk if self.reply else 0}"
        )


def moderation_target(*, story_id: int | None = None, reply_id: int | None = None) -> TargetDetail:
    """One story or reply as a moderator sees it: its open reports and its history.

    Raises ``Story.DoesNotExist`` or ``Reply.DoesNotExist`` for an unknown id.
    """
    if (story_id is None) == (reply_id is None):
        raise ValidationError({"target": [_("Choose one story or one reply.")]})
    story = reply = None
    if story_id is not None:
        story = Story.objects.get(pk=story_id)
        reports = Report.objects.filter(story=story, resolved_at=None)
        history = ModerationAction.objects.filter(story_id=story.pk, reply_id=None)
    else:
        assert reply_id is not None
        reply = Reply.objects.select_related("author", "story").get(pk=reply_id)
        reports = Report.objects.filter(reply=reply, resolved_at=None)
        history = ModerationAction.objects.filter(reply_id=reply.pk)
    reasons, notes = _reasons_and_notes(
        [dict(r) for r in reports.order_by("created_at").values("reason", "note")]
    )
    return TargetDetail(
        story=story,
        reply=reply,
        reasons=reasons,
        notes=notes,
        history=list(history.select_related("member").order_by("-id")[:50]),
    )


@dataclass
class LogPage:
    items: list[ModerationAction]
    next_cursor: int | None


def audit_log(*, before: int | None = None, limit: int = LOG_PAGE_SIZE) -> LogPage:
    """The moderation log, newest first, by keyset pagination on the id (never OFFSET)."""
    queryset = ModerationAction.objects.select_related("member").order_by("-id")
    if before is not None:
        if before < 1:
            raise ValidationError({"before": [_("This page link is not valid.")]})
        queryset = queryset.filter(id__lt=before)
    rows = list(queryset[: limit + 1])
    items = rows[:limit]
    return LogPage(items=items, next_cursor=items[-1].pk if len(rows) > limit else None)


@dataclass
class NoticeItem:
    notice: Notice
    appeal: Appeal | None
    can_appeal: bool


def notices_for(*, member: User, limit: int = NOTICES_SHOWN) -> list[NoticeItem]:
    """The member's notices, newest first, each with its appeal (if any) and whether one
    can still be made."""
    notices = (
        Notice.objects.filter(member=member)
        .select_related("action", "action__appeal")
        .order_by("-id")[:limit]
    )
    items = []
    for notice in notices:
        appeal = getattr(notice.action, "appeal", None)
        can_appeal = (
            appeal is None
            and notice.action.action in APPEALABLE_ACTIONS
            and notice.action.member_id == member.pk
        )
        items.append(NoticeItem(notice=notice, appeal=appeal, can_appeal=can_appeal))
    return items


def has_unread_notices(*, member: User) -> bool:
    return Notice.objects.filter(member=member, read_at=None).exists()


def open_appeals(*, limit: int = APPEALS_SHOWN) -> QuerySet[Appeal]:
    """Appeals waiting for a decision, the longest waiting first."""
    return (
        Appeal.objects.filter(decided_at=None)
        .select_related("action", "action__member")
        .order_by("created_at", "id")[:limit]
    )
