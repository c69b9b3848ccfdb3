"""Every read in moderation that is more than a ``get``: the queue, the log, notices."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import cursors
from notalone.moderation import unread
from notalone.moderation.models import (
    APPEALABLE_ACTIONS,
    REPORT_READ,
    SEVERITY,
    Appeal,
    ModerationAction,
    Notice,
    Report,
    ReportReason,
)
from notalone.moderation.rules import appeal_refusal
from notalone.moderation.wording import flag_note_text, notice_text
from notalone.stories import policy, policy_moderation
from notalone.stories.models import Reply, Story

QUEUE_SIZE = 50
LOG_PAGE_SIZE = 50
NOTICES_SHOWN = 100
APPEALS_SHOWN = 50


def reportable_target(
    *, viewer: User, story_id: str | None = None, reply_id: str | None = None
) -> Story | Reply:
    """The story or reply a member wants to report (by public identifier), if they may read
    it. Raises ``Story.DoesNotExist`` or ``Reply.DoesNotExist`` otherwise, so a report link
    never reveals what the member could not see."""
    if (story_id is None) == (reply_id is None):
        raise ValidationError({"target": [_("Choose one story or one reply to report.")]})
    if story_id is not None:
        return policy.story_for(viewer=viewer, story_id=story_id)
    return policy.reply_for(viewer=viewer, reply_id=reply_id)


@dataclass
class ReasonCount:
    reason: str
    label: str
    count: int


@dataclass
class Flag:
    """A flag the system raised: which detector, its version, how sure, and why."""

    detector: str
    version: str
    score: float
    reason: str
    label: str
    # The detector's note, worded in the reader's language: held or published, what to do
    # (a crisis is never hidden).
    note: str = ""


@dataclass
class QueueItem:
    """One story or reply with open reports or flags; never who reported it."""

    story: Story | None
    reply: Reply | None
    report_count: int
    severity: int
    oldest_at: datetime.datetime
    reasons: list[ReasonCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    shown_author: str = ""

    @property
    def flagged_reason(self) -> ReasonCount | None:
        """The most severe reason given, and the most often given among equals."""
        return self.reasons[0] if self.reasons else None

    @property
    def key(self) -> str:
        """A stable, unique prefix for the ids of this item's form fields."""
        return _key(self.story, self.reply)


def _key(story: Story | None, reply: Reply | None) -> str:
    """A stable, unique prefix for the ids of an item's form fields."""
    return f"story-{story.public_id}" if story else f"reply-{reply.public_id if reply else ''}"


_REPORT_COLUMNS = ("reason", "note", "detector", "detector_version", "score")


def _reasons_notes_flags(
    reports: list[dict[str, object]],
) -> tuple[list[ReasonCount], list[str], list[Flag]]:
    labels = dict(ReportReason.choices)
    counts = Counter(str(r["reason"]) for r in reports)
    reasons = sorted(
        (
            ReasonCount(reason=key, label=str(labels.get(key, key)), count=n)
            for key, n in counts.items()
        ),
        key=lambda rc: (-SEVERITY.get(rc.reason, 0), -rc.count, rc.reason),
    )
    notes = [str(r["note"]) for r in reports if r["note"] and not r["detector"]]
    flags = [
        Flag(
            detector=str(r["detector"]),
            version=str(r["detector_version"]),
            score=float(r["score"] or 0),  # type: ignore[arg-type]
            reason=str(r["reason"]),
            label=str(labels.get(str(r["reason"]), r["reason"])),
            note=flag_note_text(str(r["note"] or "")),
        )
        for r in reports
        if r["detector"]
    ]
    return reasons, notes, flags


def _shown_author(story: Story | None, reply: Reply | None) -> str:
    """How the author is shown to moderators: by the same rule as to every reader."""
    if story is not None:
        return story.shown_name
    assert reply is not None
    return policy.reply_shown_name(reply, reply.story)


def moderation_queue(*, limit: int = QUEUE_SIZE) -> list[QueueItem]:
    """Open reports grouped by target: the most severe first, then the longest waiting.

    At most four queries whatever the size: the groups, their stories, their replies, their reports.
    """
    groups = list(
        Report.objects.filter(resolved_at=None)
        # Reports on a private draft wait out of the queue (policy.open_to_moderators).
        .exclude(policy.drafts_q("story__"))
        .exclude(policy.drafts_q("reply__story__"))
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
        .values("story_id", "reply_id", *_REPORT_COLUMNS)
    ):
        by_target.setdefault((report["story_id"], report["reply_id"]), []).append(dict(report))
    items = []
    for group in groups:
        story = stories.get(group["story_id"]) if group["story_id"] else None
        reply = replies.get(group["reply_id"]) if group["reply_id"] else None
        if story is None and reply is None:
            continue  # deleted between the two queries
        reasons, notes, flags = _reasons_notes_flags(
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
                flags=flags,
                shown_author=_shown_author(story, reply),
            )
        )
    return items


@dataclass
class TargetDetail:
    story: Story | None
    reply: Reply | None
    reasons: list[ReasonCount]
    notes: list[str]
    flags: list[Flag]
    history: list[ModerationAction]
    shown_author: str

    @property
    def key(self) -> str:
        return _key(self.story, self.reply)


def moderation_target(
    *, viewer: User, story_id: str | None = None, reply_id: str | None = None
) -> TargetDetail:
    """One story or reply (by public identifier) as a moderator sees it: its open reports
    and flags, and its history. ``Story.DoesNotExist`` or ``Reply.DoesNotExist`` for an
    unknown one; ``PermissionDenied`` for anyone but a moderator."""
    if (story_id is None) == (reply_id is None):
        raise ValidationError({"target": [_("Choose one story or one reply.")]})
    story = reply = None
    if story_id is not None:
        story = policy_moderation.story_for_moderation(viewer=viewer, story_id=story_id)
        reports = Report.objects.filter(story=story, resolved_at=None)
        history = ModerationAction.objects.filter(story_ref=story.public_id, reply_ref="")
    else:
        reply = policy_moderation.reply_for_moderation(viewer=viewer, reply_id=reply_id)
        reports = Report.objects.filter(reply=reply, resolved_at=None)
        history = ModerationAction.objects.filter(reply_ref=reply.public_id)
    reasons, notes, flags = _reasons_notes_flags(
        [dict(r) for r in reports.order_by("created_at").values(*_REPORT_COLUMNS)]
    )
    return TargetDetail(
        story=story,
        reply=reply,
        reasons=reasons,
        notes=notes,
        flags=flags,
        history=list(history.select_related("member").order_by("-id")[:50]),
        shown_author=_shown_author(story, reply),
    )


@dataclass
class LogPage:
    items: list[ModerationAction]
    next_cursor: str | None


_LOG_CURSOR = "moderation-log"


def audit_log(*, before: str | None = None, limit: int = LOG_PAGE_SIZE) -> LogPage:
    """The moderation log, newest first, by keyset pagination (never OFFSET) with a sealed
    cursor (``core.cursors``)."""
    queryset = ModerationAction.objects.select_related("member").order_by("-id")
    if before:
        position = cursors.open_sealed(_LOG_CURSOR, before, 1)
        if position is None:
            raise ValidationError({"before": [_("This page link is not valid.")]})
        queryset = queryset.filter(id__lt=position[0])
    rows = list(queryset[: limit + 1])
    items = rows[:limit]
    more = len(rows) > limit
    return LogPage(
        items=items, next_cursor=cursors.seal(_LOG_CURSOR, items[-1].pk) if more else None
    )


@dataclass
class NoticeItem:
    notice: Notice
    text: str
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
        # A reporter's notice points at the same decision as its author's: the appeal, if
        # any, is the author's, and nothing about it is shown to anyone else.
        about_them = notice.action.member_id == member.pk and notice.kind != REPORT_READ
        appeal = getattr(notice.action, "appeal", None) if about_them else None
        can_appeal = about_them and appeal is None and notice.action.action in APPEALABLE_ACTIONS
        items.append(
            NoticeItem(
                notice=notice, text=notice_text(notice), appeal=appeal, can_appeal=can_appeal
            )
        )
    return items


def has_unread_notices(*, member: User, read: Callable[[str], Any] | None = None) -> bool:
    """From the cache, cleared by every change of the member's notices (moderation/unread.py);
    ``read``: a request's reader of keys it read ahead (``core.requestcache``)."""
    return unread.has_unread(member.pk, read)


@dataclass
class AppealItem:
    appeal: Appeal
    # Why the viewer may not decide it ("" when they may), said on the page.
    refusal: str


def open_appeals(*, viewer: User, limit: int = APPEALS_SHOWN) -> list[AppealItem]:
    """Appeals waiting for a decision, the longest waiting first, each with whether the
    viewer may decide it (``moderation.rules``)."""
    appeals = (
        Appeal.objects.filter(decided_at=None)
        .select_related("action", "action__member")
        .order_by("created_at", "id")[:limit]
    )
    return [AppealItem(appeal=a, refusal=appeal_refusal(viewer, a)) for a in appeals]
