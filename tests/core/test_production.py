"""`notalone serve --production` checks the production profile first and refuses unsafe
settings, each with a sentence that says what to change (issue 14, item 1)."""

from __future__ import annotations

import subprocess

import pytest

from notalone.core import production
from tests.conftest import TEST_REDIS_URL, require_redis
from tests.core.processes import NOTALONE, environment

pytestmark = pytest.mark.django_db


def _production_like(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.HTTPS = True
    settings.BEHIND_PROXY = True
    settings.ALLOWED_HOSTS = ["notalone.example.org"]
    settings.HUEY = {**settings.HUEY, "immediate": False}
    settings.ESCROW_DEMO = False
    settings.REDIS_URL = TEST_REDIS_URL
    settings.QUEUE_REDIS_URL = TEST_REDIS_URL


def test_a_development_set_up_is_refused_with_every_reason(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = False
    settings.BEHIND_PROXY = False
    settings.REDIS_URL = None
    settings.HUEY = {**settings.HUEY, "immediate": True}
    settings.ALLOWED_HOSTS = ["*"]
    problems = "\n".join(production.production_problems())
    assert "NOTALONE_ENV is not production" in problems
    assert "NOTALONE_BEHIND_PROXY is false" in problems
    assert "REDIS_URL is not set" in problems
    assert "NOTALONE_JOBS_IMMEDIATE is on" in problems
    assert "NOTALONE_ALLOWED_HOSTS has '*'" in problems


def test_sqlite_is_refused(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _production_like(settings)
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    assert production.NOT_POSTGRES in production.production_problems()


def test_a_queue_redis_that_forgets_or_evicts_is_refused(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _production_like(settings)
    monkeypatch.setattr(
        production,
        "_redis_facts",
        lambda url: {"aof_enabled": 0, "maxmemory_policy": "allkeys-lru"},
    )
    problems = "\n".join(production._redis_problems())
    assert "does not persist its writes: set `appendonly yes`" in problems
    assert "may evict keys (maxmemory-policy allkeys-lru)" in problems


def test_a_persistent_never_evicting_redis_passes(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _production_like(settings)
    monkeypatch.setattr(
        production, "_redis_facts", lambda url: {"aof_enabled": 1, "maxmemory_policy": "noeviction"}
    )
    assert production._redis_problems() == []
    assert production._settings_problems() == []


def test_the_real_redis_is_asked(settings) -> None:  # type: ignore[no-untyped-def]
    require_redis()
    facts = production._redis_facts(TEST_REDIS_URL)
    assert "aof_enabled" in facts
    assert "maxmemory_policy" in facts


def test_unreachable_services_are_named_without_their_address(settings) -> None:  # type: ignore[no-untyped-def]
    _production_like(settings)
    settings.REDIS_URL = settings.QUEUE_REDIS_URL = "redis://:hunter2@127.0.0.1:9/0"
    (problem,) = production._redis_problems()
    assert problem == "The Redis in REDIS_URL does not answer (ConnectionError)."


def test_serve_production_refuses_to_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = subprocess.run(
        [NOTALONE, "serve", "--production", "--port", "1"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "refusing to start with --production" in run.stderr
    assert "NOTALONE_ENV is not production" in run.stderr
    assert "DATABASE_URL is SQLite" in run.stderr


def test_migrations_missing_or_from_a_newer_release_are_told_apart(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from notalone.core import health

    _production_like(settings)
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "migration_gaps", lambda: (["stories.0009_x"], []))
    assert production._database_problems() == [
        "The database lacks 1 of this version's migrations: run `notalone migrate` first."
    ]
    monkeypatch.setattr(health, "migration_gaps", lambda: ([], ["stories.9999_newer"]))
    (problem,) = production._database_problems()
    assert "migrated by a newer NotAlone" in problem
    assert "stories.9999_newer" in problem


def test_a_replica_that_does_not_answer_is_warned_of_not_refused(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The router reads from the primary while a replica is down: a standby being rebuilt
    must not keep a web process from (re)starting."""
    from notalone.core import dbrouting

    _production_like(settings)
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    monkeypatch.setattr(dbrouting, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(
        production,
        "_unanswered",
        lambda aliases: ["OperationalError"] if aliases == ["replica_1"] else [],
    )
    from notalone.core import health

    monkeypatch.setattr(health, "_migrations_applied", True)
    assert production._database_problems() == []
    (warning,) = production.replica_warnings()
    assert "replica_1" in warning
    assert "go to the primary" in warning
