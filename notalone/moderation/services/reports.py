"""Reports from members, and flags raised by the system (rules and classifiers)."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import ratelimit
from notalone.core.ratelimit import RateLimited
from notalone.core.textrules import cluster_problem
from notalone.moderation.models import NOTE_MAX_LENGTH, SEVERITY, Report, ReportReason
from notalone.moderation.selectors import reportable_target
from notalone.safety import guard
from notalone.stories import policy
from notalone.stories.models import Reply, Story

# 30 reports an hour per member: enough for anyone reporting in good faith.
REPORTS_PER_HOUR = 30
DETECTOR_MAX_LENGTH = 60
VERSION_MAX_LENGTH = 20
# Above every reason's severity: a report on a reply the reply guard could not read.
UNREAD_REPLY_SEVERITY = max(SEVERITY.values()) + 1


def _check_reason(reason: str) -> None:
    if reason not in ReportReason.values:
        raise ValidationError(
            {
                "reason": [
                    _("Choose a reason from the list: %(reasons)s.")
                    % {"reasons": ", ".join(ReportReason.values)}
                ]
            }
        )


def _check_note(note: str) -> str:
    note = note.replace("\x00", "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": [
                    _("Please keep the note under %(max)d characters (it has %(count)d).")
                    % {"max": NOTE_MAX_LENGTH, "count": len(note)}
                ]
            }
        )
    problem = cluster_problem(note)
    if problem:
        raise ValidationError({"note": [problem]})
    return note


@transaction.atomic
def report_create(
    *,
    reporter: User,
    story_id: str | None = None,
    reply_id: str | None = None,
    reason: str,
    note: str = "",
) -> Report:
    """Ask the moderators to look at a story or a reply (by its public identifier).

    Raises ``Story.DoesNotExist`` or ``Reply.DoesNotExist`` when the reporter cannot read the
    target (shown as "not found"), ``ValidationError`` for anything the reporter can fix and
    ``RateLimited`` after too many reports.
    """
    _check_reason(reason)
    note = _check_note(note)
    if not ratelimit.hit("report", str(reporter.pk), limit=REPORTS_PER_HOUR, window_seconds=3600):
        raise RateLimited(
            _("You have sent many reports in the last hour. Please try again a little later.")
        )
    item = reportable_target(viewer=reporter, story_id=story_id, reply_id=reply_id)
    field = "story" if isinstance(item, Story) else "reply"
    if item.author_id == reporter.pk:
        own = (
            _(
                "This is your own story, so it cannot be reported. "
                "You can edit or delete it from its page."
            )
            if field == "story"
            else _("This is your own reply. You can delete it from the story's page.")
        )
        raise ValidationError({field: [own]})
    already = _(
        "You have already reported this, thank you. A moderator will look at it; "
        "there is no need to report it again."
    )
    if Report.objects.filter(reporter=reporter, resolved_at=None, **{field: item}).exists():
        raise ValidationError({field: [already]})
    severity = SEVERITY[reason]
    if isinstance(item, Reply) and not guard.covers(item.body):
        # No detector read these words: a member's report on them goes to the queue first.
        severity = UNREAD_REPLY_SEVERITY
    report = Report(reporter=reporter, reason=reason, severity=severity, note=note, **{field: item})
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # The same report sent twice at once: the first one counts.
        raise ValidationError({field: [already]}) from None
    return report


@transaction.atomic
def flag_raise(
    *,
    story: Story | None = None,
    reply: Reply | None = None,
    reason: str,
    score: float,
    detector: str,
    detector_version: str,
    note: str = "",
) -> Report | None:
    """A rule or a classifier asks the moderators to look at a story or a reply.

    ``reason`` is a report reason code, ``score`` how sure the detector is (0 to 1),
    ``detector`` and ``detector_version`` name what raised it; the queue shows all three.
    Idempotent: while a flag from the same detector on the same target is open, that flag is
    returned (with the higher of the two scores), so an event handled twice flags once.
    None when the story policy keeps the target from moderators (a private draft, or a reply
    on one: ``policy.open_to_moderators``), read as it is now, under a lock: a detector that
    loaded the story before its author made it private raises nothing.
    """
    if (story is None) == (reply is None):
        raise ValueError("flag exactly one story or one reply")
    _check_reason(reason)
    if not (isinstance(score, int | float) and math.isfinite(score) and 0 <= score <= 1):
        raise ValueError(f"a score is between 0 and 1, not {score!r}")
    if not 0 < len(detector) <= DETECTOR_MAX_LENGTH or len(detector_version) > VERSION_MAX_LENGTH:
        raise ValueError("name the detector (at most 60 characters) and its version (20)")
    target: dict[str, Story | Reply | None] = (
        {"story": story} if story is not None else {"reply": reply}
    )
    flag = Report(
        detector=detector,
        detector_version=detector_version,
        score=float(score),
        reason=reason,
        severity=SEVERITY[reason],
        note=_check_note(note),
        **target,
    )
    # Its own transaction: detectors call this outside one (events: own_transactions).
    story_pk = story.pk if story is not None else (reply.story_id if reply is not None else 0)
    with transaction.atomic():
        now = Story.objects.select_for_update().filter(pk=story_pk).only("visibility").first()
        if now is None or not policy.open_to_moderators(now):
            return None
        return _flag_once(flag, target, float(score))


def _flag_once(flag: Report, target: dict[str, Story | Reply | None], score: float) -> Report:
    """The open flag of this detector on this target (its score raised), or ``flag`` saved."""
    existing = (
        Report.objects.select_for_update()
        .filter(reporter=None, detector=flag.detector, resolved_at=None, **target)
        .first()
    )
    if existing is not None:
        if existing.score is None or score > existing.score:
            existing.score = score
            existing.save(update_fields=("score",))
        return existing
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        # Raised at the same moment by another worker: that one counts.
        return Report.objects.get(reporter=None, detector=flag.detector, resolved_at=None, **target)
    return flag
