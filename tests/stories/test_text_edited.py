""" "Last edited" means the words changed: a setting saved, or a moderator's decision, is not
an edit of the text (issue 15's review)."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from notalone.accounts.models import User
from notalone.stories import services
from notalone.stories.models import ModerationStatus, Story
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _pdf_text(client: Client, story: Story) -> str:
    response = client.post(f"/stories/{story.public_id}/pdf/")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_setting_saved_is_not_an_edit_of_the_text(alice: User, alice_client: Client) -> None:
    with time_machine.travel("2026-03-08 09:30:00+00:00", tick=False):
        story = publish(alice, title="Before", body="The first words.")
    with time_machine.travel("2026-04-01 10:00:00+00:00", tick=False):
        story = services.story_edit(
            story=story,
            editor=alice,
            fields=services.StoryFields(
                title="Before", body="The first words.", allow_replies=False
            ),
        )
    assert story.text_edited_at is None
    assert "Last edited: never" in _pdf_text(alice_client, story)
    services.story_set_public_state(story=story, moderation_status=ModerationStatus.HIDDEN)
    assert Story.objects.get(pk=story.pk).text_edited_at is None
    assert "edited on" not in alice_client.get(f"/stories/{story.public_id}/").content.decode()


def test_changed_words_are_stamped_and_printed(alice: User, alice_client: Client) -> None:
    with time_machine.travel("2026-03-08 09:30:00+00:00", tick=False):
        story = publish(alice, title="Before", body="The first words.")
    with time_machine.travel("2026-04-17 11:30:00+00:00", tick=False):
        story = services.story_edit(
            story=story,
            editor=alice,
            fields=services.StoryFields(title="Before", body="The words, edited later."),
        )
    assert story.text_edited_at is not None
    assert "Last edited: 2026-04-17 11:30:00 UTC" in _pdf_text(alice_client, story)
    assert (
        "edited on 17 April 2026"
        in alice_client.get(f"/stories/{story.public_id}/").content.decode()
    )
    # A later change of a setting leaves the date of the last edit of the words alone.
    with time_machine.travel("2026-05-01 08:00:00+00:00", tick=False):
        story = services.story_edit(
            story=story,
            editor=alice,
            fields=services.StoryFields(
                title="Before", body="The words, edited later.", visibility="members"
            ),
        )
    assert "Last edited: 2026-04-17 11:30:00 UTC" in _pdf_text(alice_client, story)
