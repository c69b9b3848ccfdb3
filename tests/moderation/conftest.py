"""The scene for moderation tests: alice shares a story, bob replies to it."""

from __future__ import annotations

import pytest

from notalone.accounts.models import User
from notalone.moderation.models import ModerationAction, Report
from notalone.moderation.services import moderation_act, report_create
from notalone.stories.models import Reply, Story
from notalone.stories.services import StoryFields, reply_post, story_publish


def share(author: User, body: str = "It happened at work, and I stayed quiet.", **fields) -> Story:  # type: ignore[no-untyped-def]
    story, _created = story_publish(author=author, fields=StoryFields(body=body, **fields))
    return story


def answer(story: Story, author: User, body: str = "You are not to blame.") -> Reply:
    reply, _created = reply_post(story_id=story.pk, author=author, body=body)
    return reply


@pytest.fixture
def story(alice: User) -> Story:
    return share(alice, "It happened at work, and I stayed quiet for years.", title="At work")


@pytest.fixture
def reply(story: Story, bob: User) -> Reply:
    return answer(story, bob, "Why did you not report it at the time?")


@pytest.fixture
def report(story: Story, bob: User) -> Report:
    return report_create(reporter=bob, story_id=story.pk, reason="harassment", note="Feels off.")


@pytest.fixture
def hidden(story: Story, mod: User) -> ModerationAction:
    return moderation_act(
        moderator=mod, action="hide", reason="It names someone's workplace.", story=story
    )
