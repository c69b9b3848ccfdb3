"""A system flag's note is stored as data and worded when the queue is read, in the
moderator's language (the background job that raised it has no reader's language)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from notalone.accounts.models import User
from notalone.moderation import selectors
from notalone.moderation.detectors import crisis_cues, reply_guard
from notalone.moderation.models import Report
from notalone.moderation.wording import flag_note, flag_note_text
from notalone.stories.models import EventKind, ModerationStatus, Reply, StoryEvent
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _event(reply: Reply) -> StoryEvent:
    return StoryEvent(kind=EventKind.REPLY_CREATED, story_pk=reply.story_id, reply_pk=reply.pk)


def test_the_reply_guards_note_is_data(alice: User, bob: User) -> None:
    story = publish(alice)
    reply = Reply.objects.create(
        story=story, author=bob, body="you stupid whore", moderation_status=ModerationStatus.HIDDEN
    )
    reply_guard(_event(reply))
    note = Report.objects.get(detector="reply-guard").note
    assert json.loads(note) == {"flag_note": "reply-guard", "label": "abusive", "held": True}
    with translation.override("fr"):
        worded = flag_note_text(note)
    assert worded == (
        "Le garde-fou des réponses lit cette réponse comme injurieuse ; elle est retenue "
        "jusqu'à la décision d'un modérateur."
    )


@pytest.mark.parametrize("language", ["es", "fr", "hi", "ar"])
@pytest.mark.parametrize(
    "note",
    [
        flag_note("repeated-reply", stories=3),
        flag_note("reply-guard-not-covered", language="de"),
        flag_note("reply-guard", label="victim_blaming", held=False),
        flag_note("reply-guard", label="abusive", held=True),
        flag_note("crisis-cues"),
    ],
)
def test_every_note_is_translated(language: str, note: str) -> None:
    english = flag_note_text(note)
    with translation.override(language):
        assert flag_note_text(note) != english


def test_the_queue_words_the_crisis_note_in_the_moderators_language(alice: User, bob: User) -> None:
    story = publish(alice)
    reply = Reply.objects.create(story=story, author=bob, body="I want to die tonight.")
    crisis_cues(_event(reply))
    with translation.override("es"):
        (item,) = selectors.moderation_queue()
    assert item.flags[0].note.startswith("Señal de crisis:")


@pytest.mark.parametrize(
    "note", ["The same reply under 4 stories within an hour.", "{not json", "[1, 2]", "{}"]
)
def test_a_note_stored_as_words_is_shown_as_it_is(note: str) -> None:
    assert flag_note_text(note) == note
