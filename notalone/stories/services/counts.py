"""Hashtags on stories and the counts hashtag pages show.

A hashtag's public story count and its daily timeline may lag a few seconds: a background job
(``reconcile_hashtag_counts``) brings them in step with each story's state after every story
event. It compares each (story, hashtag) pair's ``counted`` flag with whether the story is
public now and applies only the difference, so running it twice counts once. Removing a pair
(an edited or deleted story) takes it out of the counts in the same transaction, because the
job could not find a pair that no longer exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from notalone.stories.models import Hashtag, HashtagDay, Story, StoryEvent, StoryHashtag
from notalone.stories.text import look_alike


def hashtags_for(tags: list[tuple[str, str]]) -> list[Hashtag]:
    """The Hashtag rows for (display name, matching key) pairs, made when new."""
    found = {h.key: h for h in Hashtag.objects.filter(key__in=[key for _, key in tags])}
    for name, key in tags:
        if key not in found:
            found[key], _created = Hashtag.objects.get_or_create(
                key=key, defaults={"name": name, "look_alike": look_alike(name)}
            )
    return [found[key] for _, key in tags]


def _apply(day: datetime.date, hashtag_ids: Iterable[int], delta: int) -> None:
    ids = list(hashtag_ids)
    if not ids or not delta:
        return
    Hashtag.objects.filter(id__in=ids).update(public_story_count=F("public_story_count") + delta)
    # One upsert per hashtag (SQLite and PostgreSQL share the ON CONFLICT syntax).
    table = HashtagDay._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (hashtag_id, day, story_count) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (hashtag_id, day) DO UPDATE SET story_count = {table}.story_count + %s",
            [(hashtag_id, day, max(delta, 0), delta) for hashtag_id in ids],
        )


def uncount_pairs(story: Story, pairs: Iterable[StoryHashtag]) -> None:
    """Take pairs about to be removed out of the counts (in the removing transaction)."""
    counted = [pair.hashtag_id for pair in pairs if pair.counted]
    _apply(timezone.localdate(story.created_at), counted, -1)


@transaction.atomic
def reconcile_hashtag_counts(event: StoryEvent) -> None:
    """The background job: make the counts agree with the story as it is now."""
    pairs = list(StoryHashtag.objects.select_for_update().filter(story_id=event.story_pk))
    if not pairs:
        return
    story = Story.objects.filter(pk=event.story_pk).first()
    if story is None:
        return
    public = story.is_public
    changed = [pair for pair in pairs if pair.counted != public]
    _apply(
        timezone.localdate(story.created_at),
        [pair.hashtag_id for pair in changed],
        +1 if public else -1,
    )
    StoryHashtag.objects.filter(pk__in=[pair.pk for pair in changed]).update(counted=public)
