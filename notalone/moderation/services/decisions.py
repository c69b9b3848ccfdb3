"""The one door: hide, restore, warn, suspend or keep, or decide an appeal, with its audit
record.

``moderation_act`` is a short sequence of small steps below: check the actor and the request,
find and lock the target, change its state, write the record, close what the decision
settles, and tell the member (never for "keep it": the report does not apply) and whoever
reported it (that it was read, and whether action was taken).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import pagecache
from notalone.moderation.models import (
    REASON_MAX_LENGTH,
    SNAPSHOT_LENGTH,
    ActionKind,
    Appeal,
    ModerationAction,
)
from notalone.moderation.rules import appeal_refusal
from notalone.moderation.services._notices import Target, notify, settle
from notalone.moderation.services._text import clean_text, one_line
from notalone.stories import events, policy
from notalone.stories.models import EventKind, ModerationStatus, Reply, Story
from notalone.stories.services import story_set_public_state

MAX_SUSPEND_DAYS = 365
APPEAL_KINDS = (ActionKind.APPEAL_GRANTED, ActionKind.APPEAL_UPHELD)


def _check_request(moderator: User, action: str, reason: str) -> str:
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
    return clean_text(
        reason,
        field="reason",
        max_length=REASON_MAX_LENGTH,
        empty_message=(
            _("Write why the report does not apply; it is kept in the log.")
            if action == ActionKind.DISMISS
            else _("Write the reason for this decision; the member will read it.")
        ),
    )


def _check_open_to_moderators(story: Story) -> None:
    """Made private since the moderator opened it: nothing is done, nothing is logged."""
    if not policy.open_to_moderators(story):
        raise ValidationError(
            {
                "target": [
                    _(
                        "Its author has made this story a private draft: only they can read "
                        "it now. Nothing was done."
                    )
                ]
            }
        )


def _target_for(*, story: Story | None, reply: Reply | None, member: User | None) -> Target:
    if len([t for t in (story, reply, member) if t is not None]) != 1:
        raise ValidationError(
            {"target": [_("Choose exactly one story, reply or member to act on.")]}
        )
    if story is not None:
        locked = (
            Story.objects.select_for_update(of=("self",)).select_related("author").get(pk=story.pk)
        )
        _check_open_to_moderators(locked)
        text = f"{locked.title}: {locked.body}" if locked.title else locked.body
        return Target(
            story=locked,
            member=locked.author,
            member_hidden=policy.signed_anonymously(locked),
            snapshot=one_line(text, SNAPSHOT_LENGTH),
            story_ref=locked.public_id,
        )
    if reply is not None:
        locked_reply = (
            Reply.objects.select_for_update(of=("self",))
            .select_related("author", "story")
            .get(pk=reply.pk)
        )
        _check_open_to_moderators(locked_reply.story)
        return Target(
            reply=locked_reply,
            member=locked_reply.author,
            member_hidden=policy.reply_by_anonymous_author(locked_reply, locked_reply.story),
            snapshot=one_line(locked_reply.body, SNAPSHOT_LENGTH),
            story_ref=locked_reply.story.public_id,
            reply_ref=locked_reply.public_id,
        )
    assert member is not None
    return Target(member=User.objects.select_for_update().get(pk=member.pk))


def _lock_appeal(appeal: Appeal, moderator: User) -> tuple[Appeal, ModerationAction]:
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("action").get(pk=appeal.pk)
    )
    if appeal.decided_at is not None:
        raise ValidationError({"appeal": [_("This appeal has already been decided.")]})
    refusal = appeal_refusal(moderator, appeal)
    if refusal:
        raise PermissionDenied(refusal)
    return appeal, appeal.action


def _appeal_target(appealed: ModerationAction) -> Target:
    """The target of an appealed decision, as it is now (it may since have been deleted)."""
    story = reply = member = None
    if appealed.reply_ref:
        reply = Reply.objects.select_for_update().filter(public_id=appealed.reply_ref).first()
    elif appealed.story_ref:
        story = Story.objects.select_for_update().filter(public_id=appealed.story_ref).first()
    if appealed.member_id:
        member = User.objects.select_for_update().filter(pk=appealed.member_id).first()
    return Target(
        story=story,
        reply=reply,
        member=member,
        member_hidden=appealed.member_hidden,
        snapshot=appealed.target_snapshot,
        story_ref=appealed.story_ref,
        reply_ref=appealed.reply_ref,
    )


def _set_visibility(target: Target, status: str, *, strict: bool) -> None:
    item = target.content
    if item is None:
        if strict:
            raise ValidationError({"action": [_("Choose a story or a reply to hide or restore.")]})
        return
    if item.moderation_status == status:
        if not strict:
            return
        message = (
            _("This is already hidden. Nothing was changed.")
            if status == ModerationStatus.HIDDEN
            else _("This is already visible. Nothing was changed.")
        )
        raise ValidationError({"action": [message]})
    if isinstance(item, Story):
        # The only way a story's moderation status changes: it keeps feeds and counts right.
        story_set_public_state(story=item, moderation_status=status)
        return
    item.moderation_status = status
    item.save(update_fields=("moderation_status",))
    # Readers who are not signed in get cached pages: none may show the reply after this.
    pagecache.invalidate_on_commit()
    hidden = status == ModerationStatus.HIDDEN
    events.record(
        EventKind.REPLY_HIDDEN if hidden else EventKind.REPLY_RESTORED,
        story_pk=item.story_id,
        reply_pk=item.pk,
    )


def _suspend(target: Target, moderator: User, suspend_days: int | None) -> datetime.datetime:
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
    if target.member_hidden and not moderator.is_operator:
        # Asked of every anonymous author alike: refusing only when the author is staff
        # would tell the moderator that a colleague wrote the story.
        raise PermissionDenied(_("Only an operator can suspend the author of anonymous writing."))
    if target.member.is_moderator and not moderator.is_operator:
        raise PermissionDenied(_("Only an operator can suspend a moderator or an operator."))
    until = timezone.now() + datetime.timedelta(days=suspend_days)
    target.member.suspended_until = until
    target.member.save(update_fields=("suspended_until",))
    return until


def _reverse(appealed: ModerationAction, target: Target) -> None:
    """Undo an appealed decision, as far as there is still something to undo."""
    if appealed.action == ActionKind.HIDE:
        _set_visibility(target, ModerationStatus.VISIBLE, strict=False)
    elif appealed.action == ActionKind.SUSPEND and target.member is not None:
        target.member.suspended_until = None
        target.member.save(update_fields=("suspended_until",))


def _apply(
    action: str,
    target: Target,
    moderator: User,
    suspend_days: int | None,
    appealed: ModerationAction | None,
) -> datetime.datetime | None:
    """Change the state the decision is about; return the end of a suspension, if any."""
    if action == ActionKind.HIDE:
        _set_visibility(target, ModerationStatus.HIDDEN, strict=True)
    elif action == ActionKind.RESTORE:
        _set_visibility(target, ModerationStatus.VISIBLE, strict=True)
    elif action == ActionKind.WARN and target.member is None:
        raise ValidationError(
            {"target": [_("The author no longer has an account, so there is no one to warn.")]}
        )
    elif action == ActionKind.SUSPEND:
        return _suspend(target, moderator, suspend_days)
    elif action == ActionKind.DISMISS and target.content is None:
        raise ValidationError(
            {"action": [_("Only a reported story or reply can be kept as it is.")]}
        )
    elif action == ActionKind.APPEAL_GRANTED:
        assert appealed is not None
        _reverse(appealed, target)
    return None


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

    Checks the actor, requires a reason, changes the state, resolves the open reports on the
    target, writes one ``ModerationAction`` and tells the affected member with a ``Notice``.
    The appeal kinds are reached through ``appeal_decide``, which passes the ``appeal``; the
    target is then the appealed one. ``PermissionDenied`` for an actor who may not decide,
    ``ValidationError`` for anything the moderator can fix.
    """
    reason = _check_request(moderator, action, reason)
    if (action in APPEAL_KINDS) != (appeal is not None):
        raise ValidationError(
            {"action": [_("Appeals are decided from the appeals page, one appeal at a time.")]}
        )
    appealed: ModerationAction | None = None
    if appeal is not None:
        appeal, appealed = _lock_appeal(appeal, moderator)
        target = _appeal_target(appealed)
    else:
        target = _target_for(story=story, reply=reply, member=member)
        if target.member is not None and target.member.pk == moderator.pk:
            raise PermissionDenied(
                _("You cannot moderate your own writing or account. Please ask another moderator.")
            )
    until = _apply(action, target, moderator, suspend_days, appealed)
    record = ModerationAction(
        moderator=moderator,
        moderator_name=moderator.username,
        action=action,
        story_ref=target.story_ref,
        reply_ref=target.reply_ref,
        member=target.member,
        member_hidden=target.member_hidden,
        target_snapshot=target.snapshot,
        reason=reason,
        suspended_until=until,
        appealed_action=appealed,
        created_at=timezone.now(),
    )
    record.save()
    settle(target, record, appeal)
    notify(target, record, until, appealed)
    return record
