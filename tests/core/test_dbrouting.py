"""Read replicas (issue 14, item 1): selector reads may go to a replica; the story policy's
reads, writes, and a member's reads right after their own write go to the primary.

The "replica" here is a second connection to the test database. In a test that does not
commit, it cannot see the test's rows: a replica that has not caught up yet, which is exactly
what the feed must survive.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notalone.accounts.models import User
from notalone.core import dbrouting
from notalone.stories import selectors, services
from notalone.stories.models import Block, HashtagDay, Story
from notalone.stories.selectors import FeedFilters
from tests.stories.factories import publish

REPLICA = "replica_1"
# Declared before the test databases are set up, as settings.py declares a replica: a mirror
# of the primary's test database (Django's TEST MIRROR), on a connection of its own.
connections.settings.setdefault(
    REPLICA,
    {**connections.settings["default"], "TEST": {"MIRROR": "default"}},
)


@pytest.fixture
def replica(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The router, with the replica alias in settings, for this test."""
    import warnings

    from django.db import router

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Overriding setting DATABASES": known and wanted
        settings.DATABASES = {**settings.DATABASES, REPLICA: connections.settings[REPLICA]}
    router.routers = [dbrouting.ReplicaRouter()]
    yield REPLICA
    router.routers = []


def test_reads_go_to_the_primary_unless_a_selector_allows_a_replica(replica: str) -> None:
    router = dbrouting.ReplicaRouter()
    assert router.db_for_read(Story) == "default"
    with dbrouting.replica_reads():
        assert router.db_for_read(Story) == replica
        assert router.db_for_read(HashtagDay) == replica
        # The story policy's own tables, and accounts, never.
        assert router.db_for_read(Block) == "default"
        assert router.db_for_read(User) == "default"
        with dbrouting.primary_only():
            assert router.db_for_read(Story) == "default"
    assert router.db_for_write(Story) == "default"
    assert router.allow_migrate(replica, "stories") is False


def test_without_replicas_nothing_changes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATABASES = {"default": settings.DATABASES["default"]}
    with dbrouting.replica_reads():
        assert dbrouting.ReplicaRouter().db_for_read(Story) == "default"


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_the_feed_reads_story_text_from_the_replica_and_the_policy_from_the_primary(
    replica: str, alice: User, bob: User
) -> None:
    shown = publish(alice, "Shown to everyone, read from the replica.", hashtags=["metoo"])
    services.block_from_story(blocker=bob, story_id=shown.public_id)
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections[replica]) as on_replica,
    ):
        page = selectors.story_feed(viewer=bob, filters=FeedFilters())
        anyone = selectors.story_feed(viewer=None, filters=FeedFilters())  # type: ignore[arg-type]
    # Bob blocked alice from her signed story: the primary's policy keeps it out of his feed.
    assert page.items == []
    assert [story.pk for story in anyone.items] == [shown.pk]
    replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    primary_sql = " ".join(query["sql"] for query in on_primary.captured_queries)
    assert "stories_story" in replica_sql
    assert "stories_block" not in replica_sql
    assert "stories_block" in primary_sql


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_a_story_the_replica_has_not_caught_up_with_comes_from_the_primary(
    replica: str, alice: User
) -> None:
    older = publish(alice, "Shared a while ago.")
    with transaction.atomic():
        # Not committed yet: the replica's connection cannot see these changes.
        story = publish(alice, "Just shared; the replica lags behind.")
        Story.objects.filter(pk=older.pk).update(author_name="", signature="anonymous")
        page = selectors.story_feed(viewer=alice, filters=FeedFilters())
    assert [item.pk for item in page.items] == [story.pk, older.pk]
    # An account deletion anonymises without an edit: the replica's signed copy is not used.
    assert page.items[1].author_name == ""
    assert page.items[0].body == "Just shared; the replica lags behind."


@pytest.mark.django_db
def test_a_members_requests_after_their_write_stay_on_the_primary(
    replica: str, alice_client: Client, bob: User
) -> None:
    story = publish(bob, "A story alice answers.")
    seen: list[bool] = []

    def spy(model: type, **hints: object) -> str:
        if model is Story:
            seen.append(dbrouting._pinned.get())
        return "default"

    router = dbrouting.ReplicaRouter()
    router.db_for_read = spy  # type: ignore[method-assign]
    from django.db import router as django_router

    django_router.routers = [router]
    alice_client.get("/stories/")
    assert seen
    assert not any(seen)  # an ordinary read: a replica may answer
    seen.clear()
    alice_client.post(f"/stories/{story.public_id}/react/me_too/")
    assert seen
    assert all(seen)  # a write request reads from the primary
    seen.clear()
    alice_client.get("/stories/")  # her next read follows her own write
    assert seen
    assert all(seen)


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_a_replica_that_does_not_answer_is_skipped_not_a_503(
    replica: str, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    publish(alice, "Read from the primary while the replica is down.", hashtags=["metoo"])
    monkeypatch.setattr(dbrouting, "_down_until", {})

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections[replica], "cursor", refuse)
    page = selectors.story_feed(viewer=alice, filters=FeedFilters())
    assert [item.body for item in page.items] == [
        "Read from the primary while the replica is down."
    ]
    # Left out for a while: the next read goes straight to the primary.
    with dbrouting.replica_reads():
        assert dbrouting.ReplicaRouter().db_for_read(Story) == "default"
    assert Client().get("/tags/metoo/").status_code == 200
    monkeypatch.setattr(dbrouting, "_down_until", {})
    with dbrouting.replica_reads():
        assert dbrouting.ReplicaRouter().db_for_read(Story) == replica
