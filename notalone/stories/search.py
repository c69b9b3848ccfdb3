"""Full-text search over stories: SQLite FTS5, or PostgreSQL's own full-text search.

SQLite keeps a separate FTS5 table (``stories_story_fts``, rowid = story id) that the story
services update in the same transaction as the story. PostgreSQL searches an expression
index (GIN over ``to_tsvector('simple', title || ' ' || body)``), so there is nothing to keep
in step. Both take the reader's words as plain words: no query syntax is exposed, so no
input can make the query fail.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from notalone.stories.models import Story

FTS_TABLE = "stories_story_fts"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12


def words(query: str) -> list[str]:
    return _WORD.findall(query)[:MAX_WORDS]


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def index_story(story: Story, *, new: bool = False) -> None:
    if not _is_sqlite():
        return
    with connection.cursor() as cursor:
        if not new:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [story.pk, story.title, story.body],
        )


def unindex_story(story_id: int) -> None:
    if not _is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story_id])  # noqa: S608


def filter_matching(queryset: QuerySet[Story], query: str) -> QuerySet[Story]:
    terms = words(query)
    if not terms:
        return queryset.none()
    if _is_sqlite():
        # Each word quoted: FTS5 treats it as a plain token, never as an operator.
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return queryset.filter(id__in=RawSQL(sql, [match]))  # noqa: S611 (parameterised)
    # The same expression as the GIN index made in migration 0002, so the index is used.
    return queryset.extra(
        where=[
            "to_tsvector('simple'::regconfig, stories_story.title || ' ' || stories_story.body) "
            "@@ plainto_tsquery('simple'::regconfig, %s)"
        ],
        params=[" ".join(terms)],
    )
