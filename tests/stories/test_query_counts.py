"""Feeds, hashtag pages, search and a story's page cost a fixed number of queries, however many
stories, replies, hashtags, blocks and mutes there are (N+1 is how a viral day takes a site
down)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notalone.accounts.models import User
from notalone.stories import services
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(author: User, count: int, offset: int) -> None:
    """More stories, each with hashtags, reactions and replies, and one muted."""
    others = [make_member(f"reader{offset}-{n}") for n in range(3)]
    for n in range(count):
        story = publish(
            author,
            body=f"Story {offset}-{n} about the lantern.",
            hashtags=["MeToo", f"Tag{n}"],
            signature="anonymous" if n % 2 else "pseudonym",
        )
        for reader in others:
            services.reaction_set(story_id=story.public_id, member=reader, kind="me_too", on=True)
            services.reply_post(story_id=story.public_id, author=reader, body="I believe you.")


@pytest.fixture
def viewers(alice: User, bob: User, charlie: User) -> dict[str, Client]:
    story = publish(charlie, body="Charlie's signed story.")
    services.block_from_story(blocker=bob, story_id=story.public_id)
    muted = publish(charlie, body="Muted.", signature="anonymous")
    services.block_from_story(blocker=bob, story_id=muted.public_id)
    member = Client()
    member.force_login(bob)
    return {"reader": Client(), "member": member}


PAGES: dict[str, Callable[..., str]] = {
    "feed": lambda story: "/stories/",
    "most-supported": lambda story: "/stories/?sort=supported",
    "hashtag": lambda story: "/tags/MeToo/",
    "search": lambda story: "/search/?q=lantern",
    "story": lambda story: f"/stories/{story.public_id}/",
}


def test_a_page_costs_the_same_with_more_of_everything(
    alice: User, viewers: dict[str, Client], settings
) -> None:  # type: ignore[no-untyped-def]
    """Every page, for a reader and a signed-in member, counted with a few stories and again
    with more than a page of them (the stories are made once for all ten)."""
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # count the page's own queries, every time
    settings.CARD_LIST_SECONDS = 0
    cases = [(viewer, name) for viewer in viewers for name in PAGES]
    _grow(alice, 2, offset=0)
    first = alice.stories.order_by("id").first()
    assert first is not None
    # A first page fills what a member's pages keep in the shared cache (the unread notices
    # flag); a story posted after it empties the cached card lists, as before the second count.
    for viewer, name in cases:
        _queries(viewers[viewer], PAGES[name](first))
    _grow(alice, 1, offset=2)
    few = {case: _queries(viewers[case[0]], PAGES[case[1]](first)) for case in cases}
    _grow(alice, 18, offset=1)
    for n in range(3):
        services.reply_post(story_id=first.public_id, author=make_member(f"late{n}"), body="Same.")
    many = {case: _queries(viewers[case[0]], PAGES[case[1]](first)) for case in cases}
    assert many == few, {case: (few[case], many[case]) for case in cases if few[case] != many[case]}
    for (viewer, name), count in many.items():
        # On PostgreSQL a search first walks the newest stories under a time limit (a
        # savepoint, set_config and its reset: three fixed queries, whatever the page's size).
        walk = 3 if name == "search" and connection.vendor == "postgresql" else 0
        assert count <= 12 + walk, (viewer, name, count)
