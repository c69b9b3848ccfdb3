"""The cast every view test can use, and settings that keep tests fast and isolated.

- ``alice``: a member (the author in most tests), ``bob``: another member,
  ``mod``: a moderator, ``charlie``: an outsider — a member with no part in the scene.
- ``client`` is anonymous; ``alice_client`` etc. are logged in.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from notalone.accounts.models import Role, User

# Browser fixtures (Debian's chromium, axe-core, the foreign-request guard), for any folder.
pytest_plugins = ["tests.browser.fixtures"]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: pytest.FixtureRequest) -> Iterator[None]:
    # Argon2 is checked on its own in tests/accounts/test_passwords.py; elsewhere a fast
    # hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Transactional tests (the browser ones) empty every table after each test, including
    the rows data migrations made; put the default content warnings back for the next."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from notalone.stories.models import ContentWarning

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
