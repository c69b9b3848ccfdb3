"""Feeds, hashtag pages and posting at scale, behind gunicorn, on SQLite or PostgreSQL.

    python bench/bench_stories.py --db sqlite   [--stories 1000000 --reactions 5000000]
    python bench/bench_stories.py --db postgres [--stories 1000000 --reactions 5000000]

1. Makes a fresh database (SQLite file in a temporary data directory, or the PostgreSQL
   database ``notalone_bench``), migrates it, and generates the stories, their hashtags and
   daily timeline, and the reactions, with bulk inserts (counts kept consistent).
2. Starts ``notalone serve`` (gunicorn, two worker processes) on 127.0.0.1.
3. Latency: 500 sequential requests per page (feed, hashtag, supported, second page).
4. Throughput: 30 s of wrk on the feed and on /health/ (a trivial endpoint), side by side.
5. Posting: 20 s of wrk POSTing stories through the API with bearer tokens.
6. Memory: resident size of each gunicorn worker after all that.

Everything targets 127.0.0.1 and stops by itself. Results are printed as Markdown.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bulkdata import (
    REACTION_COLUMNS,
    ROOT,
    StoryRows,
    bench_environment,
    bulk_insert,
    finish_bulk_load,
    fresh_postgres,
    insert_hashtags,
    insert_members,
    postgres_url,
)

BIN = Path(sys.executable).parent
PORT = 8231
PG_DATABASE = "notalone_bench"
MEMBERS = 10_000
OTHER_TAGS = ["MeTooIndia", "BalanceTonPorc", "YoTambién", "WhyIDidntReport", "MeTooSTEM"]
KINDS = ("me_too", "i_believe_you", "sending_strength")
SENTENCES = [
    "It happened at my first job and I told no one for years.",
    "A colleague kept making comments that made me dread every meeting.",
    "I am writing this because reading other stories here helped me.",
    "Someone online would not stop sending me messages.",
    "I reported it, and it was slow, but I am glad I did.",
    "It was not my fault, and I am learning to believe that.",
]


def env_for(db: str, data_dir: Path) -> dict[str, str]:
    env = bench_environment(data_dir, postgres_url(PG_DATABASE) if db == "postgres" else None)
    env["NOTALONE_SIGNUPS_PER_HOUR"] = "100000"
    env["NOTALONE_LOGIN_ATTEMPTS"] = "1000"
    return env


def generate(stories: int, reactions: int) -> dict[str, float]:
    """Runs inside a Django-configured process (see --generate-only)."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from notalone.stories.text import render_text

    timings: dict[str, float] = {}
    start = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)
    first_day = now - datetime.timedelta(days=365)
    password = make_password("bench password not secret")
    per_story = max(0, round(2 * reactions / stories)) if stories else 0  # r in 0..2*mean
    rng = random.Random(7)

    with transaction.atomic():
        insert_members(MEMBERS, prefix="bench", joined_on=now.date(), password=password)
        insert_hashtags(["MeToo", *OTHER_TAGS])
    timings["members"] = time.perf_counter() - start

    tag_counts = [0] * (len(OTHER_TAGS) + 1)
    day_counts: dict[tuple[int, datetime.date], int] = {}
    stories_table = StoryRows()
    reaction_rows_total = 0
    batch = 20_000
    for base in range(1, stories + 1, batch):
        story_rows, tag_rows, reaction_rows = [], [], []
        for i in range(base, min(base + batch, stories + 1)):
            author = (i * 7) % MEMBERS + 1
            created = first_day + datetime.timedelta(seconds=(i * 365 * 86400) // stories)
            body = " ".join(rng.sample(SENTENCES, 3))
            count = (i * 7919) % (per_story + 1) if per_story else 0
            kinds = [KINDS[k % 3] for k in range(count)]
            story_rows.append(
                stories_table.row(
                    id=i,
                    author_id=author,
                    signature="anonymous" if i % 3 == 0 else "pseudonym",
                    author_name=f"bench{author}",
                    body=body,
                    body_html=render_text(body) if i <= 1000 else f"<p>{body}</p>",
                    content_warnings=json.dumps(["violence"] if i % 4 == 0 else []),
                    what="harassment",
                    where="workplace",
                    who="colleague",
                    year=2015,
                    country="US" if i % 2 else "IN",
                    language="en",
                    me_too_count=kinds.count("me_too"),
                    i_believe_you_count=kinds.count("i_believe_you"),
                    sending_strength_count=kinds.count("sending_strength"),
                    support_count=count,
                    created_at=created,
                    updated_at=created,
                )
            )
            day = created.date()
            tag_rows.append((i, 1, True))
            tag_counts[0] += 1
            day_counts[(1, day)] = day_counts.get((1, day), 0) + 1
            if i % 5 == 0:
                other = 2 + (i // 5) % len(OTHER_TAGS)
                tag_rows.append((i, other, True))
                tag_counts[other - 1] += 1
                day_counts[(other, day)] = day_counts.get((other, day), 0) + 1
            for k in range(count):
                member = (i + k * 1009) % MEMBERS + 1
                reaction_rows.append((i, member, KINDS[k % 3], created))
        with transaction.atomic():
            bulk_insert("stories_story", stories_table.columns, story_rows)
            bulk_insert("stories_storyhashtag", ["story_id", "hashtag_id", "counted"], tag_rows)
            bulk_insert("stories_reaction", REACTION_COLUMNS, reaction_rows)
        reaction_rows_total += len(reaction_rows)
        print(
            f"  {min(base + batch - 1, stories):>9,} stories, {reaction_rows_total:>10,} reactions",
            end="\r",
            flush=True,
        )
    print()
    with transaction.atomic():
        for index, count in enumerate(tag_counts):
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE stories_hashtag SET public_story_count = %s WHERE id = %s",
                    [count, index + 1],
                )
        bulk_insert(
            "stories_hashtagday",
            ["hashtag_id", "day", "story_count"],
            [(tag, day, count) for (tag, day), count in day_counts.items()],
        )
    finish_bulk_load("stories_hashtagday")
    timings["stories and reactions"] = time.perf_counter() - start
    timings["reactions"] = reaction_rows_total
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from notalone.accounts.backends import PATH as BACKEND
    from notalone.accounts.models import User
    from notalone.accounts.sessions import SessionStore

    member = User.objects.get(pk=1)
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    timings["session"] = session.session_key  # type: ignore[assignment]
    return timings


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start in 60 s")


def latencies(port: int, path: str, count: int = 500, cookie: str = "") -> tuple[float, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples = []
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, (path, response.status)
    conn.close()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def wrk(
    port: int,
    path: str,
    seconds: int,
    script: Path | None = None,
    connections: int = 16,
    cookie: str = "",
) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        print(f"    warning: {non_2xx.group(1)} non-2xx answers on {path}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert match, output
    return float(match.group(1))


def tokens(port: int, count: int) -> list[str]:
    found = []
    for n in range(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST",
            "/api/v1/auth/token",
            json.dumps({"username": f"bench{n + 1}", "password": "bench password not secret"}),
            {"Content-Type": "application/json"},
        )
        response = conn.getresponse()
        found.append(json.loads(response.read())["token"])
    return found


def worker_rss_mb(master_pid: int) -> list[float]:
    sizes = []
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if (
            re.search(rf"^PPid:\s+{master_pid}$", status, re.MULTILINE)
            and "gunicorn" in (child / "cmdline").read_text()
        ):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if rss:
                sizes.append(int(rss.group(1)) / 1024)
    return sizes


def gunicorn_master(server: subprocess.Popen[bytes]) -> int:
    for child in Path("/proc").iterdir():
        if child.name.isdigit():
            try:
                status = (child / "status").read_text()
                cmdline = (child / "cmdline").read_text()
            except OSError:
                continue
            if (
                re.search(rf"^PPid:\s+{server.pid}$", status, re.MULTILINE)
                and "gunicorn" in cmdline
            ):
                return int(child.name)
    raise SystemExit("gunicorn master not found")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--reactions", type=int, default=5_000_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.generate_only:
        print(json.dumps(generate(args.stories, args.reactions)))
        return
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(
                f"127.0.0.1:{PORT} is in use (an earlier run still serving?): stop it first"
            )
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    data_dir = Path(tempfile.mkdtemp(prefix="notalone-bench-"))
    env = env_for(args.db, data_dir)
    if args.db == "postgres":
        fresh_postgres(PG_DATABASE)
    notalone = str(BIN / "notalone")
    subprocess.run([notalone, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    print(
        f"Generating {args.stories:,} stories and about {args.reactions:,} reactions on {args.db}..."
    )
    generated = subprocess.run(
        [
            sys.executable,
            __file__,
            "--db",
            args.db,
            "--stories",
            str(args.stories),
            "--reactions",
            str(args.reactions),
            "--generate-only",
        ],
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    timings = json.loads(generated.stdout.strip().splitlines()[-1])
    print(
        f"  generated in {timings['stories and reactions']:.0f} s ({int(timings['reactions']):,} reactions)"
    )

    server = subprocess.Popen(
        [
            notalone,
            "serve",
            "--no-worker",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--port",
            str(PORT),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(PORT, server)
        master = gunicorn_master(server)
        first = json.loads(_get(PORT, "/api/v1/stories?limit=20"))
        pages = {
            "feed (latest)": "/stories/",
            "feed, page 2 (cursor)": f"/stories/?cursor={first['next_cursor']}",
            "hashtag #MeToo": "/tags/MeToo/",
            "hashtag #MeTooIndia": "/tags/MeTooIndia/",
            "most supported this month": "/stories/?sort=supported",
            "feed filtered by country": "/stories/?country=IN",
            "API feed": "/api/v1/stories",
        }
        print(
            f"\n### {args.db}: {args.stories:,} stories, {int(timings['reactions']):,} reactions\n"
        )
        cookie = f"na_session={timings['session']}"
        print("Signed in: every page rendered afresh. Not signed in: the page cache (10 s).\n")
        print(
            "| page (20 stories) | signed in: median ms | p99 ms | not signed in: median ms | p99 ms |"
        )
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, path in pages.items():
            latencies(PORT, path, 30, cookie)  # warm up
            median, p99 = latencies(PORT, path, cookie=cookie)
            anonymous_median, anonymous_p99 = latencies(PORT, path)
            print(
                f"| {name} | {median:.1f} | {p99:.1f} | {anonymous_median:.1f} | {anonymous_p99:.1f} |"
            )
        trivial = wrk(PORT, "/health/", args.seconds)
        feed = wrk(PORT, "/stories/", args.seconds)
        member_feed = wrk(PORT, "/stories/", args.seconds, cookie=cookie)
        print(
            f"\n| wrk, {args.seconds} s, 16 connections | requests/s | ÷ trivial |\n| --- | ---: | ---: |"
        )
        print(f"| /health/ (trivial) | {trivial:,.0f} | 1.00 |")
        print(f"| /stories/ not signed in (page cache) | {feed:,.0f} | {feed / trivial:.2f} |")
        print(
            f"| /stories/ signed in (rendered each time) | {member_feed:,.0f} | {member_feed / trivial:.2f} |"
        )
        script = data_dir / "post.lua"
        script.write_text(_post_script(tokens(PORT, 50)))
        before = _count(args.db, env)
        started = time.perf_counter()
        wrk(PORT, "/api/v1/stories", 20, script, connections=8)
        elapsed = time.perf_counter() - started
        posted = _count(args.db, env) - before
        print(
            f"\nPosting through the API: {posted:,} stories in {elapsed:.1f} s = {posted / elapsed:,.0f} stories/s"
        )
        sizes = worker_rss_mb(master)
        print(
            f"gunicorn workers' resident memory after the run: {', '.join(f'{s:.0f} MB' for s in sizes)}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def _get(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    return conn.getresponse().read().decode()


def _count(db: str, env: dict[str, str]) -> int:
    code = "from notalone.stories.models import Story; print(Story.objects.count())"
    out = subprocess.run(
        [str(BIN / "notalone"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def _post_script(token_list: list[str]) -> str:
    quoted = ", ".join(f'"{t}"' for t in token_list)
    return f"""
local tokens = {{{quoted}}}
local counter = 0
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local body = '{{"body": "A benchmark story, number ' .. counter .. ', fictional and calm.", "hashtags": ["MeToo"]}}'
  return wrk.format("POST", "/api/v1/stories", {{["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token}}, body)
end
"""


if __name__ == "__main__":
    main()
