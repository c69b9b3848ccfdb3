"""Data export and account deletion, registered in apps.py through accounts.registry."""

from __future__ import annotations

import datetime
from typing import Any

from notalone.accounts.models import User
from notalone.moderation.models import Appeal, ModerationAction, Notice, Report
from notalone.moderation.wording import notice_text


def _when(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_member(user: User) -> dict[str, list[dict[str, Any]]]:
    """The member's reports, notices and appeals. Never a moderator's name."""
    return {
        "reports_made": [
            {
                "story_id": r.story.public_id if r.story else None,
                "reply_id": r.reply.public_id if r.reply else None,
                "reason": r.reason,
                "note": r.note,
                "created_at": _when(r.created_at),
                "resolved_at": _when(r.resolved_at),
            }
            for r in Report.objects.filter(reporter=user)
            .select_related("story", "reply")
            .order_by("id")
        ],
        "notices": [
            {
                "text": notice_text(n),
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
            }
            for n in Notice.objects.filter(member=user).order_by("id")
        ],
        "appeals": [
            {
                "text": a.text,
                "created_at": _when(a.created_at),
                "decision": a.decision,
                "decided_at": _when(a.decided_at),
            }
            for a in Appeal.objects.filter(member=user).order_by("id")
        ],
    }


def erase_member(user: User, keep_stories: bool) -> None:
    """Account deletion: the member's reports, notices and appeals go; the audit log keeps
    each decision but no longer points to them (see ModerationActionQuerySet.forget_member)."""
    Report.objects.filter(reporter=user).delete()
    Notice.objects.filter(member=user).delete()
    Appeal.objects.filter(member=user).delete()
    ModerationAction.objects.filter(member=user).forget_member(keep_story_text=keep_stories)
