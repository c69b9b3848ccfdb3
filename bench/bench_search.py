"""Search at scale: the search page's query (``selectors.story_feed`` with ``q``) over N stories,
on SQLite or PostgreSQL, with the folded-terms index of issue 11, and that index's size.

    python bench/bench_search.py --db sqlite   [--stories 1000000]
    python bench/bench_search.py --db postgres [--stories 1000000]

1. Makes a fresh database (SQLite file in a temporary data directory, or the PostgreSQL
   database ``notalone_bench_search``) and migrates it.
2. Generates the stories with bulk inserts: each has three sentences from a multilingual
   pool (English, Spanish, Arabic, Hindi, Japanese, Chinese, Korean, Thai) and four words
   drawn from a synthetic vocabulary of 50,000 words with a Zipf-like distribution (so some
   queries match a handful of stories and some a large share), and the #MeToo hashtag. Their
   search documents come from the site's own ``search.document_terms``, memoised per sentence
   and word (the first 2,000 are computed from the whole text, timed, and checked equal to
   the memoised ones), and are bulk-loaded; the index is then built by the database
   (FTS5 ``rebuild``; PostgreSQL ``CREATE INDEX`` on the stored tsvector column).
3. Runs each query of a fixed mix 15 times after one warm-up, in-process: the search query
   alone (the ids of the first page, through ``policy.visible_stories`` and
   ``search.filter_matching``) and the whole page (``selectors.story_feed``: 20 stories built
   as objects with their hashtags, as the search page gets them), and prints medians and the
   95th percentile, the feed without a search for comparison, and the size of the search
   tables and index.

Everything targets the local database and stops by itself. Results are printed as Markdown.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bulkdata import (
    NO_PASSWORD,
    StoryRows,
    bulk_insert,
    fresh_postgres,
    insert_hashtags,
    insert_members,
    postgres_url,
    setup_django,
)

PG_DATABASE = "notalone_bench_search"
SENTENCES = [
    "It happened at my first job and I told no one for years.",
    "A colleague kept making comments that made me dread every meeting.",
    "I am writing this because reading other stories here helped me.",
    "Someone online would not stop sending me messages.",
    "Mi jefe me acosó durante dos años y nadie me creyó.",
    "تعرضت للتحرّش في العمل ولم أخبر أحداً.",
    "मुझे काम पर हिंसा का सामना करना पड़ा।",
    "私は職場でセクハラを受けました。",
    "我在公司遭遇了性侵\uff0c后来才说出来。",
    "회사에서 성희롱을 당했습니다.",
    "ฉันถูกล่วงละเมิดทางเพศที่ทำงาน",
    "It was not my fault, and I am learning to believe that.",
]
QUERIES = [
    ("rare word", "RARE"),
    ("mid-frequency word", "MID"),
    ("common English word", "colleague"),
    ("two English words", "colleague meeting"),
    ("hashtag on every story", "#MeToo"),
    ("Japanese, no spaces", "セクハラ"),
    ("Chinese, two characters", "性侵"),
    ("Arabic without diacritics", "للتحرش"),
    ("Hindi", "हिंसा"),
    ("no match", "lighthousekeeper"),
]
VOCABULARY = 50_000
WORDS_PER_STORY = 4
# Stories whose document is computed from the whole text (and checked against the memoised one).
CHECKED = 2_000


def configure(db: str, *, fresh: bool = True, data_dir: str = "") -> None:
    if data_dir and fresh:
        (Path(data_dir) / "notalone.sqlite3").unlink(missing_ok=True)
    url = None
    if db == "postgres":
        url = fresh_postgres(PG_DATABASE) if fresh else postgres_url(PG_DATABASE)
    setup_django(
        database_url=url, data_dir=data_dir, prefix="notalone-bench-search-", migrate=fresh
    )


def vocabulary(rng: random.Random) -> list[str]:
    letters = "bcdfghjklmnpqrstvwxz"
    vowels = "aeiou"
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        syllables = rng.randint(2, 4)
        words["".join(rng.choice(letters) + rng.choice(vowels) for _ in range(syllables))] = None
    return list(words)


def zipf_index(rng: random.Random) -> int:
    # Rank r drawn with probability about 1/r (a log-uniform draw over the ranks).
    return min(VOCABULARY - 1, int(VOCABULARY ** rng.random()) - 1)


def generate(stories: int) -> dict[str, float]:
    from django.db import connection, transaction

    from notalone.core.fields import new_public_id
    from notalone.stories.search import document_terms

    rng = random.Random(11)

    @functools.cache
    def part_terms(text: str) -> tuple[str, ...]:
        return tuple(document_terms(title="", body=text).split())

    def terms_of(parts: list[str]) -> str:
        found: dict[str, None] = {}
        for part in [*parts, "MeToo"]:
            found.update(dict.fromkeys(part_terms(part)))
        return " ".join(found)

    words = vocabulary(rng)
    vendor = connection.vendor
    now = datetime.datetime.now(datetime.UTC)
    first_day = now - datetime.timedelta(days=365)
    timings: dict[str, float] = {}

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            # Documents are loaded first and indexed once (FTS5 "rebuild"), not row by row.
            for trigger in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER stories_search_fts_{trigger}")
        else:
            cursor.execute("DROP INDEX story_search_terms_idx")
    with transaction.atomic():
        insert_members(1, prefix="bench", joined_on=now.date(), password=NO_PASSWORD)
        insert_hashtags(["MeToo"])
    stories_table = StoryRows()
    start = time.perf_counter()
    terms_seconds = 0.0
    batch = 10_000
    for base in range(1, stories + 1, batch):
        story_rows, tag_rows, document_rows = [], [], []
        for i in range(base, min(base + batch, stories + 1)):
            picked = rng.sample(SENTENCES, 3)
            drawn = [words[zipf_index(rng)] for _ in range(WORDS_PER_STORY)]
            body = " ".join(picked + drawn)
            created = first_day + datetime.timedelta(seconds=(i * 365 * 86400) // stories)
            html = f"<p>{body}</p>"
            story_rows.append(
                stories_table.row(
                    id=i,
                    public_id=new_public_id(),
                    author_id=1,
                    signature="anonymous",
                    author_name="bench1",
                    body=body,
                    body_html=html,
                    created_at=created,
                    updated_at=created,
                )
            )
            tag_rows.append((i, 1, True))
            parts = [*picked, *drawn]
            if i <= CHECKED:
                # The whole text through the site's own code, timed, and compared with the
                # memoised parts below, which give the same document much faster.
                started = time.perf_counter()
                whole = document_terms(title="", body=body, hashtags=["MeToo"])
                terms_seconds += time.perf_counter() - started
                assert whole == terms_of(parts), i
            document_rows.append((i, terms_of(parts)))
        with transaction.atomic():
            bulk_insert("stories_story", stories_table.columns, story_rows)
            bulk_insert("stories_storyhashtag", ["story_id", "hashtag_id", "counted"], tag_rows)
            bulk_insert("stories_storysearchdocument", ["story_id", "terms"], document_rows)
        print(f"  {min(base + batch - 1, stories):>9,} stories", end="\r", flush=True)
    print()
    timings["stories and documents (s)"] = time.perf_counter() - start
    timings[f"folding and cutting in Python, ms per story (first {CHECKED:,})"] = (
        terms_seconds * 1000 / min(CHECKED, stories)
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("INSERT INTO stories_search_fts(stories_search_fts) VALUES ('rebuild')")
            from importlib import import_module

            migration = import_module(
                "notalone.stories.migrations.0006_search_documents_folded_in_python"
            )
            for statement in migration.SQLITE_CREATE[-3:]:
                cursor.execute(statement)
            cursor.execute("ANALYZE")
        else:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(
                "CREATE INDEX story_search_terms_idx ON stories_storysearchdocument "
                "USING GIN (terms_tsv)"
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('stories_story', 'id'), %s)", [stories]
            )
            cursor.execute("VACUUM ANALYZE")
    timings["index build (s)"] = time.perf_counter() - start
    from notalone.stories.search import rebuild_term_counts

    start = time.perf_counter()
    rebuild_term_counts()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE stories_storysearchterm")
    timings["counting each term's documents (s)"] = time.perf_counter() - start
    timings["rare word"] = words[VOCABULARY - 7]  # type: ignore[assignment]
    timings["mid word"] = words[60]  # type: ignore[assignment]
    return timings


def index_size() -> dict[str, int]:
    from django.db import connection

    sizes: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'stories_search_fts%' "
                "OR name LIKE 'stories_storysearchdocument%' "
                "OR name LIKE 'sqlite_autoindex_stories_storysearchterm%' "
                "OR name = 'stories_storysearchterm' GROUP BY name"
            )
            sizes.update({name: int(size) for name, size in cursor.fetchall()})
        else:
            cursor.execute("SELECT pg_total_relation_size('stories_storysearchdocument')")
            sizes["stories_storysearchdocument (table, TOAST and indexes)"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_relation_size('story_search_terms_idx')")
            sizes["story_search_terms_idx (GIN)"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_total_relation_size('stories_storysearchterm')")
            sizes["stories_storysearchterm (counts, with its index)"] = cursor.fetchone()[0]
    return sizes


def _server_cpu_seconds() -> float:
    """CPU time used so far by this connection's database server process (PostgreSQL on the
    same machine; 0 for SQLite, whose work is this process's own)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


CPU: dict[str, float] = {}


def _timed(action: Callable[[], object], runs: int, cpu_key: str = "") -> list[float]:
    action()  # warm-up
    times = []
    cpu_started, server_started = time.process_time(), _server_cpu_seconds()
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    if cpu_key:
        # Client and server CPU per run, in ms (the server's in clock ticks of 10 ms).
        used = time.process_time() - cpu_started + _server_cpu_seconds() - server_started
        CPU[cpu_key] = used * 1000 / runs
    return sorted(times)


def measure(query: str, runs: int = 15) -> tuple[float, float, float]:
    """(median of the search query alone, median and p95 of the whole page), in ms; the CPU
    time of each (this process and the database server's) goes to ``CPU``."""
    from django.contrib.auth.models import AnonymousUser

    from notalone.stories import policy, search, selectors
    from notalone.stories.selectors import FeedFilters

    def page() -> None:
        selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query))

    def ids() -> None:
        visible = policy.visible_stories(viewer=AnonymousUser())
        matching = search.filter_matching(visible, query).order_by(f"-{search.ORDER_FIELD}")
        list(matching.values_list("id", flat=True)[:21])

    alone = _timed(ids, runs, "alone") if query else [0.0]
    whole = _timed(page if query else _feed, runs, "page")
    return statistics.median(alone), statistics.median(whole), whole[int(0.95 * (runs - 1))]


def _feed() -> None:
    from django.contrib.auth.models import AnonymousUser

    from notalone.stories import selectors
    from notalone.stories.selectors import FeedFilters

    selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters())


def matches(query: str) -> int:
    from django.db import connection

    from notalone.stories import search

    found = search.matching_ids_sql(query)
    if found is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({found[0]}) AS m", found[1])
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the database a previous run left, without generating (SQLite: with the"
        " same --data-dir)",
    )
    parser.add_argument(
        "--data-dir",
        default="",
        help="SQLite: the data directory to keep the database in (default: a new temporary one)",
    )
    args = parser.parse_args()
    if args.measure_only and args.db == "sqlite" and not args.data_dir:
        parser.error("--measure-only with --db sqlite needs the --data-dir of the run to measure")
    configure(args.db, fresh=not args.measure_only, data_dir=args.data_dir)
    if args.measure_only:
        rng = random.Random(11)
        words = vocabulary(rng)
        timings: dict[str, float] = {}
        rare, mid = words[VOCABULARY - 7], words[60]
    else:
        timings = generate(args.stories)
        rare, mid = str(timings.pop("rare word")), str(timings.pop("mid word"))
    print(f"\n### Search, {args.db}, {args.stories:,} stories\n")
    for name, value in timings.items():
        print(f"- {name}: {value:,.1f}")
    print(
        "\n| query | stories matching | search query alone, median ms | whole page, median ms"
        " | whole page, p95 ms | CPU ms, query alone | CPU ms, whole page |"
        "\n| --- | --- | --- | --- | --- | --- | --- |"
    )
    alone_medians, page_medians = [], []
    for label, query in QUERIES:
        text = {"RARE": rare, "MID": mid}.get(query, query)
        alone, median, p95 = measure(text)
        alone_medians.append(alone)
        page_medians.append(median)
        print(
            f"| {label} (`{text}`) | {matches(text):,} | {alone:.2f} | {median:.2f} | {p95:.2f}"
            f" | {CPU['alone']:.1f} | {CPU['page']:.1f} |"
        )
    _alone, feed_median, feed_p95 = measure("")
    print(
        f"| (the feed without a search, for comparison) | | | {feed_median:.2f} | {feed_p95:.2f}"
        f" | | {CPU['page']:.1f} |"
    )
    print(
        f"\nOver the {len(QUERIES)} queries: median of the search query alone "
        f"{statistics.median(alone_medians):.2f} ms (worst {max(alone_medians):.2f} ms); "
        f"median of the whole page {statistics.median(page_medians):.2f} ms "
        f"(worst {max(page_medians):.2f} ms).\n"
    )
    total = 0
    print("| search storage | size |\n| --- | --- |")
    for name, size in index_size().items():
        total += size
        print(f"| {name} | {size / 2**20:,.1f} MiB |")
    print(f"| total | {total / 2**20:,.1f} MiB |")


if __name__ == "__main__":
    main()
