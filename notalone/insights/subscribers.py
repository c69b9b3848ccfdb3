"""The insights app's work on story events (registered in ``apps.py``)."""

from __future__ import annotations

from notalone.insights.facts import sync_story_fact
from notalone.stories import events
from notalone.stories.models import EventKind, StoryEvent

# Every change that can move a story in or out of the statistics, or change its facts. (A
# deletion needs nothing: the fact goes with the story, in the same transaction.)
STORY_CHANGES = (
    EventKind.STORY_CREATED,
    EventKind.STORY_EDITED,
    EventKind.STORY_VISIBILITY,
    EventKind.STORY_HIDDEN,
    EventKind.STORY_RESTORED,
    EventKind.STORY_DELETED,
)


def update_story_fact(event: StoryEvent) -> None:
    sync_story_fact(event.story_pk)


def register() -> None:
    # In the request: an author's "do not count my story", a hidden or private story, leave
    # the statistics at once, never after a queue (and a release never reads a stale fact).
    events.subscribe("insights.facts", update_story_fact, kinds=STORY_CHANGES, in_request=True)
