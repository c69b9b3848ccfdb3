"""Nothing undoing or destructive in one tap (issue 15): a GET asks, saying what will happen,
in a page that works without JavaScript; only the POST from that page acts."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.stories import services
from notalone.stories.models import Reply, StoryMute
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def test_deleting_my_reply_asks_first(alice: User, bob: User, bob_client: Client) -> None:
    story = publish(alice)
    reply, _created = services.reply_post(story_id=story.public_id, author=bob, body="Me too.")
    page = bob_client.get(f"/stories/{story.public_id}/").content.decode()
    url = f"/replies/{reply.public_id}/delete/"
    # The story page links to the question; it holds no form that deletes.
    assert f'<a href="{url}">Delete my reply</a>' in page
    assert f'action="{url}"' not in page
    question = bob_client.get(url)
    assert question.status_code == 200
    assert "Delete your reply?" in question.content.decode()
    assert "Me too." in question.content.decode()
    assert Reply.objects.filter(pk=reply.pk).exists()
    done = bob_client.post(url, follow=True)
    assert "Your reply is deleted." in done.content.decode()
    assert not Reply.objects.filter(pk=reply.pk).exists()
    # Back, then the button again: the reply is gone, and the answer is a plain 404.
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url).status_code == 404


def test_another_members_reply_cannot_even_be_asked_about(
    alice: User, bob: User, alice_client: Client
) -> None:
    story = publish(alice)
    reply, _created = services.reply_post(story_id=story.public_id, author=bob, body="Me too.")
    assert alice_client.get(f"/replies/{reply.public_id}/delete/").status_code == 404
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_showing_a_muted_story_again_asks_first(alice: User, bob: User, bob_client: Client) -> None:
    story = publish(alice, title="A quiet title", signature="anonymous")
    bob_client.post("/block/", {"story": story.public_id})
    assert StoryMute.objects.filter(member=bob).exists()
    question = bob_client.get("/account/blocks/undo/", {"story": story.public_id})
    assert question.status_code == 200
    page = question.content.decode()
    assert "Show this story again?" in page
    assert "A quiet title" in page
    assert "alice" not in page
    assert StoryMute.objects.filter(member=bob).exists()
    bob_client.post("/account/blocks/undo/", {"story": story.public_id})
    assert not StoryMute.objects.filter(member=bob).exists()


def test_nobody_can_undo_what_is_not_in_their_own_list(
    alice: User, bob: User, charlie: User, bob_client: Client
) -> None:
    from notalone.stories.models import Block

    Block.objects.create(blocker=charlie, blocked=alice)
    response = bob_client.post("/account/blocks/undo/", {"member": "alice"})
    assert response.status_code == 302
    assert Block.objects.filter(blocker=charlie).exists()


def test_deleting_my_story_asks_about_that_story(alice: User, alice_client: Client) -> None:
    """With several stories, the question names the one it is about."""
    publish(alice, title="The first one", body="It happened at school.")
    story = publish(alice, title="The office", body="It happened at the office, twice.")
    question = alice_client.get(f"/stories/{story.public_id}/delete/").content.decode()
    assert "Delete your story?" in question
    assert "The office" in question
    assert "It happened at the office, twice." in question
    assert "The first one" not in question
