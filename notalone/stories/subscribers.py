"""The stories app's own background work on story events (registered in ``apps.py``)."""

from __future__ import annotations

from notalone.stories import events, search, similar
from notalone.stories.models import EventKind, Story, StoryEvent
from notalone.stories.services.counts import reconcile_hashtag_counts

# Events after which a story's public state may differ from what the counts hold.
STORY_CHANGES = (
    EventKind.STORY_CREATED,
    EventKind.STORY_EDITED,
    EventKind.STORY_VISIBILITY,
    EventKind.STORY_HIDDEN,
    EventKind.STORY_RESTORED,
)
# Events after which the search index lacks a story's text. (Hiding needs nothing: search
# results are only ever listed stories, and deleting or editing takes text out at once.)
TEXT_CHANGES = (
    EventKind.STORY_CREATED,
    EventKind.STORY_EDITED,
    EventKind.STORY_VISIBILITY,
    EventKind.STORY_RESTORED,
)


def index_for_search(event: StoryEvent) -> None:
    """Index the story's text as it is now (nothing if it is gone)."""
    story = Story.objects.filter(pk=event.story_pk).only("pk", "title", "body").first()
    if story is not None:
        search.index_story(story)


def register() -> None:
    events.subscribe("stories.search", index_for_search, kinds=TEXT_CHANGES)
    events.subscribe("stories.hashtag_counts", reconcile_hashtag_counts, kinds=STORY_CHANGES)
    # The embedding is made outside any transaction; update_story writes in its own.
    events.subscribe(
        "stories.similar", similar.update_story, kinds=similar.EVENT_KINDS, own_transactions=True
    )
