"""The cast every view test can use, and settings that keep tests fast and isolated.

- ``alice``: a member (the author in most tests), ``bob``: another member,
  ``mod``: a moderator, ``charlie``: an outsider — a member with no part in the scene.
- ``client`` is anonymous; ``alice_client`` etc. are logged in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from notalone.accounts.models import Role, User

# Browser fixtures (Debian's chromium, axe-core, the foreign-request guard), for any folder.
pytest_plugins = ["tests.browser.fixtures"]

PASSWORD = "correct horse battery staple"

# The real Redis the Redis-dependent tests use (scripts/test.sh sets it). Each test process
# keeps its keys under its own prefix (pytest-xdist worker and process id), and the cache's
# clear() deletes only those (notalone.core.cache), so workers and other runs never collide.
TEST_REDIS_URL = os.environ.get("NOTALONE_TEST_REDIS_URL", "redis://127.0.0.1:6379/10")


def redis_key_prefix() -> str:
    return f"notalone-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"


def redis_cache_settings(url: str = TEST_REDIS_URL) -> dict[str, dict[str, object]]:
    return {
        "default": {
            "BACKEND": "notalone.core.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": redis_key_prefix(),
        }
    }


def require_redis(url: str = TEST_REDIS_URL) -> None:
    """Fail (never skip) when the test Redis does not answer: these tests are the only proof
    that the Redis set-up works."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(
            f"Redis is not reachable at {url} ({error}); start it or set NOTALONE_TEST_REDIS_URL."
        )


@pytest.fixture
def redis_cache(settings: pytest.FixtureRequest) -> Iterator[str]:
    """The site's cache on the real test Redis, emptied (this process's keys) around the test."""
    require_redis()
    settings.CACHES = redis_cache_settings()  # type: ignore[attr-defined]
    settings.REDIS_URL = TEST_REDIS_URL  # type: ignore[attr-defined]
    cache.clear()
    yield TEST_REDIS_URL
    cache.clear()


def pytest_sessionstart(session: pytest.Session) -> None:
    # The translations, if `make locale` has not built them (once, not in each xdist worker).
    if not hasattr(session.config, "workerinput"):
        from tests.i18n.compile import compile_stale_catalogs

        compile_stale_catalogs()


# The safety detectors answer with their plain rules everywhere but in the tests marked
# ``models`` (the held-out evaluations, run once, in the PostgreSQL pass): loading the
# embedding model and spaCy in every test process would cost minutes on a small machine.
os.environ.setdefault("NOTALONE_SAFETY_MODELS", "off")


@pytest.fixture
def safety_models(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The models of the [ml] extra for this test (skipped where the extra is missing)."""
    from notalone.safety import modes

    monkeypatch.setenv("NOTALONE_SAFETY_MODELS", "on")
    modes.mode.cache_clear()
    if not modes.mode().models:
        modes.mode.cache_clear()
        pytest.skip("the [ml] extra is not installed (make install-ml)")
    yield
    monkeypatch.setenv("NOTALONE_SAFETY_MODELS", "off")
    modes.mode.cache_clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SQLite tests run on a file, as the site does, not on Django's shared in-memory
    database: only a file has the locking (WAL, BEGIN IMMEDIATE, busy_timeout) that
    concurrent writers rely on, and tests/core/test_ratelimit.py races writers."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: pytest.FixtureRequest) -> Iterator[None]:
    # Argon2 is checked on its own in tests/accounts/test_passwords.py; elsewhere a fast
    # hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    from django.utils import translation
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    cache.clear()
    # A page rendered in another language leaves that language active in the thread (Django's
    # LocaleMiddleware activates it and nothing deactivates it): every test starts in English.
    translation.activate("en")
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Transactional tests (the browser ones, and any that asks for ``transactional_db`` or
    ``live_server``) empty every table after they run, including the rows data migrations
    made: every test that uses the database finds the default content warnings back."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        names & {"transactional_db", "live_server"}
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from importlib import import_module

    from notalone.stories.models import ContentWarning

    if ContentWarning.objects.exists():
        return
    defaults = import_module(
        "notalone.stories.migrations.0002_search_and_warnings"
    ).DEFAULT_WARNINGS
    for position, (slug, label) in enumerate(defaults):
        ContentWarning.objects.get_or_create(
            slug=slug, defaults={"label": label, "position": position}
        )


def make_member(username: str, role: Role = Role.MEMBER) -> User:
    return User.objects.create_user(username, PASSWORD, role=role)


@pytest.fixture
def alice(db: None) -> User:
    return make_member("alice")


@pytest.fixture
def bob(db: None) -> User:
    return make_member("bob")


@pytest.fixture
def charlie(db: None) -> User:
    return make_member("charlie")


@pytest.fixture
def mod(db: None) -> User:
    return make_member("mod", Role.MODERATOR)


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_superuser("op", PASSWORD)


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return _logged_in(alice)


@pytest.fixture
def bob_client(bob: User) -> Client:
    return _logged_in(bob)


@pytest.fixture
def charlie_client(charlie: User) -> Client:
    return _logged_in(charlie)


@pytest.fixture
def mod_client(mod: User) -> Client:
    return _logged_in(mod)


@pytest.fixture
def operator_client(operator: User) -> Client:
    return _logged_in(operator)
