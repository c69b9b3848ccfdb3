"""Statistics releases and the dashboard at scale, on SQLite or PostgreSQL.

    python bench/bench_insights.py --db sqlite   [--stories 1000000 --reactions 1000000]
    python bench/bench_insights.py --db postgres [--stories 1000000 --reactions 1000000]

1. Makes a fresh database (an SQLite file in a temporary data directory, or the PostgreSQL
   database of DATABASE_URL, default ``na_insights``, emptied first) and migrates it.
2. Bulk-generates members, stories over 24 whole months (varied what, where, who, country,
   language and hashtags; about one story in ten by an author who shares more than twice that
   month, so the contribution bound has work to do) and "me too" reactions.
3. Times ``rebuild_facts`` (the one-off refill after an import; day to day the subscriber keeps
   the facts) and then the release job (``release_closed_periods``: all 24 months, with
   OpenDP noise, the budget ledger and the dashboard snapshot).
4. Times the dashboard (``GET /insights/``) through Django's whole stack in this process,
   200 requests after 20 warm-up ones, with the anonymous page cache off (every request
   renders) and then on.

Results are printed as Markdown.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import time
from pathlib import Path

from bulkdata import (
    REACTION_COLUMNS,
    StoryRows,
    bulk_insert,
    empty_postgres,
    finish_bulk_load,
    insert_hashtags,
    insert_members,
    postgres_url,
    setup_django,
)

PG_URL = postgres_url("na_insights")
MEMBERS = 50_000
MONTHS = 24
WHAT = ["harassment", "assault", "bullying", "other", ""]
WHERE = ["workplace", "school", "online", "public", "home", "other", ""]
WHO = ["boss", "colleague", "teacher", "partner", "family", "acquaintance", "stranger", ""]
COUNTRIES = ["US", "IN", "FR", "BR", "GB", "NG", "MX", "DE", "ES", "JP", "KE", ""]
LANGUAGES = ["en", "es", "fr", "pt", "hi", "de", "ja", ""]
TAGS = ["MeToo", "BalanceTonPorc", "MeTooIndia", "YoTambién", "NiUnaMenos", "SomeRareTag"]


def configure(db: str, reuse: str = "", keep_facts: bool = False) -> None:
    url = None
    if db == "postgres":
        url = os.environ.get("BENCH_DATABASE_URL", PG_URL)
        if not keep_facts:
            empty_postgres(url)
    setup_django(
        database_url=url,
        data_dir=reuse,
        prefix="bench-insights-",
        migrate=False,
        NOTALONE_INSIGHTS_FIRST_PERIOD=first_period().strftime("%Y-%m"),
    )
    from django.core.management import call_command

    if reuse and not keep_facts:
        # The stories stay; the statistics' own tables start again from their migrations.
        call_command("migrate", "insights", "zero", verbosity=0)
    call_command("migrate", verbosity=0)


def first_period() -> datetime.datetime:
    today = datetime.datetime.now(datetime.UTC)
    month = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for _ in range(MONTHS):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def generate(stories: int, reactions: int) -> float:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    start = time.perf_counter()
    rng = random.Random(12)
    begin = first_period()
    span = MONTHS * 30 * 86400 - 86400

    password = make_password("bench password not secret")
    today = datetime.date.today()
    with transaction.atomic():
        insert_members(MEMBERS, prefix="b", joined_on=today, password=password)
        insert_hashtags(TAGS)
    stories_table = StoryRows()
    per_story = reactions / stories if stories else 0
    made_reactions = 0
    batch = 20_000
    for base in range(1, stories + 1, batch):
        story_rows, tag_rows, reaction_rows = [], [], []
        for i in range(base, min(base + batch, stories + 1)):
            # One story in ten by one of 200 prolific authors: bounded to k a month.
            author = rng.randrange(1, 201) if i % 10 == 0 else rng.randrange(1, MEMBERS + 1)
            created = begin + datetime.timedelta(seconds=rng.randrange(span))
            visibility = "public" if i % 7 else "members"
            story_rows.append(
                stories_table.row(
                    id=i,
                    public_id=f"b{i:015d}",
                    author_id=author,
                    signature="anonymous",
                    author_name=f"b{author}",
                    visibility=visibility,
                    body="A bench story.",
                    body_html="<p>A bench story.</p>",
                    what=rng.choice(WHAT),
                    where=rng.choice(WHERE),
                    who=rng.choice(WHO),
                    country=rng.choice(COUNTRIES),
                    language=rng.choice(LANGUAGES),
                    in_statistics=None if i % 11 else False,
                    created_at=created,
                    updated_at=created,
                )
            )
            tag_rows.append((i, 1))
            if i % 3 == 0:
                tag_rows.append((i, 2 + i % 5))
            count = int(per_story * 2 * rng.random() + 0.5)
            for k in range(count):
                reaction_rows.append(
                    (
                        i,
                        rng.randrange(1, MEMBERS + 1),
                        "me_too",
                        created + datetime.timedelta(hours=k),
                    )
                )
        seen: set[tuple[object, object]] = set()
        reaction_rows = [
            r for r in reaction_rows if (r[0], r[1]) not in seen and not seen.add((r[0], r[1]))
        ]
        with transaction.atomic():
            bulk_insert("stories_story", stories_table.columns, story_rows)
            bulk_insert(
                "stories_storyhashtag",
                ["story_id", "hashtag_id", "counted"],
                [(s, t, False) for s, t in tag_rows],
            )
            bulk_insert("stories_reaction", REACTION_COLUMNS, reaction_rows)
        made_reactions += len(reaction_rows)
        print(
            f"  {min(base + batch - 1, stories):>9,} stories, {made_reactions:>9,} reactions",
            end="\r",
            flush=True,
        )
    print()
    finish_bulk_load()
    print(f"  generated in {time.perf_counter() - start:.1f} s ({made_reactions:,} reactions)")
    return time.perf_counter() - start


def dashboard_ms(
    requests: int, cache_seconds: int, path: str = "/insights/"
) -> tuple[float, float, float]:
    """Median and 95th percentile wall-clock ms, and median CPU ms of this process."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    settings.ANONYMOUS_PAGE_CACHE_SECONDS = cache_seconds
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    client = Client()
    for _ in range(20):
        assert client.get(path).status_code == 200
    times, cpu = [], []
    for _ in range(requests):
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)], statistics.median(cpu)


def backend_cpu_s() -> float:
    """CPU seconds the PostgreSQL backend serving this connection has used so far (user +
    system, from /proc: the server runs on this machine), or 0.0 on SQLite (in-process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--reactions", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--reuse", default="", help="an SQLite data directory a previous run generated"
    )
    parser.add_argument(
        "--releases-only",
        action="store_true",
        help="keep the stories and facts of the database as they are; time the releases again",
    )
    args = parser.parse_args()
    configure(args.db, args.reuse, args.releases_only)
    if not args.reuse and not args.releases_only:
        generate(args.stories, args.reactions)

    from notalone.insights.facts import rebuild_facts
    from notalone.insights.models import (
        DashboardSnapshot,
        PrivacyBudget,
        Release,
        ReleasedValue,
        StoryFact,
    )
    from notalone.insights.release import release_closed_periods

    start = time.perf_counter()
    if args.releases_only:
        ReleasedValue.objects.all().delete()
        DashboardSnapshot.objects.all().delete()
        PrivacyBudget.spends.rel.related_model.objects.all().delete()
        Release.objects.all().delete()
        PrivacyBudget.objects.all().delete()
        counted = StoryFact.objects.count()
    else:
        counted = rebuild_facts(batch=20_000)
    facts_s = time.perf_counter() - start
    start, cpu, server = time.perf_counter(), time.process_time(), backend_cpu_s()
    made = release_closed_periods()
    release_s = time.perf_counter() - start
    release_cpu = time.process_time() - cpu
    release_server = backend_cpu_s() - server
    load = os.getloadavg()
    assert len(made) == MONTHS, len(made)
    uncached = dashboard_ms(args.requests, 0)
    cached = dashboard_ms(args.requests, 10)
    # The floor at the same moment: a page of plain text through the same stack.
    floor = dashboard_ms(args.requests, 0, "/staying-safe/")
    print()
    print(f"### Insights, {args.db}, {args.stories:,} stories ({counted:,} counted)")
    print()
    print("| step | result |")
    print("| --- | --- |")
    print(f"| facts rebuilt from the stories (one-off) | {facts_s:.1f} s |")
    print(
        f"| release job: {len(made)} months, {ReleasedValue.objects.count():,} values, "
        f"{Release.objects.count()} releases | **{release_s:.1f} s** |"
    )
    print(
        f"| release job, CPU: this process / database server | {release_cpu:.1f} s / "
        f"{release_server:.1f} s |"
    )
    print(
        f"| dashboard, page cache off: median / p95 | **{uncached[0]:.1f} ms** / "
        f"{uncached[1]:.1f} ms (CPU median {uncached[2]:.1f} ms) |"
    )
    print(f"| dashboard, page cache on: median / p95 | {cached[0]:.2f} ms / {cached[1]:.2f} ms |")
    print(
        f"| load average (1, 5, 15 min) at the end | {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} |"
    )
    print(
        f"| /staying-safe/ (text only), for scale: median / p95 | {floor[0]:.1f} ms / {floor[1]:.1f} ms |"
    )


if __name__ == "__main__":
    main()
