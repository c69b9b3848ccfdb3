"""Faults that lose nothing (issue 14, item 6), with real processes: a web process killed
mid-post, PostgreSQL restarted under load, Redis stopped, SQLite on a full disk.

Each test starts what it breaks: its own `notalone serve`, its own PostgreSQL cluster (as
the postgres user, in a temporary directory, on another port) and its own Redis (with an
append-only file); the shared PostgreSQL and Redis of the suite are never touched.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
import redis

from notalone.accounts.services import api_token_create
from notalone.stories import tasks
from notalone.stories.models import EventDelivery, Story, StoryEvent
from tests.conftest import make_member
from tests.core.faults import (
    call,
    database_url_of_tests,
    make_server,
    migrated_server,
    own_postgres,
    own_redis,
    post_story,
    sign_up,
)

pytestmark = [pytest.mark.slow, pytest.mark.fault]


def _queued(queue: redis.Redis) -> int:
    """Jobs waiting in Huey's Redis lists (the queue's other keys are not lists)."""
    return sum(queue.llen(key) for key in queue.keys("*") if queue.type(key) == b"list")


@pytest.mark.django_db(transaction=True)
def test_a_post_cut_by_sigkill_and_retried_is_kept_exactly_once(tmp_path: Path) -> None:
    token = api_token_create(user=make_member("alice"))
    server = make_server(tmp_path, DATABASE_URL=database_url_of_tests()).start()
    keys = []
    try:
        for attempt in range(3):
            key = f"sigkill-{attempt}-{uuid.uuid4().hex}"
            keys.append(key)
            body = f"Shared while the server was killed ({attempt})."
            thread = threading.Thread(
                target=lambda key=key, body=body: _ignore_errors(
                    post_story, server, token, key, body
                )
            )
            thread.start()
            time.sleep(random.uniform(0.0, 0.08))
            server.kill()
            thread.join(timeout=30)
            server.start()
            status, _, text = post_story(server, token, key, body)
            assert status == 201, text
    finally:
        server.stop()
    for attempt, key in enumerate(keys):
        assert (
            Story.objects.filter(body=f"Shared while the server was killed ({attempt}).").count()
            == 1
        ), key


def _ignore_errors(function, *arguments):  # type: ignore[no-untyped-def]
    try:
        return function(*arguments)
    except OSError:
        return None


@pytest.mark.skipif(os.geteuid() != 0, reason="initdb as the postgres user needs root")
def test_postgresql_restarted_under_load_gives_503_then_recovers_and_loses_nothing(
    tmp_path: Path,
) -> None:
    with own_postgres(tmp_path) as cluster:
        server = migrated_server(tmp_path, cluster.url)
        server.start()
        try:
            token = sign_up(server, "loadmember")
            answers: list[tuple[int, str | None]] = []
            acknowledged: list[str] = []
            stop = threading.Event()

            def writer(number: int) -> None:
                sequence = 0
                while not stop.is_set():
                    sequence += 1
                    body = f"Load story {number}-{sequence}."
                    key = f"load-{number}-{sequence}"
                    while True:  # the client retries with the same key until it is kept
                        try:
                            status, headers, _ = post_story(server, token, key, body)
                        except OSError:
                            time.sleep(0.2)
                            continue
                        answers.append((status, headers.get("Retry-After")))
                        if status == 201:
                            acknowledged.append(body)
                            break
                        time.sleep(0.2)
                        if stop.is_set() and status != 503:
                            break

            def reader() -> None:
                while not stop.is_set():
                    try:
                        status, headers, _ = call(server, "GET", "/stories/")
                        answers.append((status, headers.get("Retry-After")))
                    except OSError:
                        pass
                    time.sleep(0.05)

            threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
            threads.append(threading.Thread(target=reader))
            for thread in threads:
                thread.start()
            time.sleep(2)
            restarted = time.monotonic()
            cluster.pg_ctl("-m", "fast", "restart")
            recovered = None
            while time.monotonic() - restarted < 30:
                try:
                    if call(server, "GET", "/readyz", timeout=5)[0] == 200:
                        recovered = time.monotonic() - restarted
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            time.sleep(2)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        finally:
            server.stop()
        statuses = {status for status, _ in answers}
        assert recovered is not None
        assert recovered < 10, recovered
        assert 500 not in statuses, statuses
        # A 404 here was a story "shared" by a job run inline whose connection died, then
        # rolled back on the way out (tests/stories/test_inline_jobs.py): now a 503.
        assert statuses <= {200, 201, 503}, statuses
        assert all(retry == "5" for status, retry in answers if status == 503)
        with psycopg.connect(cluster.url.replace("postgres://", "postgresql://", 1)) as db:
            kept = [row[0] for row in db.execute("SELECT body FROM stories_story")]
        assert acknowledged
        for body in acknowledged:
            assert kept.count(body) == 1, body


@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_reading_works_log_in_limits_hold_and_no_job_is_lost(
    tmp_path: Path,
) -> None:
    make_member("alice")
    token = api_token_create(user=make_member("bob"))
    with own_redis(tmp_path) as own:
        server = make_server(
            tmp_path,
            DATABASE_URL=database_url_of_tests(),
            REDIS_URL=own.url,
            NOTALONE_JOBS_IMMEDIATE="false",
            NOTALONE_LOGIN_ATTEMPTS="2",
        ).start()
        try:
            # Queued while Redis runs and no worker does: the job waits in Redis.
            assert (
                post_story(server, token, "before-stop", "Shared before Redis stopped.")[0] == 201
            )
            queue = redis.Redis.from_url(own.url)
            # The queue's lists (the same Redis also holds the cache's keys).
            waiting = _queued(queue)
            assert waiting >= 1
            own.stop()
            # Reading works from the database.
            for path in ("/stories/", "/healthz"):
                assert call(server, "GET", path)[0] == 200, path
            status, _, text = call(server, "GET", "/readyz")
            assert status == 503
            assert '"redis": "failing"' in text
            # Log-in throttling fails closed: its counters are in the database, not Redis.
            answers = [
                call(
                    server,
                    "POST",
                    "/api/v1/auth/token",
                    body={"username": "alice", "password": "wrong one"},
                )[0]
                for _ in range(4)
            ]
            assert answers[:2] == [401, 401]
            assert answers[-1] == 429
            # A story shared meanwhile is kept, and so is its event (the outbox).
            status, _, text = post_story(
                server, token, "during-stop", "Shared while Redis was down."
            )
            assert status == 201, text
            story = Story.objects.get(body="Shared while Redis was down.")
            event = StoryEvent.objects.get(story_pk=story.pk)
            assert event.dispatched_at is None  # its job could not be queued
            own.start()  # from its append-only file
            assert _queued(queue) == waiting
        finally:
            server.stop()
    # The outbox's sweeper sends the event whose job could not be queued, once it is a
    # minute old (the suite runs jobs inline).
    StoryEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - timedelta(hours=1))
    tasks.sweep_outbox.call_local()
    event.refresh_from_db()
    assert event.dispatched_at is not None
    deliveries = EventDelivery.objects.filter(event=event)
    assert deliveries.exists()
    assert not deliveries.filter(done_at=None).exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a size-capped tmpfs needs root")
def test_sqlite_on_a_full_disk_gives_a_clear_error_and_stays_intact(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(disk)], check=True)
    try:
        database = disk / "notalone.sqlite3"
        server = migrated_server(tmp_path, f"sqlite:///{database}")
        server.start()
        try:
            token = sign_up(server, "fullmember")
            assert post_story(server, token, "first", "Kept before the disk filled.")[0] == 201
            # Fill the disk but for a few pages.
            free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
            (disk / "filler").write_bytes(b"\0" * max(0, free - 16 * 1024))
            answers = []
            for number in range(30):
                status, headers, text = post_story(
                    server, token, f"full-{number}", "A long story. " * 700 + str(number)
                )
                answers.append(status)
                if status == 503:
                    assert headers.get("Retry-After") == "5"
                    assert "cannot store anything right now" in text
                    break
            assert 500 not in answers
            assert answers[-1] == 503, answers
            (disk / "filler").unlink()
            assert post_story(server, token, "after", "Kept once there was room again.")[0] == 201
        finally:
            server.stop()
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            bodies = [row[0] for row in db.execute("SELECT body FROM stories_story")]
        db.close()
        assert "Kept before the disk filled." in bodies
        assert "Kept once there was room again." in bodies
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
