"""What members do around a story: reactions, replies, blocks between members, and mutes
between a member and one story's thread."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from notalone.core.fields import PublicIdField
from notalone.stories.models.choices import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    ModerationStatus,
    MutedBy,
    ReactionKind,
)
from notalone.stories.models.story import Story


class Reaction(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=20, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("story", "member", "kind"), name="one_reaction_of_a_kind"
            ),
        ]
        indexes = [models.Index(fields=("member", "story"), name="reaction_member_idx")]

    def __str__(self) -> str:
        return f"{self.kind} on story {self.story_id}"


class Reply(models.Model):
    public_id = PublicIdField()
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(max_length=REPLY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    hidden_by_author = models.BooleanField(default=False)
    moderation_status = models.CharField(
        max_length=8, choices=ModerationStatus.choices, default=ModerationStatus.VISIBLE
    )
    idempotency_key = models.CharField(max_length=IDEMPOTENCY_KEY_MAX_LENGTH, blank=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint(
                fields=("author", "idempotency_key"),
                condition=~Q(idempotency_key=""),
                name="reply_idempotency_per_author",
            ),
        ]
        indexes = [models.Index(fields=("story", "id"), name="reply_story_idx")]

    def __str__(self) -> str:
        return f"Reply {self.public_id}"


class Block(models.Model):
    """One member blocks another, from a story or reply signed with the other's username.

    Never made from anything signed anonymously: that would tie the account to the writing.
    See ``stories.policy`` for what a block does.
    """

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("blocker", "blocked"), name="block_unique"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"block {self.blocker_id} -> {self.blocked_id}"


class StoryMute(models.Model):
    """A member and one story's thread no longer meet: the member does not see the story or
    its thread, and its author does not see the member's replies there.

    Made by the member (blocking from an anonymous story, or from its author's replies there)
    or by the story's author (blocking a member from inside their own anonymous thread). Either
    way it never depends on, or shows, who wrote the story: a block between accounts would.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_mutes"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="mutes")
    made_by = models.CharField(max_length=6, choices=MutedBy.choices, default=MutedBy.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("member", "story", "made_by"), name="story_mute_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"mute {self.member_id} -> story {self.story_id}"
