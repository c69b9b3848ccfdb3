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


def rebuild_facts(*, batch: int = 20_000) -> int:
    """Rebuild every fact from the stories (after an import, or to repair); returns how many
    stories count. Runs in batches so a million stories never sit in memory at once."""
    StoryFact.objects.all().delete()
    table = connection.ops.quote_name(StoryFact._meta.db_table)
    made = 0
    last = 0
    columns = ("pk", *STORY_COLUMNS, "visibility", "in_statistics", "moderation_status")
    fact_columns = ", ".join(connection.ops.quote_name(name) for name in FACT_COLUMNS)
    while True:
        with transaction.atomic():
            rows = list(
                Story.objects.filter(pk__gt=last).order_by("pk").values_list(*columns)[:batch]
            )
            if not rows:
                return made
            last = rows[-1][0]
            counted = [
                row
                for row in rows
                if row[10] == ModerationStatus.VISIBLE
                and counts_in_statistics(visibility=row[8], in_statistics=row[9])
            ]
            tags: dict[int, list[str]] = {}
            for story_id, key in (
                StoryHashtag.objects.filter(story_id__gt=rows[0][0] - 1, story_id__lte=last)
                .order_by("pk")
                .values_list("story_id", "hashtag__key")
            ):
                tags.setdefault(story_id, []).append(key)
            # Plain INSERTs: a million model instances would cost minutes of Python here.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (story_id, {fact_columns}, hashtags)"  # noqa: S608 (quoted names, no input)
                    f" VALUES ({', '.join(['%s'] * (len(FACT_COLUMNS) + 2))})",
                    [
                        (
                            row[0],
                            *fact_values(row[1 : 1 + len(STORY_COLUMNS)]),
                            json.dumps(tags.get(row[0], [])),
                        )
                        for row in counted
                    ],
                )
            made += len(counted)
