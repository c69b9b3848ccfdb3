"""The viral-surge benchmark (issue 14, item 5): the first day of #MeToo, on this machine.

    make bench-surge                                   # 5 minutes at the full rate
    python bench/bench_surge.py --seconds 30 --scale 0.1 --no-write   # a short try

Set-up: a fresh PostgreSQL database (``--postgres``, dropped and made again), an emptied Redis
database (``--redis``), `notalone serve --workers 2` (two gunicorn processes and one Huey
worker) on 127.0.0.1, seeded through the services with --stories stories and --members members
(each with an API token and a signed-in session).

Load, open loop at fixed rates (times --scale): 139 writes a second through the API (12
million posts, comments and reactions a day) in a fixed mix, 10% stories, 15% replies, 75%
reactions; and ten reads per write, 1,390 a second, 70% by readers not signed in and 30% by
signed-in members, spread over the feed (40%), hashtag pages (30%) and story pages (30%).
Each request is due at its planned time; its latency counts from then (a late server makes
every later request late: no coordinated omission). At most --connections requests are in
flight; the generator is asyncio with plain HTTP/1.1 keep-alive connections (a general client
library costs several times the CPU per request on a machine that has two cores for all).

Report (printed, and written into BENCHMARKS.md between its surge markers unless --no-write):
throughput, p50, p95, p99 and errors per route; the CPU of each process (gunicorn's master and
workers, the Huey worker, the load generator, and PostgreSQL's and Redis's servers, which
other work on the machine may share); the servers' CPU per request; and the verdict against
the target, p99 under 250 ms with zero errors. Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_members import TICKS, services_env, wait_until_ready

BIN = Path(sys.executable).parent
PORT = 8241
WRITES_PER_SECOND = 139.0
READS_PER_WRITE = 10
WRITE_MIX = (("story", 0.10), ("reply", 0.15), ("reaction", 0.75))
READ_PAGES = (("feed", 0.40), ("hashtag", 0.30), ("story page", 0.30))
MEMBER_SHARE = 0.30
TARGET_P99_MS = 250.0
MARK_START, MARK_END = "<!-- bench-surge: start -->", "<!-- bench-surge: end -->"
TAGS = ("MeToo", "MeTooSTEM", "MeTooIndia", "BelieveSurvivors")


def seed(data_dir: Path, stories: int, members: int, extra: dict[str, str]) -> dict[str, list]:
    """Fill the site; return story ids, members' tokens and session cookies."""
    os.environ.update(
        NOTALONE_ENV="development", NOTALONE_DATA_DIR=str(data_dir), NOTALONE_LOG_LEVEL="WARNING"
    )
    os.environ.update(extra)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from notalone.accounts.models import User
    from notalone.accounts.services import api_token_create
    from notalone.accounts.sessions import SessionStore
    from notalone.stories import services
    from notalone.stories.schema import StoryFields

    call_command("migrate", verbosity=0)
    people = [
        User.objects.create_user(f"surge{n}", "a long bench password") for n in range(members)
    ]
    ids = []
    for number in range(stories):
        story, _ = services.story_publish(
            author=people[number % len(people)],
            fields=StoryFields(
                body=f"It happened at work, and I stayed quiet for years ({number}). " * 4,
                hashtags=["MeToo", TAGS[number % len(TAGS)]],
            ),
            idempotency_key="",
        )
        ids.append(story.public_id)
    tokens, cookies = [], []
    for person in people:
        tokens.append(api_token_create(user=person))
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "notalone.accounts.backends.NoPasswordBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    return {"stories": ids, "tokens": tokens, "cookies": cookies}


class Connection:
    """One HTTP/1.1 keep-alive connection to the server (Content-Length bodies)."""

    def __init__(self) -> None:
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", PORT)
        assert self.reader is not None
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return status, body


def _raw(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    if body or method == "POST":
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _pick(mix: tuple[tuple[str, float], ...], rng: random.Random) -> str:
    point, total = rng.random(), 0.0
    for name, share in mix:
        total += share
        if point < total:
            return name
    return mix[-1][0]


def plan(seconds: float, scale: float, site: dict[str, list], rng: random.Random) -> list:
    """Every request of the run: (due time in seconds, route, raw request), in time order."""
    writes = WRITES_PER_SECOND * scale
    reads = writes * READS_PER_WRITE
    out = []
    for rate, kind in ((writes, "write"), (reads, "read")):
        due = 0.0
        while True:
            due += rng.expovariate(rate)  # Poisson arrivals at the mean rate
            if due >= seconds:
                break
            out.append((due, *_request(kind, site, rng)))
    out.sort(key=lambda item: item[0])
    return out


def _request(kind: str, site: dict[str, list], rng: random.Random) -> tuple[str, bytes]:
    story = rng.choice(site["stories"])
    if kind == "write":
        what = _pick(WRITE_MIX, rng)
        auth = {"Authorization": f"Bearer {rng.choice(site['tokens'])}"}
        if what == "story":
            body = {
                "body": "It happened to me too, and I am telling it today. " * 3,
                "hashtags": ["MeToo", rng.choice(TAGS)],
            }
            return "POST story", _raw("POST", "/api/v1/stories", auth, json.dumps(body).encode())
        if what == "reply":
            body = {"body": "I believe you. You are not alone."}
            path = f"/api/v1/stories/{story}/replies"
            return "POST reply", _raw("POST", path, auth, json.dumps(body).encode())
        kind_ = rng.choice(("me_too", "i_believe_you", "sending_strength"))
        return "POST reaction", _raw("POST", f"/api/v1/stories/{story}/reactions/{kind_}", auth)
    member = rng.random() < MEMBER_SHARE
    headers = {"Cookie": f"na_session={rng.choice(site['cookies'])}"} if member else {}
    page = _pick(READ_PAGES, rng)
    path = {
        "feed": "/stories/",
        "hashtag": f"/tags/{rng.choice(TAGS)}/",
        "story page": f"/stories/{story}/",
    }[page]
    return f"GET {page} ({'member' if member else 'reader'})", _raw("GET", path, headers)


async def run(requests: list, connections: int) -> dict[str, list]:
    """Send each request at its due time; latency (ms) or an error per route."""
    results: dict[str, list] = defaultdict(list)
    idle = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(Connection())
    start = time.monotonic()

    async def one(due: float, route: str, raw: bytes) -> None:
        connection = await idle.get()
        try:
            status, _ = await asyncio.wait_for(connection.request(raw), timeout=30)
            ok = 200 <= status < 300
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            connection, status, ok = Connection(), 0, False
        finally:
            idle.put_nowait(connection)
        results[route].append(((time.monotonic() - start - due) * 1000, ok, status))

    tasks = []
    for due, route, raw in requests:
        delay = due - (time.monotonic() - start)
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(due, route, raw)))
    # Bounded: what has not answered 30 s after the last planned request counts as an error.
    _, late = await asyncio.wait(tasks, timeout=30)
    for task in late:
        task.cancel()
    results["unanswered (cut 30 s after the end)"] = [(30_000.0, False, 0)] * len(late)
    return results


def cpu_by_process(root: int) -> dict[str, float]:
    """CPU seconds of the server's tree (by role) and of PostgreSQL's and Redis's servers."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        table[int(stat.parent.name)] = (
            name,
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / TICKS,
        )
    out: dict[str, float] = defaultdict(float)
    for name, _, cpu in table.values():
        if name.startswith("postgres"):
            out["PostgreSQL (whole server, shared)"] += cpu
        elif name.startswith("redis-server"):
            out["Redis (whole server, shared)"] += cpu
    out["notalone serve (launcher)"] = table.get(root, ("", 0, 0.0))[2]
    for pid, (_, ppid, cpu) in table.items():
        if ppid == root:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            role = "Huey worker" if "run_huey" in cmdline else "gunicorn master"
            out[role] += cpu
            for child, (_, cppid, ccpu) in table.items():
                if cppid == pid:
                    out[f"{'Huey' if role == 'Huey worker' else 'gunicorn'} child {child}"] = ccpu
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(args, results, cpu, generator_cpu, seconds) -> str:
    lines = [
        f"`python bench/bench_surge.py --seconds {args.seconds} --scale {args.scale}`: "
        f"{WRITES_PER_SECOND * args.scale:.1f} writes/s and "
        f"{WRITES_PER_SECOND * args.scale * READS_PER_WRITE:.0f} reads/s planned for "
        f"{args.seconds} s; {args.stories} stories and {args.members} members seeded; load "
        f"average at the end {os.getloadavg()[0]:.1f}.",
        "",
        "| route | requests | per second | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    everything, errors = [], 0
    for route in sorted(results):
        rows = results[route]
        latencies = [ms for ms, _, _ in rows]
        failed = [status for _, ok, status in rows if not ok]
        everything += latencies
        errors += len(failed)
        shown = f"{len(failed)}" + (
            f" ({', '.join(sorted({str(s) for s in failed}))})" if failed else ""
        )
        lines.append(
            f"| {route} | {len(rows):,} | {len(rows) / seconds:,.1f} | {percentile(latencies, 0.5):.0f} "
            f"| {percentile(latencies, 0.95):.0f} | {percentile(latencies, 0.99):.0f} | {shown} |"
        )
    total = len(everything)
    p99 = percentile(everything, 0.99)
    lines.append(
        f"| **all** | {total:,} | {total / seconds:,.1f} | {percentile(everything, 0.5):.0f} "
        f"| {percentile(everything, 0.95):.0f} | {p99:.0f} | {errors} |"
    )
    lines += ["", "| process | CPU seconds | cores (÷ wall time) |", "| --- | ---: | ---: |"]
    cpu["load generator (this script)"] = generator_cpu
    for name, value in sorted(cpu.items()):
        lines.append(f"| {name} | {value:.1f} | {value / seconds:.2f} |")
    app = sum(v for k, v in cpu.items() if k.startswith(("gunicorn", "Huey", "notalone")))
    services = sum(v for k, v in cpu.items() if "shared" in k)
    met = p99 < TARGET_P99_MS and errors == 0
    lines += [
        "",
        f"Servers' CPU per request: NotAlone's processes {app * 1000 / max(1, total):.2f} ms, "
        f"PostgreSQL and Redis (whole servers) {services * 1000 / max(1, total):.2f} ms; at the "
        f"full rate ({WRITES_PER_SECOND * (1 + READS_PER_WRITE):,.0f} requests/s) that is "
        f"{(app + services) / max(1, total) * WRITES_PER_SECOND * (1 + READS_PER_WRITE):.1f} "
        "cores for the servers alone, load generator not counted.",
        f"Target (p99 under {TARGET_P99_MS:.0f} ms, zero errors) at this load: "
        f"**{'met' if met else 'not met'}** (p99 {p99:.0f} ms, {errors} errors).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the first-day rate")
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/na_bench_surge")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args()
    if not (0 < args.seconds <= 900 and 0 < args.scale <= 2):
        raise SystemExit("bounded: --seconds up to 900 (15 minutes), --scale up to 2")
    data_dir = Path(tempfile.mkdtemp(prefix="notalone-bench-surge-"))
    extra = services_env(args.postgres, args.redis)
    site = seed(data_dir, args.stories, args.members, extra)
    requests = plan(args.seconds, args.scale, site, random.Random(14))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTALONE_")}
    env.update(
        extra,
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=str(data_dir),
        NOTALONE_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [str(BIN / "notalone"), "serve", "--port", str(PORT), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not answer /health/ within a minute: nothing run")
        wait_until_ready(f"http://127.0.0.1:{PORT}", server.pid)
        before = cpu_by_process(server.pid)
        mine = time.process_time()
        started = time.monotonic()
        results = asyncio.run(run(requests, args.connections))
        seconds = time.monotonic() - started
        generator = time.process_time() - mine
        after = cpu_by_process(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    cpu = {name: after[name] - before.get(name, 0.0) for name in after}
    text = report(args, results, cpu, generator, seconds)
    print(text)
    if not args.no_write:
        path = Path(__file__).parent.parent / "BENCHMARKS.md"
        current = path.read_text()
        block = f"{MARK_START}\n{text}\n{MARK_END}"
        if MARK_START in current:
            head, rest = current.split(MARK_START, 1)
            current = head + block + rest.split(MARK_END, 1)[1]
        else:
            current += (
                "\n## The viral surge: the first day of #MeToo (issue 14, item 5)\n\n"
                "```sh\nmake bench-surge   # bench/bench_surge.py: its docstring has the set-up\n"
                f"```\n\n{block}\n"
            )
        path.write_text(current)


if __name__ == "__main__":
    main()
