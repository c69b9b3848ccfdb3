"""Stories, the solidarity around them, and the hashtags that gather them.

Counts that feeds show (reactions per kind, stories per hashtag) are kept on the rows and
updated in the same transaction as the change, so a feed page costs a fixed number of
queries whatever its size. One module per concern; every name is imported from here."""

from __future__ import annotations

from notalone.stories.models.choices import (
    BODY_MAX_LENGTH,
    HASHTAG_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EventKind,
    ModerationStatus,
    MutedBy,
    ReactionKind,
    Signature,
    Visibility,
    What,
    Where,
    Who,
)
from notalone.stories.models.derived import (
    EventDelivery,
    StoryEmbedding,
    StoryEvent,
    StoryNeighbour,
)
from notalone.stories.models.interactions import Block, Reaction, Reply, StoryMute
from notalone.stories.models.story import (
    HASHTAGS_PREFETCH,
    ContentWarning,
    Hashtag,
    HashtagDay,
    Story,
    StoryHashtag,
    StorySearchDocument,
    StorySearchTerm,
)

__all__ = [
    "BODY_MAX_LENGTH",
    "HASHTAGS_PREFETCH",
    "HASHTAG_MAX_LENGTH",
    "IDEMPOTENCY_KEY_MAX_LENGTH",
    "REPLY_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Block",
    "ContentWarning",
    "EventDelivery",
    "EventKind",
    "Hashtag",
    "HashtagDay",
    "ModerationStatus",
    "MutedBy",
    "Reaction",
    "ReactionKind",
    "Reply",
    "Signature",
    "Story",
    "StoryEmbedding",
    "StoryEvent",
    "StoryHashtag",
    "StoryMute",
    "StoryNeighbour",
    "StorySearchDocument",
    "StorySearchTerm",
    "Visibility",
    "What",
    "Where",
    "Who",
]
