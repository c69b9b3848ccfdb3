from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notalone.accounts.models import User
from notalone.stories import policy, selectors, services
from notalone.stories.models import Story
from notalone.stories.selectors import FeedFilters
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def feed(viewer, **filters):  # type: ignore[no-untyped-def]
    cursor = filters.pop("cursor", None)
    limit = filters.pop("limit", 20)
    return selectors.story_feed(
        viewer=viewer, filters=FeedFilters(**filters), cursor=cursor, limit=limit
    )


def test_latest_pages_by_keyset_without_gaps_or_repeats(alice: User) -> None:
    made = [publish(alice, body=f"Story number {n}").pk for n in range(7)]
    seen: list[int] = []
    cursor = None
    while True:
        page = feed(AnonymousUser(), cursor=cursor, limit=3)
        seen.extend(s.pk for s in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(made, reverse=True)


def test_a_new_story_does_not_shift_the_next_page(alice: User) -> None:
    for n in range(4):
        publish(alice, body=f"Story {n}")
    first = feed(AnonymousUser(), limit=2)
    publish(alice, body="Arrived while reading")
    second = feed(AnonymousUser(), cursor=first.next_cursor, limit=2)
    assert [s.body for s in second.items] == ["Story 1", "Story 0"]


def test_most_supported_recently(alice: User, bob: User, charlie: User) -> None:
    quiet = publish(alice, body="quiet")
    loved = publish(alice, body="loved")
    old = publish(alice, body="old", idempotency_key="old")
    Story.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=90), support_count=99
    )
    for member in (bob, charlie):
        services.reaction_set(story_id=loved.public_id, member=member, kind="me_too", on=True)
    page = feed(AnonymousUser(), sort="supported", limit=1)
    assert [s.pk for s in page.items] == [loved.pk]
    page = feed(AnonymousUser(), sort="supported", cursor=page.next_cursor, limit=1)
    assert [s.pk for s in page.items] == [quiet.pk]
    assert page.next_cursor is None


def test_filters_by_every_fact(alice: User) -> None:
    match = publish(
        alice, what="harassment", where="workplace", who="boss", country="IN", language="hi"
    )
    publish(alice, what="bullying", where="online", who="stranger", country="FR", language="fr")
    for name, value in [
        ("what", "harassment"),
        ("where", "workplace"),
        ("who", "boss"),
        ("country", "in"),
        ("language", "HI"),
    ]:
        assert [s.pk for s in feed(AnonymousUser(), **{name: value}).items] == [match.pk]


def test_hashtag_feed(alice: User) -> None:
    tagged = publish(alice, hashtags=["MeTooIndia"])
    publish(alice)
    assert [s.pk for s in feed(AnonymousUser(), hashtag="#metooindia").items] == [tagged.pk]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"what": "nope"}, "what"),
        ({"country": "Narnia"}, "country"),
        ({"sort": "random"}, "sort"),
        ({"hashtag": "#a b"}, "hashtag"),
    ],
)
def test_an_unknown_filter_value_is_a_clear_error(filters: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        feed(AnonymousUser(), **filters)
    assert field in error.value.message_dict


@pytest.mark.parametrize("cursor", ["garbage", "!!!", "LTE", "MS4y"])
def test_a_broken_cursor_is_a_clear_error(cursor: str) -> None:
    with pytest.raises(ValidationError, match="page link is not valid"):
        feed(AnonymousUser(), cursor=cursor)


def test_who_sees_what(alice: User, bob: User) -> None:
    public = publish(alice, body="public")
    members = publish(alice, body="members", visibility="members")
    draft = publish(alice, body="draft", visibility="private")
    assert {s.pk for s in feed(AnonymousUser()).items} == {public.pk}
    assert {s.pk for s in feed(bob).items} == {public.pk, members.pk}
    assert draft.pk not in {s.pk for s in feed(alice).items}
    with pytest.raises(Story.DoesNotExist):
        policy.story_for(story_id=draft.public_id, viewer=bob)
    assert policy.story_for(story_id=draft.public_id, viewer=alice).pk == draft.pk
    with pytest.raises(Story.DoesNotExist):
        policy.story_for(story_id=members.public_id, viewer=AnonymousUser())


def test_blocked_members_do_not_see_each_other(alice: User, bob: User, charlie: User) -> None:
    alices = publish(alice, body="alice")
    bobs = publish(bob, body="bob")
    services.block_from_story(blocker=alice, story_id=bobs.public_id)
    assert [s.pk for s in feed(alice).items] == [alices.pk]
    assert [s.pk for s in feed(bob).items] == [bobs.pk]
    assert len(feed(charlie).items) == 2
    with pytest.raises(Story.DoesNotExist):
        policy.story_for(story_id=alices.public_id, viewer=bob)


def test_search_finds_words_in_public_stories_only(alice: User) -> None:
    found = publish(
        alice, title="The internship", body="My supervisor would not stop messaging me."
    )
    publish(alice, body="Supervisor messaging again, but private.", visibility="private")
    publish(alice, body="Something unrelated entirely.")
    assert [s.pk for s in feed(AnonymousUser(), q="supervisor messaging").items] == [found.pk]
    assert [s.pk for s in feed(AnonymousUser(), q="INTERNSHIP").items] == [found.pk]
    assert feed(AnonymousUser(), q="absent").items == []


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "a*", "'); DROP TABLE stories_story; --", "NEAR(", "^", "((("]
)
def test_search_takes_any_text_without_failing(alice: User, query: str) -> None:
    publish(alice, body="Nothing to see")
    feed(AnonymousUser(), q=query)
    assert Story.objects.count() == 1


def test_search_after_edit_and_delete(alice: User) -> None:
    story = publish(alice, body="before words")
    services.story_edit(story=story, editor=alice, fields=services.StoryFields(body="after words"))
    assert feed(AnonymousUser(), q="before").items == []
    assert [s.pk for s in feed(AnonymousUser(), q="after").items] == [story.pk]
    services.story_delete(story=story, actor=alice)
    assert feed(AnonymousUser(), q="after").items == []


def _count_queries(client: Client, url: str) -> int:
    cache.clear()  # the content-warning labels are cached; count the cold page each time
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/stories/", "/tags/MeToo/", "/stories/?sort=supported", "/search/?q=story"]
)
def test_feed_pages_cost_the_same_queries_whatever_their_size(
    url: str, alice: User, bob: User, bob_client: Client
) -> None:
    def add(count: int) -> None:
        for n in range(count):
            story = publish(
                alice,
                body=f"A story {n}",
                content_warnings=["violence"] if n % 2 else [],
                hashtags=["MeToo", f"Tag{n}"],
            )
            services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=True)
            services.reply_post(story_id=story.public_id, author=bob, body="I believe you")

    add(2)
    small = _count_queries(bob_client, url)
    add(25)
    large = _count_queries(bob_client, url)
    assert small == large
    # On PostgreSQL a search first walks the newest stories under a time limit (a savepoint,
    # the settings, the walk, their reset and the release: fixed queries, whatever the page's
    # size).
    walk = 3 if "/search/" in url and connection.vendor == "postgresql" else 0
    assert large <= 12 + walk
