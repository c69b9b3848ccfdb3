"""Rows derived from stories by background work: the outbox of story events and their
deliveries, and the embeddings and neighbours behind "stories like yours"."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from notalone.stories.models.choices import EventKind
from notalone.stories.models.story import Story


class StoryEvent(models.Model):
    """One change in the life of a story, written in the same transaction as the change (an
    outbox), so a crash between the commit and the job queue loses nothing.

    Rows hold references only, never text: a handler reads the story as it is when it runs
    (and finds nothing if it is gone). ``story_pk`` and ``reply_pk`` are plain numbers, not
    foreign keys, so the event of a deletion outlives what it is about.
    """

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    story_pk = models.BigIntegerField()
    reply_pk = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once every subscriber has a delivery queued; the sweeper re-sends the rest.
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=("created_at",),
                condition=Q(dispatched_at__isnull=True),
                name="story_event_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class EventDelivery(models.Model):
    """One subscriber's job for one event: at most one row each, done once."""

    event = models.ForeignKey(StoryEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.CharField(max_length=60)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("event", "subscriber"), name="one_delivery_each"),
        ]
        indexes = [
            models.Index(
                fields=("queued_at",),
                condition=Q(done_at__isnull=True),
                name="event_delivery_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} for event {self.event_id}"


class StoryEmbedding(models.Model):
    """A story's sentence embedding (384 float32, little-endian bytes), kept so the vector
    index can be rebuilt from the database at any time. Written by the background job only."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="embedding")
    vector = models.BinaryField()
    model = models.CharField(max_length=60)
    # Whether the story was a public, listed one when embedded (only those are in the index).
    indexed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"embedding of story {self.story_id}"


class StoryNeighbour(models.Model):
    """ "Stories like yours": a public story close to ``story``, by rank (0 is the closest).

    Kept by the background job; pages read them through ``policy.visible_stories``, so a
    neighbour hidden, deleted or made private disappears from every list at once."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="similar_from")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("story", "neighbour"), name="one_neighbour_pair"),
        ]
        indexes = [models.Index(fields=("story", "rank"), name="story_neighbour_rank_idx")]

    def __str__(self) -> str:
        return f"story {self.story_id} ~ {self.neighbour_id}"
