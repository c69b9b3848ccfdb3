"""What a moderation decision leaves behind: the target it was taken on, the notice to the
member affected (worded when they read it, in their language), and the reports it settles,
whose reporters hear that they were read and nothing more."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from notalone.accounts.models import User
from notalone.moderation import unread
from notalone.moderation.models import (
    ACTIONS_TAKEN,
    REPORT_READ,
    ActionKind,
    Appeal,
    AppealDecision,
    ModerationAction,
    Notice,
    Report,
)
from notalone.moderation.services._text import one_line
from notalone.stories.models import Reply, Story

QUOTE_LENGTH = 80


@dataclass
class Target:
    story: Story | None = None
    reply: Reply | None = None
    member: User | None = None  # the member affected, if any
    # True when the target is signed anonymously: its author is never shown, not even here.
    member_hidden: bool = False
    snapshot: str = ""
    story_ref: str = ""
    reply_ref: str = ""

    @property
    def content(self) -> Story | Reply | None:
        return self.reply or self.story


def quote(target: Target) -> str:
    item = target.content
    if isinstance(item, Story):
        return one_line(item.title or item.body, QUOTE_LENGTH)
    if isinstance(item, Reply):
        return one_line(item.body, QUOTE_LENGTH)
    return one_line(target.snapshot, QUOTE_LENGTH)


def notify(
    target: Target,
    record: ModerationAction,
    until: datetime.datetime | None,
    appealed: ModerationAction | None,
) -> None:
    """Tell the member, as data: the notice is worded when they read it, in their language.
    Not for "keep it": the author is never told that they were reported for nothing."""
    if target.member is None or record.action == ActionKind.DISMISS:
        return
    Notice.objects.create(
        member=target.member,
        action=record,
        kind=record.action,
        params={
            "what": quote(target),
            "reason": record.reason,
            "on_reply": target.reply is not None or bool(target.reply_ref),
            "on_content": target.content is not None,
            "until": until.isoformat() if until else None,
            "appealed": appealed.action if appealed else "",
        },
        created_at=record.created_at,
    )


def settle(target: Target, record: ModerationAction, appeal: Appeal | None) -> None:
    """Close what the decision settles: the open reports on its target, or the appeal."""
    if appeal is not None:
        appeal.decided_at = record.created_at
        appeal.decided_by = record.moderator
        granted = record.action == ActionKind.APPEAL_GRANTED
        appeal.decision = AppealDecision.GRANTED if granted else AppealDecision.UPHELD
        appeal.decision_action = record
        appeal.save(update_fields=("decided_at", "decided_by", "decision", "decision_action"))
        return
    if target.content is None:
        return
    field = "reply" if target.reply is not None else "story"
    settled = Report.objects.filter(resolved_at=None, **{field: target.content})
    reporters = first_report_per_reporter(settled.exclude(reporter=None), target.member)
    settled.update(resolved_at=record.created_at, resolution=record)
    tell_reporters(reporters, target, record)


def first_report_per_reporter(
    reports: QuerySet[Report], author: User | None
) -> list[tuple[int, datetime.datetime]]:
    first: dict[int, datetime.datetime] = {}
    for reporter_id, created_at in reports.order_by("created_at").values_list(
        "reporter_id", "created_at"
    ):
        if author is None or reporter_id != author.pk:
            first.setdefault(reporter_id, created_at)
    return list(first.items())


def tell_reporters(
    reporters: list[tuple[int, datetime.datetime]], target: Target, record: ModerationAction
) -> None:
    """Each member whose report the decision settles hears that it was read and whether
    action was taken: nothing about the member it was about, nor what was decided."""
    unread.forget(reporter_id for reporter_id, _ in reporters)  # bulk_create sends no signal
    Notice.objects.bulk_create(
        Notice(
            member_id=reporter_id,
            action=record,
            kind=REPORT_READ,
            params={
                "reported_at": reported_at.isoformat(),
                "on_reply": target.reply is not None,
                "action_taken": record.action in ACTIONS_TAKEN,
            },
            created_at=record.created_at,
        )
        for reporter_id, reported_at in reporters
    )
