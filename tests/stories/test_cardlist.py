"""The shared card list (stories/cardlist.py): a member's page from it is exactly the page the
policy gives them, and no cached list ever holds back a block, a mute or a deletion."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import translation

from notalone.accounts.models import User
from notalone.stories import cardlist, policy, selectors, services
from notalone.stories.templatetags import stories_tags
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _client(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_a_block_made_after_the_list_was_cached_holds_at_once(
    alice: User, bob: User, charlie: User
) -> None:
    story = publish(charlie, body="Charlie's signed story.", signature="pseudonym")
    bob_browser, alice_browser = _client(bob), _client(alice)
    assert story.public_id in bob_browser.get("/stories/").content.decode()
    assert story.public_id in alice_browser.get("/tags/MeToo/").content.decode()
    services.block_from_story(blocker=bob, story_id=story.public_id)  # no request: list stays
    assert story.public_id not in bob_browser.get("/stories/").content.decode()
    assert story.public_id not in bob_browser.get("/tags/MeToo/").content.decode()
    # The list is still shared: others keep seeing the story.
    assert story.public_id in alice_browser.get("/stories/").content.decode()


def test_a_deleted_story_leaves_every_cached_list_at_once(alice: User, bob: User) -> None:
    story = publish(alice, body="Soon deleted.")
    bob_browser = _client(bob)
    assert story.public_id in bob_browser.get("/stories/").content.decode()
    assert story.public_id in Client().get("/stories/?sort=supported").content.decode()
    services.story_delete(story=story, actor=alice)
    assert story.public_id not in bob_browser.get("/stories/").content.decode()
    assert story.public_id not in Client().get("/stories/?sort=supported").content.decode()


@pytest.mark.parametrize("sort", ["latest", "supported"])
def test_a_member_page_from_the_shared_list_is_the_policy_page(
    alice: User, bob: User, sort: str, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    authors = [make_member(f"writer{n}") for n in range(4)]
    stories = [
        publish(
            authors[n % 4],
            body=f"Story {n}.",
            signature="anonymous" if n % 3 == 0 else "pseudonym",
        )
        for n in range(40)
    ]
    services.block_from_story(blocker=bob, story_id=stories[1].public_id)  # writer1, signed
    services.block_from_story(blocker=bob, story_id=stories[3].public_id)  # anonymous: a mute
    request = RequestFactory().get("/stories/")
    for viewer in (alice, bob):
        request.user = viewer
        filters = selectors.FeedFilters(sort=sort)
        cursor = None
        for _ in range(3):  # the first pages, the second and third from the shared list too
            expected = selectors.story_feed(viewer=viewer, filters=filters, cursor=cursor, limit=7)
            shown = cardlist.feed_cards(request=request, filters=filters, cursor=cursor, limit=7)
            assert [card.pk for card in shown.items] == [story.pk for story in expected.items]
            # Cursors are sealed with a fresh nonce: the next turn checks where they lead.
            assert (shown.next_cursor is None) == (expected.next_cursor is None)
            cursor = shown.next_cursor


def _pressed(page: str, story_id: str) -> bool:
    return f'id="react-{story_id}-me_too" class="reaction pressed"' in page


def test_each_member_sees_their_own_reactions_pressed_and_no_one_elses(
    alice: User, bob: User, charlie: User
) -> None:
    first = publish(charlie, body="First.")
    second = publish(charlie, body="Second.")
    services.reaction_set(story_id=first.public_id, member=alice, kind="me_too", on=True)
    services.reaction_set(story_id=second.public_id, member=bob, kind="me_too", on=True)
    alice_browser, bob_browser = _client(alice), _client(bob)
    for path in ("/stories/", "/tags/MeToo/"):
        for _ in range(2):  # the second time from the shared list
            alice_page = alice_browser.get(path).content.decode()
            bob_page = bob_browser.get(path).content.decode()
            assert _pressed(alice_page, first.public_id)
            assert not _pressed(alice_page, second.public_id)
            assert _pressed(bob_page, second.public_id)
            assert not _pressed(bob_page, first.public_id)
            assert 'class="reaction-buttons"' not in Client().get(path).content.decode()


def test_a_member_whose_blocks_empty_the_shared_list_still_sees_their_reactions(
    alice: User, bob: User
) -> None:
    blocked = make_member("blockedwriter")
    kept = publish(alice, body="Alice's story, further down.")
    # More of the blocked member's stories than the list's spare cards: bob's page is read
    # through the policy's own query, and his reactions with it.
    stories = [publish(blocked, body=f"Story {n}.") for n in range(selectors.PAGE_SIZE + 12)]
    services.reaction_set(story_id=kept.public_id, member=bob, kind="me_too", on=True)
    services.block_from_story(blocker=bob, story_id=stories[0].public_id)
    bob_browser = _client(bob)
    for _ in range(2):
        page = bob_browser.get("/stories/").content.decode()
        assert kept.public_id in page
        assert _pressed(page, kept.public_id)
        assert all(story.public_id not in page for story in stories)


def _shared_cards(audience: str, **filters: str) -> list[cardlist.Card]:
    """The cards a feed page keeps in the shared cache (English, first page)."""
    with translation.override("en"):
        key = cardlist._list_key(audience, selectors.FeedFilters(**filters).cleaned(), None)
    cached = cache.get(key)
    assert cached is not None, "the page's list should be in the shared cache"
    return list(cached[1])


def test_the_shared_list_holds_nothing_of_any_reader_and_each_sees_only_their_own(
    charlie: User,
) -> None:
    quill, fern = make_member("viewerquill"), make_member("viewerfern")
    first = publish(charlie, body="First.", signature="pseudonym")
    second = publish(charlie, body="Second.", signature="pseudonym")
    muted = publish(make_member("writerdove"), body="Dove's story.", signature="pseudonym")
    services.reaction_set(story_id=first.public_id, member=quill, kind="me_too", on=True)
    services.reaction_set(story_id=second.public_id, member=fern, kind="sending_strength", on=True)
    services.block_from_story(blocker=fern, story_id=muted.public_id)
    quill_browser, fern_browser, reader = _client(quill), _client(fern), Client()
    tokens: set[str] = set()
    for path in ("/stories/", "/tags/MeToo/"):
        for _ in range(2):  # the second time from the shared list
            quill_page = quill_browser.get(path).content.decode()
            fern_page = fern_browser.get(path).content.decode()
            reader_page = reader.get(path).content.decode()
            assert _pressed(quill_page, first.public_id)
            assert quill_page.count('aria-pressed="true"') == 1
            assert f'id="react-{second.public_id}-sending_strength" class="reaction pressed"' in (
                fern_page
            )
            assert fern_page.count('aria-pressed="true"') == 1
            assert muted.public_id in quill_page
            assert muted.public_id not in fern_page
            assert muted.public_id in reader_page
            assert "csrfmiddlewaretoken" not in reader_page
            for page in (quill_page, fern_page):
                # Every form of the page carries this member's token, unchanged.
                token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                assert len(token) >= 7
                assert len(set(token)) == 1
                tokens.add(token[0])
    tokens |= {
        browser.cookies[settings.CSRF_COOKIE_NAME].value
        for browser in (quill_browser, fern_browser)
    }
    cards = _shared_cards(policy.MEMBERS_AUDIENCE, sort="") + _shared_cards(
        policy.MEMBERS_AUDIENCE, hashtag="metoo", sort=""
    )
    assert {first.pk, second.pk, muted.pk} <= {card.pk for card in cards}
    for card in cards:
        for mine in (
            "csrfmiddlewaretoken",
            "pressed",
            "reaction-buttons",
            "viewerquill",
            "viewerfern",
            *tokens,
        ):
            assert mine not in card.html


def test_the_buttons_written_for_a_page_are_the_buttons_written_one_by_one() -> None:
    kinds = ["me_too", "i_believe_you", "sending_strength"]
    for language in ("en", "ar"):
        with translation.override(language):
            write = stories_tags.buttons_writer("tok3n")
            for mask in range(8):
                given = {kind for bit, kind in enumerate(kinds) if mask & (1 << bit)}
                assert write("abcdefghijkmnpq2", given) == stories_tags.reaction_buttons(
                    "abcdefghijkmnpq2", given, "tok3n"
                )


def test_a_list_kept_in_the_process_never_outlives_a_flushed_cache(alice: User, bob: User) -> None:
    """Each process keeps the lists it read (cardlist._KEPT); the generation is read every
    time and a flushed cache starts a new one at random, so a story deleted after a flush is
    gone at once, never shown again from the kept list."""
    story = publish(alice, body="Deleted after the cache is flushed.")
    bob_browser = _client(bob)
    assert story.public_id in bob_browser.get("/stories/").content.decode()
    assert story.public_id in Client().get("/tags/MeToo/").content.decode()
    assert cardlist._KEPT  # the process holds the lists
    cache.clear()  # Redis flushed: the generation is gone
    services.story_delete(story=story, actor=alice)
    assert story.public_id not in bob_browser.get("/stories/").content.decode()
    assert story.public_id not in Client().get("/tags/MeToo/").content.decode()


def test_a_missing_generation_starts_at_random() -> None:
    from notalone.core import pagecache

    cache.clear()
    first = pagecache.generation(None)
    assert pagecache.generation(cache.get(pagecache.GENERATION_KEY)) == first
    cache.clear()
    assert pagecache.generation(None) != first
