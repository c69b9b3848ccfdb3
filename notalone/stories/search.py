"""Full-text search over stories, the same on SQLite and PostgreSQL.

Text is folded and cut into terms in Python (``core.unitext``: NFKC_Casefold, accents,
harakat and niqqud folded, combining marks kept inside words, every apostrophe read as
U+0027, UAX #29 words, and a document's words with an apostrophe also cut into their parts,
bigrams of scripts written without spaces, one term per emoji with skin tones and
presentation selectors folded away: ``core.emoji``), so neither database's own tokenizer
decides anything. Each story's terms (title, body and hashtags) are kept in one row of ``StorySearchDocument`` as
space-separated ASCII words (``unitext.encode_term``), which each database indexes as opaque
words:

- SQLite: an external-content FTS5 table ``stories_search_fts`` (``tokenize='ascii'``,
  ``detail=none``) kept in step with the document table by triggers (migration
  ``0006_search_documents_folded_in_python``);
- PostgreSQL: a stored generated column ``terms_tsv = to_tsvector('simple', terms)`` with a
  GIN index.

Each term's number of documents is kept in ``StorySearchTerm``, in the transaction that writes
or deletes the document (a cascade's deletion included); PostgreSQL's search chooses its plan
from it (``filter_matching``). ``rebuild_term_counts`` counts them all again (bulk loads).

A query is folded and cut the same way; a story matches when its document holds every term
(a lone Han, Kana, Hangul or Thai character matches as a prefix). So both databases return the
same stories for the same query. New and edited text is indexed by a background job (the
``stories.search`` subscriber of the story events); text leaves the index at once, in the
request that edits or deletes the story, so words an author took out can never find their
story again. A result is only ever one of ``policy.visible_stories``. No query syntax is
exposed: every input is plain words, and no input can make the query fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete

from notalone.core import unitext
from notalone.stories.models import Story, StoryHashtag, StorySearchDocument, StorySearchTerm

FTS_TABLE = "stories_search_fts"
DOCUMENT_TABLE = StorySearchDocument._meta.db_table


def document_terms(*, title: str, body: str, hashtags: Iterable[str] = ()) -> str:
    """The stored document: the encoded terms of the title, the body and the hashtags'
    names, each once, separated by spaces."""
    seen: dict[str, None] = {}
    for text in (title, body, *hashtags):
        for term in unitext.terms(text):
            seen[unitext.encode_term(term)] = None
    return " ".join(seen)


def index_story(story: Story) -> None:
    """Put the story's current text and hashtags in the index, replacing what was there, and
    count the terms it gained and lost (idempotent)."""
    terms = document_terms(
        title=story.title,
        body=story.body,
        hashtags=StoryHashtag.objects.filter(story=story).values_list("name", flat=True),
    )
    with transaction.atomic():
        old = (
            StorySearchDocument.objects.select_for_update()
            .filter(story_id=story.pk)
            .values_list("terms", flat=True)
            .first()
        )
        StorySearchDocument.objects.update_or_create(story_id=story.pk, defaults={"terms": terms})
        before, after = set((old or "").split()), set(terms.split())
        _count_terms({**dict.fromkeys(after - before, 1), **dict.fromkeys(before - after, -1)})


def unindex_story(story_id: int) -> None:
    """Take the story's terms out of the index (and, through ``_uncount``, their counts)."""
    StorySearchDocument.objects.filter(story_id=story_id).delete()


def _uncount(sender: type, instance: StorySearchDocument, **kwargs: object) -> None:
    """After any deletion of a document, ``unindex_story``'s or a cascade's (a story or an
    account deleted), its terms are counted out. (With this receiver connected, Django loads
    each document it deletes instead of deleting them in one statement.)"""
    _count_terms(dict.fromkeys(instance.terms.split(), -1))


post_delete.connect(_uncount, sender=StorySearchDocument, dispatch_uid="stories.search.uncount")


def _count_terms(deltas: dict[str, int]) -> None:
    """Add each delta to its term's count of documents, in the terms' order (so concurrent
    jobs lock shared rows in one order and cannot deadlock)."""
    terms = sorted(term for term, delta in deltas.items() if delta)
    table = StorySearchTerm._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(terms), 500):
            chunk = terms[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} (term, stories) VALUES "  # noqa: S608 (constant names)
                + ", ".join(["(%s, %s)"] * len(chunk))
                + f" ON CONFLICT (term) DO UPDATE SET stories = {table}.stories + excluded.stories",
                [value for term in chunk for value in (term, deltas[term])],
            )


def reindex_where(apps: Any, affected: Callable[[str], bool]) -> None:
    """For a data migration after a change to the folding: compute again the document of
    every indexed story whose title, body or a tag's name ``affected`` says may now be cut
    differently, store the ones that changed, and then, if any did, count every term again.
    ``apps`` is the migration's registry of historical models. Stories are read in batches
    of 2,000 in the order of their keys."""
    Story = apps.get_model("stories", "Story")
    StoryHashtagModel = apps.get_model("stories", "StoryHashtag")
    Document = apps.get_model("stories", "StorySearchDocument")
    changed = False
    last = 0
    while True:
        batch = list(
            Story.objects.filter(pk__gt=last, search_document__isnull=False)
            .order_by("pk")
            .values("pk", "title", "body", "search_document__terms")[:2000]
        )
        if not batch:
            break
        last = batch[-1]["pk"]
        names: dict[int, list[str]] = {}
        for story_id, name in StoryHashtagModel.objects.filter(
            story_id__in=[row["pk"] for row in batch]
        ).values_list("story_id", "name"):
            names.setdefault(story_id, []).append(name)
        for row in batch:
            tags = names.get(row["pk"], [])
            if not any(affected(text) for text in (row["title"], row["body"], *tags)):
                continue
            terms = document_terms(title=row["title"], body=row["body"], hashtags=tags)
            if terms != row["search_document__terms"]:
                Document.objects.filter(story_id=row["pk"]).update(terms=terms)
                changed = True
    if changed:
        rebuild_term_counts()


def rebuild_term_counts() -> None:
    """Count every term's documents again from the documents themselves (a migration, a
    bulk load or a repair; idempotent)."""
    table = StorySearchTerm._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        if connection.vendor == "sqlite":
            # FTS5's own vocabulary: with detail=none, "doc" is the number of documents.
            cursor.execute(
                f"CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, {FTS_TABLE}, row)"
            )
            cursor.execute(
                f"INSERT INTO {table} (term, stories) SELECT term, doc FROM search_vocab"  # noqa: S608
            )
            cursor.execute("DROP TABLE temp.search_vocab")
        else:
            cursor.execute(
                f"INSERT INTO {table} (term, stories) SELECT term, COUNT(*) "  # noqa: S608
                f"FROM {DOCUMENT_TABLE}, unnest(string_to_array(terms, ' ')) AS term "
                "WHERE term <> '' GROUP BY term"
            )


def _sqlite_match(terms: list[unitext.Term]) -> str:
    # Encoded terms are ASCII letters only: quoted, FTS5 reads each as one plain token.
    return " ".join(f'"{term.encoded}"' + ("*" if term.prefix else "") for term in terms)


def _postgres_query(terms: list[unitext.Term]) -> str:
    return " & ".join(f"'{term.encoded}'" + (":*" if term.prefix else "") for term in terms)


def matching_ids_sql(query: str) -> tuple[str, list[str]] | None:
    """SQL selecting the ids of stories that match ``query``, with its parameters; None when
    the query has no words at all."""
    terms = unitext.query_terms(query)
    if not terms:
        return None
    if connection.vendor == "sqlite":
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return sql, [_sqlite_match(terms)]
    # terms_tsv: to_tsvector('simple', terms), stored and GIN-indexed (migration 0006).
    return _postgres_sql(terms, indexed=True)


# The name under which ``filter_matching`` selects the story id to order results by.
ORDER_FIELD = "search_order"
# On PostgreSQL, a query expected to match at most this many stories is looked up in the GIN
# index and its matches taken as a list of ids; one expected to match more walks the stories
# newest first (see ``filter_matching``).
FEW_MATCHES = 2000
# On PostgreSQL, how long the newest-first walk of a query of several words may look for a
# page before the search takes the matching ids from the index instead, in milliseconds.
WALK_MILLISECONDS = 50
# A page and one more: the most a feed page asks for.
PAGE_PROBE = 51


def _postgres_sql(terms: list[unitext.Term], *, indexed: bool) -> tuple[str, list[str]]:
    # ts_match_vq is the function behind @@: called by name, the planner cannot use the GIN
    # index for it, so it walks the documents in the order asked for.
    test = "terms_tsv @@ {}" if indexed else "ts_match_vq(terms_tsv, {})"
    where = test.format("to_tsquery('simple'::regconfig, %s)")
    return f"SELECT story_id FROM {DOCUMENT_TABLE} WHERE {where}", [_postgres_query(terms)]  # noqa: S608


def estimated_matches(terms: list[unitext.Term]) -> float:
    """PostgreSQL: how many documents are expected to hold every term, from each term's
    count of documents (``StorySearchTerm``; a prefix counts every term it starts) and the
    number of documents, as if the terms were independent. Zero when a term is in none."""
    table = StorySearchTerm._meta.db_table
    parts, params = [], []
    for term in terms:
        if term.prefix:
            # Encoded terms use the letters a to p: "q" sorts after every continuation.
            parts.append(
                f"(SELECT COALESCE(SUM(stories), 0) FROM {table} WHERE term >= %s AND term < %s)"  # noqa: S608
            )
            params += [term.encoded, term.encoded + "q"]
        else:
            parts.append(f"(SELECT COALESCE(SUM(stories), 0) FROM {table} WHERE term = %s)")  # noqa: S608
            params.append(term.encoded)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT GREATEST(reltuples, 1) FROM pg_class WHERE oid = %s::regclass), "  # noqa: S608
            + ", ".join(parts),
            [DOCUMENT_TABLE, *params],
        )
        documents, *counts = (float(value) for value in cursor.fetchone())
    estimate = documents
    for count in counts:
        estimate *= min(count, documents) / documents
    return estimate


def _walk_finds_a_page(sql: str, params: list[str]) -> bool:
    """Whether walking the documents newest first finds a page of matches within
    ``WALK_MILLISECONDS``: for a query of several common words, whose estimate assumes they
    are independent (two common words that are never written together would otherwise walk
    every story)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)", [str(WALK_MILLISECONDS)]
            )
            cursor.execute(f"{sql} ORDER BY story_id DESC LIMIT %s", [*params, PAGE_PROBE])
            found = len(cursor.fetchall())
            # Inside a request's transaction the savepoint's release keeps local settings.
            cursor.execute("SELECT set_config('statement_timeout', '0', true)")
    except OperationalError:  # the timeout: canceling statement due to statement timeout
        return False
    return found >= PAGE_PROBE


def filter_matching(queryset: QuerySet[Story], query: str) -> QuerySet[Story]:
    """The stories of ``queryset`` that match ``query``, with ``ORDER_FIELD`` to order them by
    (newest first: ``order_by(f"-{ORDER_FIELD}")``).

    On SQLite the FTS5 table is joined and ordered by its own rowid, so SQLite walks the
    matches newest first and stops after a page, however many stories match (ordering by the
    story's id instead would sort every match). PostgreSQL orders by the story's primary key
    and chooses by ``estimated_matches``: a query expected in more than ``FEW_MATCHES``
    stories walks the documents newest first (a page is near; several words are first tried
    under ``WALK_MILLISECONDS``), and a rarer one takes its matching ids from the GIN index
    (its own estimates, from sampled statistics, took a word in ten stories for one in a
    thousand and walked every story looking for it). Both ways give the same stories."""
    terms = unitext.query_terms(query)
    if not terms:
        return queryset.none().extra(select={ORDER_FIELD: "stories_story.id"})  # noqa: S610
    if connection.vendor == "sqlite":
        return queryset.extra(  # noqa: S610 (parameterised; the names are constants)
            select={ORDER_FIELD: f"{FTS_TABLE}.rowid"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = stories_story.id", f"{FTS_TABLE} MATCH %s"],
            params=[_sqlite_match(terms)],
        )
    sql, params = _postgres_sql(terms, indexed=True)
    walk = estimated_matches(terms) > FEW_MATCHES and (
        len(terms) == 1 or _walk_finds_a_page(*_postgres_sql(terms, indexed=False))
    )
    if walk:
        matching = queryset.filter(id__in=RawSQL(*_postgres_sql(terms, indexed=False)))  # noqa: S611
    else:
        # Few stories match: their ids, found through the GIN index, are the filter.
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s", [*params, FEW_MATCHES + 1])
            ids = [row[0] for row in cursor.fetchall()]
        matching = queryset.filter(id__in=ids if len(ids) <= FEW_MATCHES else RawSQL(sql, params))  # noqa: S611
    return matching.extra(select={ORDER_FIELD: "stories_story.id"})  # noqa: S610
