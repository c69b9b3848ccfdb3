"""The scene for moderation tests: alice shares a story, bob replies to it."""

from __future__ import annotations

import pytest

from notalone.accounts.models import Role, User
from notalone.moderation.models import ModerationAction, Notice, Report
from notalone.moderation.services import moderation_act, report_create
from notalone.stories.models import Reply, Story
from notalone.stories.services import StoryFields, reply_post, story_publish
from tests.conftest import make_member


def share(author: User, body: str = "It happened at work, and I stayed quiet.", **fields) -> Story:  # type: ignore[no-untyped-def]
    story, _created = story_publish(author=author, fields=StoryFields(body=body, **fields))
    return story


def answer(story: Story, author: User, body: str = "You are not to blame.") -> Reply:
    reply, _created = reply_post(story_id=story.public_id, author=author, body=body)
    return reply


def notice_of(action: ModerationAction) -> Notice:
    """The notice a decision sent its member: appeals are made from it (whoever reported
    it gets a notice of their own, about the same decision)."""
    return Notice.objects.get(action=action, member=action.member)


@pytest.fixture
def second_mod(db: None) -> User:
    """Another moderator: the one who took a decision never decides its appeal."""
    return make_member("mod2", Role.MODERATOR)


@pytest.fixture
def story(alice: User) -> Story:
    return share(alice, "It happened at work, and I stayed quiet for years.", title="At work")


@pytest.fixture
def reply(story: Story, bob: User) -> Reply:
    return answer(story, bob, "Why did you not report it at the time?")


@pytest.fixture
def report(story: Story, bob: User) -> Report:
    return report_create(
        reporter=bob, story_id=story.public_id, reason="harassment", note="Feels off."
    )


@pytest.fixture
def hidden(story: Story, mod: User) -> ModerationAction:
    return moderation_act(
        moderator=mod, action="hide", reason="It names someone's workplace.", story=story
    )
