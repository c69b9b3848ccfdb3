"""A private draft is its author's alone, whatever it was before (``policy.open_to_moderators``).

A reviewer shared a story, had it reported, made it private and wrote into it: the
moderators' queue and item page showed the new text, and a "keep it" decision wrote it into
the permanent log. Reports on a draft now wait out of the queue and come back if it is shared
again; no decision can be taken on it, and no detector flags it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from notalone.accounts.models import User
from notalone.moderation import selectors
from notalone.moderation import services as moderation
from notalone.moderation.models import ModerationAction, Report
from notalone.stories import services
from notalone.stories.models import Story
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

SECRET = "PRIVATE-WORDS: what I am still deciding."


def _made_private(story: Story, author: User) -> Story:
    fields = replace(services.story_fields_of(story), visibility="private", body=SECRET)
    return services.story_edit(story=story, editor=author, fields=fields)


def test_a_reported_story_made_private_leaves_the_queue_until_it_is_shared_again(
    alice: User, bob: User, mod: User, mod_client: Client
) -> None:
    story = publish(alice, body="Shared for a while.", signature="pseudonym")
    reply, _ = services.reply_post(story_id=story.public_id, author=bob, body="Not true.")
    moderation.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    moderation.report_create(reporter=alice, reply_id=reply.public_id, reason="harassment")
    assert len(selectors.moderation_queue()) == 2

    story = _made_private(story, alice)
    assert selectors.moderation_queue() == []
    assert SECRET not in mod_client.get("/moderation/").content.decode()
    item = mod_client.get("/moderation/item/", {"story": story.public_id})
    assert item.status_code == 404
    assert SECRET not in item.content.decode()
    assert mod_client.get("/moderation/item/", {"reply": reply.public_id}).status_code == 404
    with pytest.raises(ValidationError, match="private draft"):
        moderation.moderation_act(moderator=mod, action="dismiss", reason="Fine.", story=story)
    with pytest.raises(ValidationError, match="private draft"):
        moderation.moderation_act(moderator=mod, action="hide", reason="No.", reply=reply)
    assert not ModerationAction.objects.exists()
    assert Report.objects.filter(resolved_at=None).count() == 2  # waiting, not dropped

    services.story_edit(
        story=story,
        editor=alice,
        fields=replace(services.story_fields_of(story), visibility="public"),
    )
    assert len(selectors.moderation_queue()) == 2


def test_no_detector_flags_a_draft_even_one_loaded_before_it_was_made_private(
    alice: User,
) -> None:
    story = publish(alice, body="Shared for a moment.")
    loaded = Story.objects.get(pk=story.pk)  # as a detector's job reads it, then thinks
    _made_private(story, alice)
    flag = moderation.flag_raise(
        story=loaded, reason="threat", score=0.9, detector="x", detector_version="1"
    )
    assert flag is None
    assert not Report.objects.exists()
