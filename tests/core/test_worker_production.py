"""`notalone run_huey --production`: a worker started on its own (the production profile's
worker machines, the systemd unit of docs/OPERATING.md) checks the queue's Redis and the
database as `notalone serve --production` does, and refuses with what to change (issue 14).

Against real Redis servers: the suite's (its settings changed for the test and put back) and
one of the test's own, persistent and never evicting, on which the worker starts.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from notalone.core import production
from tests.conftest import TEST_REDIS_URL, require_redis
from tests.core.faults import database_url_of_tests, own_redis
from tests.core.processes import NOTALONE, environment, start

PRODUCTION_WORKER = {
    "NOTALONE_ENV": "production",
    "NOTALONE_SECRET_KEY": "worker-production-tests-" + "k" * 40,
    "NOTALONE_ALLOWED_HOSTS": "notalone.example.org",
}


@contextmanager
def redis_configured(url: str, **values: str) -> Iterator[None]:
    """CONFIG SET ``values`` on the Redis at ``url`` for the block, then the values it had."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    before = {name: client.config_get(name)[name] for name in values}
    try:
        for name, value in values.items():
            client.config_set(name, value)
        yield
    finally:
        for name, value in before.items():
            client.config_set(name, value)


def test_worker_checks_leave_out_what_only_web_processes_need(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = False
    settings.BEHIND_PROXY = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.HUEY = {**settings.HUEY, "immediate": True}
    problems = "\n".join(production._worker_settings_problems())
    assert "NOTALONE_ENV is not production" in problems
    assert "NOTALONE_JOBS_IMMEDIATE is on" in problems
    assert "NOTALONE_BEHIND_PROXY" not in problems
    assert "NOTALONE_ALLOWED_HOSTS" not in problems


def test_the_worker_refuses_a_queue_redis_that_forgets_or_evicts(tmp_path: Path) -> None:
    """The suite's Redis, set (for the seconds of the check) not to persist and to evict."""
    require_redis()
    env = environment(tmp_path, **PRODUCTION_WORKER, REDIS_URL=TEST_REDIS_URL)
    with redis_configured(TEST_REDIS_URL, appendonly="no", **{"maxmemory-policy": "allkeys-lru"}):
        run = subprocess.run(
            [NOTALONE, "run_huey", "--production", "--workers", "1"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 2, run.stderr
    assert "refusing to start the worker with --production" in run.stderr
    assert "REDIS_URL (the queue's) does not persist its writes: set `appendonly yes`" in run.stderr
    assert "may evict keys (maxmemory-policy allkeys-lru)" in run.stderr
    assert "Huey consumer started" not in run.stderr + run.stdout


def test_the_worker_refuses_when_redis_does_not_answer(tmp_path: Path) -> None:
    env = environment(tmp_path, **PRODUCTION_WORKER, REDIS_URL="redis://127.0.0.1:9/0")
    run = subprocess.run(
        [NOTALONE, "run_huey", "--production"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "The Redis in REDIS_URL does not answer (ConnectionError)." in run.stderr
    assert "127.0.0.1" not in run.stderr


@pytest.mark.slow
@pytest.mark.fault
@pytest.mark.django_db
def test_the_worker_starts_on_a_persistent_never_evicting_redis(tmp_path: Path) -> None:
    """PostgreSQL (the suite's test database, migrated) and a Redis of the test's own with
    `appendonly yes` and `maxmemory-policy noeviction`: the checks pass and the worker waits
    on the queue (a client of that Redis blocked in BRPOP: Huey logs nothing at INFO)."""
    url = database_url_of_tests()
    if url.startswith("sqlite"):
        pytest.skip("the production profile is PostgreSQL's: run with DATABASE_URL")
    with own_redis(tmp_path) as own:
        env = environment(tmp_path, **PRODUCTION_WORKER, REDIS_URL=own.url, DATABASE_URL=url)
        worker = start("worker", ["run_huey", "--production", "--workers", "1"], env, tmp_path)
        try:
            deadline = time.monotonic() + 120
            client = redis.Redis.from_url(own.url)
            while not any(c["cmd"] == "brpop" for c in client.client_list()):
                assert worker.popen.poll() is None, worker.output()
                assert time.monotonic() < deadline, worker.output()
                time.sleep(0.2)
            assert "refusing" not in worker.output()
        finally:
            worker.stop()
