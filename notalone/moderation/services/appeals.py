"""Appeals (a second look at a decision) and marking notices read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core.ids import parse_public_id
from notalone.moderation import unread
from notalone.moderation.models import (
    APPEAL_MAX_LENGTH,
    APPEALABLE_ACTIONS,
    ActionKind,
    Appeal,
    Notice,
)
from notalone.moderation.services._text import clean_text
from notalone.moderation.services.decisions import moderation_act


@transaction.atomic
def appeal_create(*, member: User, notice_id: str, text: str) -> Appeal:
    """Ask for the decision a notice told the member about to be looked at again, once.

    ``Notice.DoesNotExist`` for a notice that is not the member's (as for one that does not
    exist); ``ValidationError`` when it cannot or need not be appealed."""
    public_id = parse_public_id(notice_id)
    if public_id is None:
        raise Notice.DoesNotExist
    notice = Notice.objects.select_related("action").get(public_id=public_id, member=member)
    action = notice.action
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
    text = clean_text(
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
def appeal_decide(*, moderator: User, appeal_id: str, grant: bool, reason: str) -> Appeal:
    """Reverse (``grant``) or keep an appealed decision; logged and told to the member.
    Decided by someone other than whoever took the decision (``moderation.rules``)."""
    if not moderator.is_moderator:
        raise PermissionDenied(_("Only moderators can decide appeals."))
    public_id = parse_public_id(appeal_id)
    if public_id is None:
        raise Appeal.DoesNotExist
    appeal = Appeal.objects.get(public_id=public_id)
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
    unread.forget([member.pk])  # update() sends no signal
    return notices.update(read_at=timezone.now())
