"""What a member's data export holds from this app: everything they wrote, as they wrote it."""

from __future__ import annotations

from typing import Any

from notalone.accounts.models import User
from notalone.stories.models import Block, Reaction, Reply, Story


def export_stories(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": story.pk,
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
            "hashtags": [h.name for h in story.hashtags.all()],
            "allow_replies": story.allow_replies,
            "created_at": story.created_at.isoformat(),
            "updated_at": story.updated_at.isoformat(),
        }
        for story in Story.objects.filter(author=user).prefetch_related("hashtags").order_by("id")
    ]


def export_replies(user: User) -> list[dict[str, Any]]:
    return [
        {"story_id": r.story_id, "body": r.body, "created_at": r.created_at.isoformat()}
        for r in Reply.objects.filter(author=user).order_by("id")
    ]


def export_reactions(user: User) -> dict[str, Any]:
    return {
        "given": [
            {"story_id": r.story_id, "kind": r.kind, "created_at": r.created_at.isoformat()}
            for r in Reaction.objects.filter(member=user).order_by("id")
        ],
        "blocked_members": list(
            Block.objects.filter(blocker=user).values_list("blocked__username", flat=True)
        ),
    }
