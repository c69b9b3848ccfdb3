"""Every write in moderation: keyword-only, typed, atomic.

``moderation_act`` is the one door: no other code hides, restores, warns or suspends, and
every call writes exactly one ``ModerationAction`` (the audit record) and, when a member is
affected, one ``Notice`` to them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.accounts.services import RateLimited
from notalone.core import pagecache, ratelimit
from notalone.moderation.models import (
    APPEAL_MAX_LENGTH,
    APPEALABLE_ACTIONS,
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SEVERITY,
    SNAPSHOT_LENGTH,
    ActionKind,
    Appeal,
    AppealDecision,
    ModerationAction,
    Notice,
    Report,
    ReportReason,
)
from notalone.moderation.selectors import reportable_target
from notalone.moderation.wording import notice_text
from notalone.stories.models import ModerationStatus, Reply, Signature, Story
from notalone.stories.services import story_set_public_state

REPORTS_PER_HOUR = 30
MAX_SUSPEND_DAYS = 365
# Larger ids cannot exist and would overflow SQLite's integer: refuse them up front.
MAX_ID = 2**63 - 1
QUOTE_LENGTH = 80
_SPACES = re.compile(r"\s+")


def _one_line(text: str, length: int) -> str:
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def _check_id(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise ValidationError({field: [_("This is not a valid number.")]})
    return value


def _clean_text(text: str, *, field: str, max_length: int, empty_message: str) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: [empty_message]})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: [
                    _("Please keep this under %(max)d characters (it has %(count)d).")
                    % {"max": max_length, "count": len(text)}
                ]
            }
        )
    return text


# ---------------------------------------------------------------------------------------
# Reports


@transaction.atomic
def report_create(
    *,
    reporter: User,
    story_id: int | None = None,
    reply_id: int | None = None,
    reason: str,
    note: str = "",
) -> Report:
    """Ask the moderators to look at a story or a reply.

    Raises ``Story.DoesNotExist`` or ``Reply.DoesNotExist`` when the reporter cannot read the
    target (shown as "not found"), ``ValidationError`` for anything the reporter can fix.
    """
    if (story_id is None) == (reply_id is None):
        raise ValidationError({"target": [_("Choose one story or one reply to report.")]})
    if reason not in ReportReason.values:
        raise ValidationError(
            {
                "reason": [
                    _("Choose a reason from the list: %(reasons)s.")
                    % {"reasons": ", ".join(ReportReason.values)}
                ]
            }
        )
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
    if not ratelimit.hit("report", str(reporter.pk), limit=REPORTS_PER_HOUR, window_seconds=3600):
        raise RateLimited(
            _("You have sent many reports in the last hour. Please try again a little later.")
        )

    item = reportable_target(
        viewer=reporter,
        story_id=None if story_id is None else _check_id(story_id, "story"),
        reply_id=None if reply_id is None else _check_id(reply_id, "reply"),
    )
    target: dict[str, Any]
    if isinstance(item, Story):
        if item.author_id == reporter.pk:
            raise ValidationError(
                {
                    "story": [
                        _(
                            "This is your own story, so it cannot be reported. "
                            "You can edit or delete it from its page."
                        )
                    ]
                }
            )
        target, field = {"story": item}, "story"
    else:
        if item.author_id == reporter.pk:
            raise ValidationError(
                {"reply": [_("This is your own reply. You can delete it from the story's page.")]}
            )
        target, field = {"reply": item}, "reply"

    already = _(
        "You have already reported this, thank you. A moderator will look at it; "
        "there is no need to report it again."
    )
    if Report.objects.filter(reporter=reporter, resolved_at=None, **target).exists():
        raise ValidationError({field: [already]})
    report = Report(
        reporter=reporter, reason=reason, severity=SEVERITY[reason], note=note, **target
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # The same report sent twice at once: the first one counts.
        raise ValidationError({field: [already]}) from None
    return report


# ---------------------------------------------------------------------------------------
# The one door


@dataclass
class _Target:
    story: Story | None = None
    reply: Reply | None = None
    member: User | None = None  # the member affected, if any
    member_hidden: bool = False
    snapshot: str = ""


def _target_for(*, story: Story | None, reply: Reply | None, member: User | None) -> _Target:
    given = [t for t in (story, reply, member) if t is not None]
    if len(given) != 1:
        raise ValidationError(
            {"target": [_("Choose exactly one story, reply or member to act on.")]}
        )
    if story is not None:
        locked = (
            Story.objects.select_for_update(of=("self",)).select_related("author").get(pk=story.pk)
        )
        snapshot = f"{locked.title}: {locked.body}" if locked.title else locked.body
        return _Target(
            story=locked,
            member=locked.author,
            member_hidden=locked.signature == Signature.ANONYMOUS,
            snapshot=_one_line(snapshot, SNAPSHOT_LENGTH),
        )
    if reply is not None:
        locked_reply = (
            Reply.objects.select_for_update(of=("self",)).select_related("author").get(pk=reply.pk)
        )
        return _Target(
            reply=locked_reply,
            member=locked_reply.author,
            snapshot=_one_line(locked_reply.body, SNAPSHOT_LENGTH),
        )
    assert member is not None
    return _Target(member=User.objects.select_for_update().get(pk=member.pk))


def _appeal_target(appealed: ModerationAction) -> _Target:
    """The target of an appealed decision, as it is now (it may since have been deleted)."""
    return _Target(
        story=Story.objects.select_for_update().filter(pk=appealed.story_id).first()
        if appealed.story_id
        else None,
        reply=Reply.objects.select_for_update().filter(pk=appealed.reply_id).first()
        if appealed.reply_id
        else None,
        member=User.objects.select_for_update().filter(pk=appealed.member_id).first()
        if appealed.member_id
        else None,
        member_hidden=appealed.member_hidden,
        snapshot=appealed.target_snapshot,
    )


def _set_visibility(target: _Target, status: str, *, strict: bool) -> None:
    item: Story | Reply | None = target.story or target.reply
    if item is None:
        if strict:
            raise ValidationError({"action": [_("Choose a story or a reply to hide or restore.")]})
        return
    if item.moderation_status == status:
        if not strict:
            return
        if status == ModerationStatus.HIDDEN:
            message = _("This is already hidden. Nothing was changed.")
        else:
            message = _("This is already visible. Nothing was changed.")
        raise ValidationError({"action": [message]})
    if isinstance(item, Story):
        # The only way a story's moderation status changes: it keeps hashtag counts right.
        story_set_public_state(story=item, moderation_status=status)
    else:
        item.moderation_status = status
        item.save(update_fields=("moderation_status",))
        # Readers who are not signed in get cached pages: none may show the reply after this.
        pagecache.invalidate_on_commit()


def _suspend(target: _Target, moderator: User, suspend_days: int | None) -> datetime.datetime:
    if target.member is None:
        raise ValidationError(
            {"target": [_("The author no longer has an account, so there is no one to suspend.")]}
        )
    if (
        isinstance(suspend_days, bool)
        or not isinstance(suspend_days, int)
        or not 1 <= suspend_days <= MAX_SUSPEND_DAYS
    ):
        raise ValidationError(
            {
                "suspend_days": [
                    _("Choose how many days the suspension lasts, from 1 to %(max)d.")
                    % {"max": MAX_SUSPEND_DAYS}
                ]
            }
        )
    if target.member.is_moderator and not moderator.is_operator:
        raise PermissionDenied(_("Only an operator can suspend a moderator or an operator."))
    until = timezone.now() + datetime.timedelta(days=suspend_days)
    target.member.suspended_until = until
    target.member.save(update_fields=("suspended_until",))
    return until


@transaction.atomic
def moderation_act(
    *,
    moderator: User,
    action: str,
    reason: str,
    story: Story | None = None,
    reply: Reply | None = None,
    member: User | None = None,
    suspend_days: int | None = None,
    appeal: Appeal | None = None,
) -> ModerationAction:
    """Hide, restore, warn or suspend — or decide an appeal — and write the audit record.

    The one door for moderation state: checks the actor, requires a reason, changes the
    state, resolves the open reports on the target, writes one ``ModerationAction`` and
    tells the affected member with a ``Notice``. The appeal kinds are reached through
    ``appeal_decide``, which passes the ``appeal``; the target is then the appealed one.
    """
    if not moderator.is_moderator or not moderator.is_active:
        raise PermissionDenied(_("Only moderators can take moderation decisions."))
    if action not in ActionKind.values:
        raise ValidationError(
            {
                "action": [
                    _("Unknown action %(action)r. Choose one of: %(actions)s.")
                    % {"action": str(action)[:40], "actions": ", ".join(ActionKind.values)}
                ]
            }
        )
    reason = _clean_text(
        reason,
        field="reason",
        max_length=REASON_MAX_LENGTH,
        empty_message=_("Write the reason for this decision; the member will read it."),
    )
    is_appeal = action in (ActionKind.APPEAL_GRANTED, ActionKind.APPEAL_UPHELD)
    if is_appeal != (appeal is not None):
        raise ValidationError(
            {"action": [_("Appeals are decided from the appeals page, one appeal at a time.")]}
        )

    appealed: ModerationAction | None = None
    if appeal is not None:
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("action")
            .get(pk=appeal.pk)
        )
        if appeal.decided_at is not None:
            raise ValidationError({"appeal": [_("This appeal has already been decided.")]})
        if appeal.member_id == moderator.pk:
            raise PermissionDenied(_("Another moderator needs to decide your own appeal."))
        appealed = appeal.action
        target = _appeal_target(appealed)
    else:
        target = _target_for(story=story, reply=reply, member=member)
    if target.member is not None and target.member.pk == moderator.pk and not is_appeal:
        raise PermissionDenied(
            _("You cannot moderate your own writing or account. Please ask another moderator.")
        )

    until: datetime.datetime | None = None
    if action == ActionKind.HIDE:
        _set_visibility(target, ModerationStatus.HIDDEN, strict=True)
    elif action == ActionKind.RESTORE:
        _set_visibility(target, ModerationStatus.VISIBLE, strict=True)
    elif action == ActionKind.WARN and target.member is None:
        raise ValidationError(
            {"target": [_("The author no longer has an account, so there is no one to warn.")]}
        )
    elif action == ActionKind.SUSPEND:
        until = _suspend(target, moderator, suspend_days)
    elif action == ActionKind.APPEAL_GRANTED:
        assert appealed is not None
        _reverse(appealed, target)

    now = timezone.now()
    record = ModerationAction(
        moderator=moderator,
        moderator_name=moderator.username,
        action=action,
        story_id=target.story.pk if target.story else (appealed.story_id if appealed else None),
        reply_id=target.reply.pk if target.reply else (appealed.reply_id if appealed else None),
        member=target.member,
        member_hidden=target.member_hidden,
        target_snapshot=target.snapshot,
        reason=reason,
        suspended_until=until,
        appealed_action=appealed,
        created_at=now,
    )
    record.save()

    if not is_appeal and (target.story is not None or target.reply is not None):
        open_reports = Report.objects.filter(resolved_at=None)
        if target.story is not None:
            open_reports = open_reports.filter(story=target.story)
        else:
            open_reports = open_reports.filter(reply=target.reply)
        open_reports.update(resolved_at=now, resolution=record)

    if appeal is not None:
        appeal.decided_at = now
        appeal.decided_by = moderator
        appeal.decision = (
            AppealDecision.GRANTED if action == ActionKind.APPEAL_GRANTED else AppealDecision.UPHELD
        )
        appeal.decision_action = record
        appeal.save(update_fields=("decided_at", "decided_by", "decision", "decision_action"))

    if target.member is not None:
        appealed_label = appealed.get_action_display() if appealed else ""
        Notice.objects.create(
            member=target.member,
            action=record,
            text=notice_text(
                action,
                reason=reason,
                what=_what(target),
                on_reply=target.reply is not None,
                on_content=target.story is not None or target.reply is not None,
                until=until,
                appealed=str(appealed_label),
            ),
            created_at=now,
        )
    return record


def _what(target: _Target) -> str:
    item = target.reply or target.story
    if isinstance(item, Story):
        return _one_line(item.title or item.body, QUOTE_LENGTH)
    if isinstance(item, Reply):
        return _one_line(item.body, QUOTE_LENGTH)
    return _one_line(target.snapshot, QUOTE_LENGTH)


def _reverse(appealed: ModerationAction, target: _Target) -> None:
    """Undo an appealed decision, as far as there is still something to undo."""
    if appealed.action == ActionKind.HIDE:
        _set_visibility(target, ModerationStatus.VISIBLE, strict=False)
    elif appealed.action == ActionKind.SUSPEND and target.member is not None:
        target.member.suspended_until = None
        target.member.save(update_fields=("suspended_until",))


# ---------------------------------------------------------------------------------------
# Appeals and notices


@transaction.atomic
def appeal_create(*, member: User, action_id: int, text: str) -> Appeal:
    """Ask for a decision to be looked at again: once, by the member it was about."""
    action = ModerationAction.objects.get(pk=_check_id(action_id, "action"))
    if action.member_id != member.pk:
        raise PermissionDenied(_("Only the person this decision was about can appeal it."))
    if action.action not in APPEALABLE_ACTIONS:
        raise ValidationError({"action": [_("This decision cannot be appealed.")]})
    already = _(
        "You have already appealed this decision. A moderator will read it, and you will "
        "find their answer on your notices page."
    )
    if Appeal.objects.filter(action=action).exists():
        raise ValidationError({"action": [already]})
    text = _clean_text(
        text,
        field="text",
        max_length=APPEAL_MAX_LENGTH,
        empty_message=_("Tell the moderators, in a few words, why this decision should change."),
    )
    appeal = Appeal(action=action, member=member, text=text)
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:
        raise ValidationError({"action": [already]}) from None
    return appeal


@transaction.atomic
def appeal_decide(*, moderator: User, appeal_id: int, grant: bool, reason: str) -> Appeal:
    """Reverse (``grant``) or keep an appealed decision; logged and told to the member."""
    if not moderator.is_moderator:
        raise PermissionDenied(_("Only moderators can decide appeals."))
    appeal = Appeal.objects.get(pk=_check_id(appeal_id, "appeal"))
    moderation_act(
        moderator=moderator,
        action=ActionKind.APPEAL_GRANTED if grant else ActionKind.APPEAL_UPHELD,
        reason=reason,
        appeal=appeal,
    )
    appeal.refresh_from_db()
    return appeal


@transaction.atomic
def notice_mark_read(*, member: User, notice_ids: list[int] | None = None) -> int:
    """Mark the member's unread notices (or only those given) as read; return how many."""
    notices = Notice.objects.filter(member=member, read_at=None)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())
