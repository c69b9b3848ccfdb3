"""A signed-in member's feed and hashtag page against the trivial endpoint, in one run.

    python bench/bench_members.py [--stories 300] [--seconds 10]
    python bench/bench_members.py --stories 60 --in-process 200
    python bench/bench_members.py --stories 40 --in-process 60 --production --postgres ... --redis ...
    python bench/bench_members.py --postgres postgres://postgres@127.0.0.1:5432/na_bench_members \
        --redis redis://127.0.0.1:6379/11        # the production profile's PostgreSQL and Redis
    python bench/bench_members.py --production --postgres ... --redis ... [--py-spy DIR]
    python bench/bench_members.py --production --postgres ... --redis ... --windows 8 --seconds 3

Issue 14, item 2: a member's feed and hashtag page should reach a quarter of the requests per
second of /health/ (unchanged since issue 3) on the same server in the same run. Makes a
fresh site in a temporary data directory (SQLite and the in-process cache, or with --postgres
and --redis a PostgreSQL database it drops and creates again, and a Redis database it empties), publishes the stories (each with #MeToo)
through the services, gives the member a few reactions and a block, signs them in (a real
session row and cookie), starts `notalone serve` (gunicorn, 2 processes x 4 threads unless --workers and
--threads say otherwise, no worker) on 127.0.0.1, warms each page, then runs `wrk -t2 -c16` for --seconds on each URL in
turn, reading the server's CPU time (gunicorn and its workers, from /proc) before and after
each. Prints a Markdown table: requests per second, and server CPU per request, which keeps
its meaning on a machine shared with other work (requests per second then do not).
Loopback only; stops by itself.

--production (with --postgres and --redis) runs the server as docs/OPERATING.md's production
profile does: NOTALONE_ENV=production (a secret key, allowed hosts, HTTPS cookies, JSON logs at
INFO, hashed static files), behind a proxy (every request carries X-Forwarded-For and
X-Forwarded-Proto: https, as the proxy sends them). It starts `notalone serve` without the
`--production` start-up check, whose only difference is that it refuses a Redis that does not
persist (AOF), and a benchmark's Redis need not. --py-spy DIR records each gunicorn worker
with py-spy during each page's timed run (raw collapsed stacks in DIR, summed up by
bench/spy_summary.py); py-spy slows the workers a little, so take CPU figures from a run
without it.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
PORT = 8239


def services_env(postgres: str, redis_url: str) -> dict[str, str]:
    """DATABASE_URL and REDIS_URL for the run: a fresh PostgreSQL database, an empty Redis."""
    env: dict[str, str] = {}
    if postgres:
        import psycopg

        name = postgres.rsplit("/", 1)[1]
        assert name.isidentifier(), "the database name: letters, digits and _"
        with psycopg.connect(postgres.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name}")
            db.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = postgres
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["REDIS_URL"] = redis_url
    return env


def production_env() -> dict[str, str]:
    """The production profile's settings for a server on 127.0.0.1 behind a (pretend) proxy."""
    import secrets

    return {
        "NOTALONE_ENV": "production",
        "NOTALONE_SECRET_KEY": secrets.token_urlsafe(64),
        "NOTALONE_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "NOTALONE_BEHIND_PROXY": "true",
        "NOTALONE_CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
        "NOTALONE_LOG_LEVEL": "INFO",
    }


PROXY_HEADERS = ("X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https")


def make_site(data_dir: Path, stories: int, extra_env: dict[str, str] | None = None) -> str:
    """Migrate and fill the site; return the member's session cookie value."""
    os.environ.update(
        NOTALONE_ENV="development", NOTALONE_DATA_DIR=str(data_dir), NOTALONE_LOG_LEVEL="WARNING"
    )
    os.environ.update(extra_env or {})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from notalone.accounts.models import User
    from notalone.accounts.sessions import SessionStore
    from notalone.stories import services
    from notalone.stories.schema import StoryFields

    call_command("migrate", verbosity=0)
    authors = [User.objects.create_user(f"author{n}", "a long bench password") for n in range(10)]
    member = User.objects.create_user("benchmember", "a long bench password")
    published = []
    for number in range(stories):
        story, _ = services.story_publish(
            author=authors[number % len(authors)],
            fields=StoryFields(
                body=f"It happened at work, and I stayed quiet for years ({number}). " * 4,
                hashtags=["MeToo"] + (["MeTooSTEM"] if number % 5 == 0 else []),
            ),
            idempotency_key="",
        )
        published.append(story)
    for story in published[-10:]:
        services.reaction_set(story_id=story.public_id, member=member, kind="me_too", on=True)
    services.block_from_story(blocker=member, story_id=published[0].public_id)
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "notalone.accounts.backends.NoPasswordBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


TICKS = os.sysconf("SC_CLK_TCK")


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU of ``root`` and every descendant still running (from /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    return sum(times.get(pid, 0.0) for pid in tree)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def gunicorn_workers(server: int) -> list[int]:
    """The gunicorn worker processes under ``notalone serve`` (its master's children)."""
    return [worker for master in _children(server) for worker in _children(master)]


def wait_until_ready(
    base: str, server: int | None = None, *, in_a_row: int = 10, seconds: float = 300
) -> None:
    """Wait for ``in_a_row`` 200 answers of /readyz in a row: each gunicorn process loads its
    safety models in the background as it starts and answers 503 until then, and a run begun
    meanwhile measures the loading (every request of a loading process is slow). The answers
    may all come from one process, so with ``server`` (the pid of `notalone serve`) it then
    also waits until the server's processes use under 5 % of a core for three seconds."""
    deadline = time.monotonic() + seconds
    ready = 0
    while ready < in_a_row:
        if time.monotonic() > deadline:
            raise SystemExit(f"the server was not ready within {seconds:.0f} s: nothing measured")
        try:
            urllib.request.urlopen(base + "/readyz", timeout=5).read()  # noqa: S310
            ready += 1
        except OSError:  # 503 (HTTPError) while loading, or not answering yet
            ready = 0
            time.sleep(0.5)
    quiet = 0
    while server is not None and quiet < 3:
        if time.monotonic() > deadline:
            raise SystemExit(f"the server was still busy after {seconds:.0f} s: nothing measured")
        before = _tree_cpu_seconds(server)
        time.sleep(1)
        quiet = quiet + 1 if _tree_cpu_seconds(server) - before < 0.05 else 0


def check_signed_in(url: str, cookie: str, headers: tuple[str, ...]) -> None:
    """The member's page really is a member's: 200, with the log-out form and the reaction
    buttons (an unknown session would get the readers' cached page, and a fast wrong figure)."""
    request = urllib.request.Request(url, headers={"Cookie": f"na_session={cookie}"})  # noqa: S310
    for header in headers:
        name, _, value = header.partition(": ")
        request.add_header(name, value)
    # Generous: on a shared machine the warm-up's queued requests come first.
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310  (loopback)
        assert response.status == 200, response.status
        page = response.read().decode()
    assert 'action="/logout/"' in page, url
    assert 'class="reaction-buttons"' in page, url


def _py_spy() -> str:
    """py-spy from this environment, else from PATH (it need not live in the project's venv)."""
    import shutil

    here = BIN / "py-spy"
    return str(here) if here.exists() else (shutil.which("py-spy") or str(here))


def wrk(
    url: str,
    seconds: int,
    cookie: str | None,
    server: int,
    headers: tuple[str, ...] = (),
    spy: Path | None = None,
) -> tuple[float, float]:
    """Requests per second, and the server's CPU milliseconds per request. With ``spy``,
    py-spy records each gunicorn worker meanwhile, into ``spy``-<pid>.txt."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", url]
    for header in (*headers, *([f"Cookie: na_session={cookie}"] if cookie else [])):
        command[1:1] = ["-H", header]
    spies = [
        subprocess.Popen(
            [
                *(_py_spy(), "record", "--pid", str(worker), "--rate", "200"),
                *("--duration", str(seconds), "--format", "raw", "--nonblocking"),
                *("--output", f"{spy}-{worker}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for worker in (gunicorn_workers(server) if spy else [])
    ]
    before = _tree_cpu_seconds(server)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = _tree_cpu_seconds(server) - before
    for process in spies:
        process.wait(timeout=60)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert non_2xx is None, output
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    assert rate, output
    assert count, output
    return float(rate.group(1)), cpu * 1000 / max(1, int(count.group(1)))


def in_process(requests: int, production: bool = False) -> None:
    """CPU milliseconds per request of this one process, pages served one after another
    through Django's test client (no HTTP, no other thread): steady on a busy machine. With
    ``production``: the production profile's settings (JSON request log included), over
    HTTPS behind the pretend proxy, as the server runs them."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import close_old_connections
    from django.test import Client

    from notalone.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    headers = dict(header.split(": ", 1) for header in PROXY_HEADERS) if production else {}
    if production:
        call_command("collectstatic", interactive=False, verbosity=0)  # the hashed names
    browser = Client(headers=headers)
    browser.force_login(User.objects.get(username="benchmember"))
    measured = []
    for path, count in (
        ("/health/", requests * 10),
        ("/stories/", requests),
        ("/tags/MeToo/", requests),
    ):
        for _ in range(30):
            browser.get(path, secure=production)
        started = time.process_time()
        for _ in range(count):
            # What the server's handler does at each request's start (the test client leaves
            # it out): with CONN_HEALTH_CHECKS, the connection's health check.
            close_old_connections()
            assert browser.get(path, secure=production).status_code == 200
        measured.append((path, (time.process_time() - started) * 1000 / count))
    print("| page, in-process | CPU ms per request | ÷ trivial |")
    print("| --- | ---: | ---: |")
    for path, milliseconds in measured:
        print(f"| {path} | {milliseconds:.2f} | {measured[0][1] / milliseconds:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (dropped and made again)")
    parser.add_argument("--redis", default="", help="a Redis URL (its database is emptied)")
    parser.add_argument(
        "--in-process", type=int, metavar="N", default=0, help="instead of wrk: N requests a page"
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="the production profile's settings, behind a proxy",
    )
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--py-spy", default="", metavar="DIR", help="profile the workers into DIR")
    parser.add_argument(
        "--windows",
        type=int,
        default=0,
        metavar="N",
        help="instead of one run a page: N rounds of --seconds runs of each page, one line each",
    )
    args = parser.parse_args()
    if args.production and not (args.postgres and args.redis):
        parser.error("--production needs --postgres and --redis")
    data_dir = Path(tempfile.mkdtemp(prefix="notalone-bench-members-"))
    extra = services_env(args.postgres, args.redis)
    if args.production:
        extra.update(production_env())
    cookie = make_site(data_dir, args.stories, extra)
    if args.in_process:
        in_process(args.in_process, production=args.production)
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTALONE_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=str(data_dir),
        NOTALONE_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    headers = PROXY_HEADERS if args.production else ()
    spy_dir = Path(args.py_spy) if args.py_spy else None
    if spy_dir:
        spy_dir.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [
            str(BIN / "notalone"),
            "serve",
            "--no-worker",
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        wait_until_ready(base, server.pid)
        pages = [
            ("/health/ (trivial)", "/health/", None),
            ("/stories/ signed in", "/stories/", cookie),
            ("/tags/MeToo/ signed in", "/tags/MeToo/", cookie),
        ]
        for _, path, session in pages:  # warm: caches, templates, connections
            wrk(base + path, 2, session, server.pid, headers)
            if session:
                check_signed_in(base + path, session, headers)
        if args.windows:
            # Short runs one after the other: each starts wrk's connections afresh, so a run
            # whose connections all went to one gunicorn process shows as a window apart.
            print("| window | page | requests/s | server CPU ms per request |")
            print("| ---: | --- | ---: | ---: |")
            for window in range(args.windows):
                for label, path, session in pages:
                    rate, cpu = wrk(base + path, args.seconds, session, server.pid, headers)
                    print(f"| {window} | {label} | {rate:,.0f} | {cpu:.2f} |", flush=True)
            return
        results = [
            (
                label,
                *wrk(
                    base + path,
                    args.seconds,
                    session,
                    server.pid,
                    headers,
                    spy_dir / path.strip("/").replace("/", "-") if spy_dir else None,
                ),
            )
            for label, path, session in pages
        ]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # Threads still busy with wrk's last requests on a loaded machine: stop it anyway.
            masters = _children(server.pid)
            for pid in [*(w for m in masters for w in _children(m)), *masters]:
                os.kill(pid, signal.SIGKILL)
            server.kill()
            server.wait(timeout=30)
    trivial_rate, trivial_cpu = results[0][1], results[0][2]
    print(
        f"| wrk -t2 -c16, {args.seconds} s, {args.stories} stories, "
        f"{'PostgreSQL' if args.postgres else 'SQLite'}, {'Redis' if args.redis else 'local'} cache"
        f"{', production profile' if args.production else ''} "
        "| requests/s | ÷ trivial "
        "| server CPU ms per request | requests per CPU-second ÷ trivial |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, rate, cpu in results:
        print(
            f"| {label} | {rate:,.0f} | {rate / trivial_rate:.2f} | {cpu:.2f} "
            f"| {trivial_cpu / cpu:.2f} |"
        )


if __name__ == "__main__":
    main()
