"""Stories for the statistics: a fixture whose true counts the tests know."""

from __future__ import annotations

import datetime

import pytest

from notalone.accounts.models import User
from notalone.insights.release import Parameters
from notalone.stories import services
from notalone.stories.schema import StoryFields

# A month that has ended, for every test: its stories are shared inside it.
PERIOD = "2025-03"
IN_PERIOD = datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC)


def share(author: User, *, when: datetime.datetime = IN_PERIOD, **fields: object) -> object:
    fields.setdefault("body", "A story for the statistics tests.")
    story, _created = services.story_publish(
        author=author,
        fields=StoryFields(**fields),
        created_at=when,  # type: ignore[arg-type]
    )
    return story


def params(**changes: object) -> Parameters:
    base = {
        "epsilon": 1.0,
        "stories_per_author": 2,
        "reactions_per_member": 5,
        "hashtags_per_story": 2,
        "suppression_threshold": 0,
        "hashtags": ("metoo", "balancetonporc"),
    }
    return Parameters(**(base | changes))  # type: ignore[arg-type]


@pytest.fixture
def authors(db: None) -> list[User]:
    return [User.objects.create_user(f"author{i}", "x" * 20) for i in range(6)]
