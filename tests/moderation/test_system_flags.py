"""System flags: a rule or a classifier asks the moderators to look, with a reason code, a
score, and its name and version, shown in the queue; raised twice, it flags once."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts import services as accounts
from notalone.accounts.models import User
from notalone.moderation import services
from notalone.moderation.detectors import REPEATED_REPLY
from notalone.moderation.models import Report
from notalone.stories import services as stories
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def test_a_flag_is_raised_once_and_shown_with_its_detector(
    alice: User, mod_client: Client, mod: User
) -> None:
    story = publish(alice, body="Buy followers at example dot com.")
    first = services.flag_raise(
        story=story, reason="spam", score=0.4, detector="link-rule", detector_version="2"
    )
    again = services.flag_raise(
        story=story, reason="spam", score=0.9, detector="link-rule", detector_version="2"
    )
    assert first.pk == again.pk
    assert Report.objects.get().score == 0.9
    page = mod_client.get("/moderation/").content.decode()
    assert "Raised by link-rule (version 2), score 0.90: Spam or advertising" in page
    token = accounts.api_token_create(user=mod)
    queue = Client().get("/api/v1/moderation/queue", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert queue[0]["flags"] == [
        {"detector": "link-rule", "version": "2", "score": 0.9, "reason": "spam"}
    ]
    services.moderation_act(moderator=mod, action="hide", reason="Spam.", story=story)
    assert Report.objects.get().resolved_at is not None


@pytest.mark.parametrize("score", [-0.1, 1.5, float("nan")])
def test_a_score_is_between_zero_and_one(alice: User, score: float) -> None:
    story = publish(alice)
    with pytest.raises(ValueError, match="score"):
        services.flag_raise(
            story=story, reason="spam", score=score, detector="x", detector_version="1"
        )


def test_the_same_reply_under_many_stories_is_flagged_in_the_background(
    alice: User, bob: User
) -> None:
    stories_ = [publish(alice, body=f"Story {n}.") for n in range(3)]
    for story in stories_:
        stories.reply_post(
            story_id=story.public_id, author=bob, body="Visit my   PAGE at deals.example.com now"
        )
    flag = Report.objects.get()
    assert flag.reporter is None
    assert flag.detector == REPEATED_REPLY
    assert flag.reply is not None
    assert flag.reply.story == stories_[2]
    # Two is not a campaign.
    stories.reply_post(story_id=stories_[0].public_id, author=alice, body="Thank you.")
    assert Report.objects.count() == 1


def test_short_words_of_support_said_everywhere_are_not_spam(alice: User, bob: User) -> None:
    for n in range(5):
        story = publish(alice, body=f"Story {n}.")
        stories.reply_post(story_id=story.public_id, author=bob, body="I believe you. ❤")
    assert not Report.objects.exists()


def test_the_detector_never_compares_an_anonymous_authors_reply_with_their_signed_ones(
    alice: User, bob: User
) -> None:
    text = "Please read my thoughts about this at my-page.example.org, it helps."
    others = [publish(bob, body=f"Bob's story {n}.") for n in range(2)]
    for story in others:
        stories.reply_post(story_id=story.public_id, author=alice, body=text)
    own = publish(alice, body="Mine, shared without my name.", signature="anonymous")
    stories.reply_post(story_id=own.public_id, author=alice, body=text)
    # Two signed replies and one "the person who shared": no flag ties them together.
    assert not Report.objects.exists()
