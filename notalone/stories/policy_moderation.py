"""The story policy's rules for moderators (``policy``): who may review, and which stories and
replies they may open. A private draft is its author's alone (``policy.drafts_q``): it answers
as an unknown one would."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core.ids import parse_public_id
from notalone.stories.models import Reply, Story
from notalone.stories.policy import Viewer, drafts_q, member_of


def check_moderator(viewer: Viewer | None) -> User:
    member = member_of(viewer)
    if member is None or not member.is_moderator:
        raise PermissionDenied(_("Only moderators and operators can see this."))
    return member


def story_for_moderation(*, viewer: Viewer | None, story_id: object) -> Story:
    """A story, for a moderator reviewing it: hidden ones included, private drafts never
    (``open_to_moderators``; ``Story.DoesNotExist`` as for an unknown one)."""
    check_moderator(viewer)
    public_id = parse_public_id(story_id)
    if public_id is None:
        raise Story.DoesNotExist
    return Story.objects.exclude(drafts_q()).get(public_id=public_id)


def reply_for_moderation(*, viewer: Viewer | None, reply_id: object) -> Reply:
    """A reply, for a moderator reviewing it: never one on a private draft."""
    check_moderator(viewer)
    public_id = parse_public_id(reply_id)
    if public_id is None:
        raise Reply.DoesNotExist
    return (
        Reply.objects.select_related("author", "story")
        .exclude(drafts_q("story__"))
        .get(public_id=public_id)
    )
