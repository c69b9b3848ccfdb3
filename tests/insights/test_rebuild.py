"""Rebuilding the facts while the site runs (the second break-it review of issue 12): a
release made meanwhile never reads a table emptied for the rebuild, and a story taken out
of the statistics during the rebuild never gets its fact back."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import pytest
from django.db import connection

from notalone.accounts.models import User
from notalone.insights import facts
from notalone.insights.models import StoryFact
from notalone.stories import services
from notalone.stories.services.stories import story_fields_of
from tests.insights.conftest import share


@pytest.mark.django_db
def test_no_batch_leaves_the_table_without_the_facts_of_other_stories(
    authors: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The former rebuild emptied the table first: a release between two batches counted only
    the stories rebuilt so far, and froze that count."""
    for author in authors:
        share(author)
    seen: list[int] = []
    copy = facts.fact_values

    def watched(row: tuple[Any, ...]) -> tuple[Any, ...]:
        seen.append(StoryFact.objects.count())
        return copy(row)

    monkeypatch.setattr(facts, "fact_values", watched)
    assert facts.rebuild_facts(batch=2) == len(authors)
    assert seen == [len(authors)] * len(authors)
    assert StoryFact.objects.count() == len(authors)


@pytest.mark.django_db(transaction=True)
def test_an_opt_out_during_a_rebuild_is_not_undone(
    authors: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild reads a batch; the author says "do not count my story" and commits; the
    batch must not then write the story's fact back (READ COMMITTED on PostgreSQL; SQLite's
    IMMEDIATE transactions serialise the two anyway)."""
    story = share(authors[0])
    share(authors[1])
    reading, go = threading.Event(), threading.Event()
    copy = facts.fact_values

    def paused(row: tuple[Any, ...]) -> tuple[Any, ...]:
        if not reading.is_set():
            reading.set()
            go.wait(10)
        return copy(row)

    monkeypatch.setattr(facts, "fact_values", paused)
    errors: list[BaseException] = []

    def in_thread(work: Any) -> threading.Thread:
        def run() -> None:
            try:
                work()
            except BaseException as error:
                errors.append(error)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def opt_out() -> None:
        fields = dataclasses.replace(story_fields_of(story), in_statistics=False)
        services.story_edit(story=story, editor=authors[0], fields=fields)

    rebuild = in_thread(lambda: facts.rebuild_facts(batch=100))
    assert reading.wait(10)
    writer = in_thread(opt_out)
    writer.join(0.5)  # with the stories held, it waits for the batch (or fails on SQLite)
    go.set()
    rebuild.join(20)
    writer.join(20)
    assert not rebuild.is_alive()
    assert not writer.is_alive()
    if connection.vendor == "postgresql":
        assert errors == []
    assert not StoryFact.objects.filter(story_id=story.pk).exists() or errors
