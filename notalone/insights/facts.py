"""Keeping ``StoryFact`` in step with the stories (the ``insights.facts`` subscriber).

A story has a fact exactly when it counts in the statistics: it exists, no moderator hid it,
and its author allows it (``stories.schema.counts_in_statistics``). The handler makes that
true for one story whatever state it finds, so running it twice changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction

from notalone.insights.models import StoryFact
from notalone.insights.periods import period_of
from notalone.stories.models import ModerationStatus, Story, StoryHashtag
from notalone.stories.schema import counts_in_statistics

# What a fact copies of its story, read with ``values_list`` in this order; the fact's columns
# are the same with ``created_at`` made into the period.
STORY_COLUMNS = ("author_id", "created_at", "what", "where", "who", "country", "language")
FACT_COLUMNS = ("author_id", "period", "what", "where", "who", "country", "language")


def fact_values(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A story's ``STORY_COLUMNS`` as the fact's ``FACT_COLUMNS`` (the one place they are
    copied, for the subscriber and for a rebuild alike)."""
    author_id, created_at, *rest = row
    return (author_id, period_of(created_at), *rest)


def story_counts(story: Story) -> bool:
    return story.moderation_status == ModerationStatus.VISIBLE and counts_in_statistics(
        visibility=story.visibility, in_statistics=story.in_statistics
    )


@transaction.atomic
def sync_story_fact(story_pk: int) -> None:
    """Make the story's fact agree with the story as it is now (none if it is gone)."""
    story = Story.objects.select_for_update().filter(pk=story_pk).first()
    if story is None or not story_counts(story):
        StoryFact.objects.filter(story_id=story_pk).delete()
        return
    keys = list(
        StoryHashtag.objects.filter(story_id=story_pk)
        .order_by("pk")
        .values_list("hashtag__key", flat=True)
    )
    values = fact_values(tuple(getattr(story, name) for name in STORY_COLUMNS))
    StoryFact.objects.update_or_create(
        story_id=story_pk,
        defaults=dict(zip(FACT_COLUMNS, values, strict=True)) | {"hashtags": keys},
    )


def _hold_stories() -> None:
    """PostgreSQL: hold the stories table in EXCLUSIVE mode until the transaction ends (reads
    go on; writes and row locks wait). A story change (an author's "do not count", a moderator
    hiding it, an account deletion) writes or locks the story in the transaction that updates
    its fact, so it either commits before the lock is granted (and the batch reads it) or waits
    until the batch has committed (and its own update of the fact comes after). Without it,
    under READ COMMITTED, a batch could read a story, the author take it out and commit, and
    the batch then write the fact back. (SHARE mode is not enough: a change that has locked
    its story's row would wait for the batch while the batch's insert, checking the foreign
    key, waits for that row.) SQLite needs nothing: every transaction begins IMMEDIATE,
    holding the one write lock."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Story._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")


def rebuild_facts(*, batch: int = 20_000) -> int:
    """Rebuild every fact from the stories (after an import, or to repair); returns how many
    stories count. Runs in batches of stories so a million never sit in memory at once.

    Each batch replaces the facts of its range of stories in one transaction, with the
    stories table held (``_hold_stories``): a release running meanwhile reads every story's
    fact, old or new, never a table emptied for the rebuild, and a story taken out of the
    statistics during the rebuild never gets its fact back."""
    table = connection.ops.quote_name(StoryFact._meta.db_table)
    made = 0
    last = 0
    columns = ("pk", *STORY_COLUMNS, "visibility", "in_statistics", "moderation_status")
    fact_columns = ", ".join(connection.ops.quote_name(name) for name in FACT_COLUMNS)
    while True:
        with transaction.atomic():
            _hold_stories()
            rows = list(
                Story.objects.filter(pk__gt=last).order_by("pk").values_list(*columns)[:batch]
            )
            if not rows:
                # Facts go with their stories (a cascade): none can be left past the last one.
                StoryFact.objects.filter(story_id__gt=last).delete()
                return made
            first, last = last, rows[-1][0]
            counted = [
                row
                for row in rows
                if row[10] == ModerationStatus.VISIBLE
                and counts_in_statistics(visibility=row[8], in_statistics=row[9])
            ]
            tags: dict[int, list[str]] = {}
            for story_id, key in (
                StoryHashtag.objects.filter(story_id__gt=first, story_id__lte=last)
                .order_by("pk")
                .values_list("story_id", "hashtag__key")
            ):
                tags.setdefault(story_id, []).append(key)
            facts = [
                (
                    row[0],
                    *fact_values(row[1 : 1 + len(STORY_COLUMNS)]),
                    json.dumps(tags.get(row[0], [])),
                )
                for row in counted
            ]
            StoryFact.objects.filter(story_id__gt=first, story_id__lte=last).delete()
            # Plain INSERTs: a million model instances would cost minutes of Python here.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (story_id, {fact_columns}, hashtags)"  # noqa: S608 (quoted names, no input)
                    f" VALUES ({', '.join(['%s'] * (len(FACT_COLUMNS) + 2))})",
                    facts,
                )
            made += len(counted)
