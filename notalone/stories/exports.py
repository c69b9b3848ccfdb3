"""What a member's data export holds from this app: everything they wrote, as they wrote it,
and their blocks. Nothing in it depends on who wrote an anonymous story."""

from __future__ import annotations

from typing import Any

from notalone.accounts.models import User
from notalone.stories.models import (
    HASHTAGS_PREFETCH,
    Block,
    MutedBy,
    Reaction,
    Reply,
    Story,
    StoryMute,
)


def export_stories(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": story.public_id,
            "title": story.title,
            "body": story.body,
            "signed_as": story.signature,
            "visibility": story.visibility,
            "content_warnings": story.content_warnings,
            "what": story.what,
            "where": story.where,
            "who": story.who,
            "year": story.year,
            "country": story.country,
            "language": story.language,
            "hashtags": story.written_hashtags,
            "allow_replies": story.allow_replies,
            "hold_blaming_replies": story.hold_blaming_replies,
            "created_at": story.created_at.isoformat(),
            "updated_at": story.updated_at.isoformat(),
            "text_edited_at": story.text_edited_at.isoformat() if story.text_edited_at else None,
        }
        for story in Story.objects.filter(author=user)
        .prefetch_related(HASHTAGS_PREFETCH)
        .order_by("id")
    ]


def export_replies(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": r.public_id,
            "story_id": r.story.public_id,
            "body": r.body,
            "created_at": r.created_at.isoformat(),
        }
        for r in Reply.objects.filter(author=user).select_related("story").order_by("id")
    ]


def export_reactions(user: User) -> list[dict[str, Any]]:
    return [
        {"story_id": r.story.public_id, "kind": r.kind, "created_at": r.created_at.isoformat()}
        for r in Reaction.objects.filter(member=user).select_related("story").order_by("id")
    ]


def export_blocks(user: User) -> dict[str, Any]:
    """Members blocked from writing signed with their username (so their username was
    already shown), stories muted (by the story's identifier, never its author), and members
    kept out of the member's own anonymous threads."""
    return {
        "members": list(
            Block.objects.filter(blocker=user)
            .order_by("id")
            .values_list("blocked__username", flat=True)
        ),
        "muted_stories": list(
            StoryMute.objects.filter(member=user, made_by=MutedBy.MEMBER)
            .order_by("id")
            .values_list("story__public_id", flat=True)
        ),
        "closed_threads": [
            {"story_id": story_id, "member": username}
            for story_id, username in StoryMute.objects.filter(
                story__author=user, made_by=MutedBy.AUTHOR
            )
            .order_by("id")
            .values_list("story__public_id", "member__username")
        ],
    }
