"""Solidarity: "me too", "I believe you" and "sending strength" on a story."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.stories import policy
from notalone.stories.models import Reaction, ReactionKind, Story

COUNT_FIELD = {
    ReactionKind.ME_TOO: "me_too_count",
    ReactionKind.I_BELIEVE_YOU: "i_believe_you_count",
    ReactionKind.SENDING_STRENGTH: "sending_strength_count",
}


@transaction.atomic
def reaction_set(*, story_id: str, member: User, kind: str, on: bool) -> Story:
    """Say (or take back) a reaction; saying it twice counts once.

    ``story_id`` is the story's public identifier. ``Story.DoesNotExist`` when the member may
    not see the story (blocks included), ``PermissionDenied`` while suspended.
    """
    if kind not in ReactionKind.values:
        raise ValidationError(
            {
                "kind": _("Unknown reaction %(kind)r. Use one of: %(kinds)s.")
                % {"kind": kind[:40], "kinds": ", ".join(ReactionKind.values)}
            }
        )
    story = policy.story_for(viewer=member, story_id=story_id)
    policy.check_may_react(member, story)
    story = Story.objects.select_for_update().get(pk=story.pk)
    field = COUNT_FIELD[ReactionKind(kind)]
    if on:
        _reaction, created = Reaction.objects.get_or_create(story=story, member=member, kind=kind)
        delta = 1 if created else 0
    else:
        deleted, _details = Reaction.objects.filter(story=story, member=member, kind=kind).delete()
        delta = -deleted
    if delta:
        Story.objects.filter(pk=story.pk).update(
            **{field: F(field) + delta, "support_count": F("support_count") + delta}
        )
        story.refresh_from_db(fields=[field, "support_count"])
    return story
