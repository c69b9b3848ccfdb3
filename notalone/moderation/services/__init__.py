"""Every write in moderation: keyword-only, typed, atomic.

``moderation_act`` is the one door: no other code hides, restores, warns or suspends, and
every call writes exactly one ``ModerationAction`` (the audit record) and, when a member is
affected, one ``Notice`` to them. Reports come from members (``report_create``) and from the
system's rules and classifiers (``flag_raise``).
"""

from notalone.moderation.services.appeals import appeal_create, appeal_decide, notice_mark_read
from notalone.moderation.services.decisions import MAX_SUSPEND_DAYS, moderation_act
from notalone.moderation.services.reports import REPORTS_PER_HOUR, flag_raise, report_create

__all__ = [
    "MAX_SUSPEND_DAYS",
    "REPORTS_PER_HOUR",
    "appeal_create",
    "appeal_decide",
    "flag_raise",
    "moderation_act",
    "notice_mark_read",
    "report_create",
]
