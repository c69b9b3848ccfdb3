"""Who may decide an appeal: written once, for the one door and the appeals page alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from notalone.accounts.models import Role, User
from notalone.moderation.models import Appeal


def appeal_refusal(moderator: User, appeal: Appeal) -> str:
    """Why ``moderator`` may not decide ``appeal`` ("" when they may).

    An appeal is a second look, so the moderator who took the decision never decides it, nor
    does the member who appealed. Another moderator does; on a site with a single moderator,
    an operator does.
    """
    if not moderator.is_moderator or not moderator.is_active:
        return _("Only moderators can decide appeals.")
    if appeal.member_id == moderator.pk:
        return _("Another moderator needs to decide your own appeal.")
    if appeal.action.moderator_id == moderator.pk:
        if not _someone_else_can_decide(appeal):
            return _(
                "You took this decision, so someone else must decide its appeal, and this site has no other moderator or operator yet. An operator can add one."
            )
        return _(
            "You took this decision, so another moderator decides its appeal (or an operator, where there is only one moderator)."
        )
    return ""


def _someone_else_can_decide(appeal: Appeal) -> bool:
    excluded = [appeal.action.moderator_id]
    if not appeal.action.member_hidden:
        # Leaving out the appellant only when their name is shown: for anonymous writing,
        # the answer would tell the moderator whether the author is staff.
        excluded.append(appeal.member_id)
    excluded = [pk for pk in excluded if pk is not None]
    return (
        User.objects.filter(is_active=True, role__in=(Role.MODERATOR, Role.OPERATOR))
        .exclude(pk__in=excluded)
        .exists()
    )
