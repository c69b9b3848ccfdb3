"""Two web processes on different ports, one PostgreSQL and one Redis (issue 14, item 7):
what a reader does on one is what the other knows. A session begun on one is valid on the
other and ends on both; wrong passwords count together; an edit clears the page cache of
both at once; both serve the same feed.

The servers are real `notalone serve` processes (gunicorn) on the test database, sharing the
test Redis under a key prefix of their own.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection

from tests.conftest import PASSWORD, TEST_REDIS_URL, make_member, redis_key_prefix, require_redis
from tests.core.processes import Process, environment, free_port, start, wait_until_answering
from tests.stories.factories import publish

pytestmark = [pytest.mark.slow, pytest.mark.fault, pytest.mark.django_db(transaction=True)]

HOST = "127.0.0.1"
LOGIN_ATTEMPTS = 2


@dataclass
class Servers:
    first: Process
    second: Process
    prefix: str

    @property
    def both(self) -> tuple[Process, Process]:
        return (self.first, self.second)


def _database_url() -> str:
    values = connection.settings_dict
    password = f":{values['PASSWORD']}" if values.get("PASSWORD") else ""
    return (
        f"postgres://{values['USER']}{password}@{values['HOST'] or '127.0.0.1'}:"
        f"{values['PORT'] or 5432}/{values['NAME']}"
    )


@pytest.fixture(scope="module")
def servers(
    django_db_setup: None, django_db_blocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the two-process test on PostgreSQL.")
        pytest.skip("two web processes share a PostgreSQL database: this is the SQLite pass")
    require_redis()
    prefix = f"{redis_key_prefix()}-two-{uuid.uuid4().hex[:8]}"
    shared = {
        "DATABASE_URL": _database_url(),
        "REDIS_URL": TEST_REDIS_URL,
        "NOTALONE_CACHE_KEY_PREFIX": prefix,
        "NOTALONE_SECRET_KEY": "two-processes-" + "s" * 60,
        "NOTALONE_LOGIN_ATTEMPTS": str(LOGIN_ATTEMPTS),
        "NOTALONE_PAGE_CACHE_SECONDS": "300",  # long: only invalidation can refresh a page
        "NOTALONE_JOBS_IMMEDIATE": "true",
    }
    started = []
    for name in ("first", "second"):
        data_dir = tmp_path_factory.mktemp(name)
        port = free_port(HOST)
        started.append(
            start(
                name,
                ["serve", "--no-worker", "--host", HOST, "--port", str(port)],
                environment(data_dir, **shared),
                data_dir,
                HOST,
                port,
            )
        )
    try:
        for process in started:
            wait_until_answering(process)
        yield Servers(started[0], started[1], prefix)
    finally:
        for process in started:
            process.stop()
        _forget_cached(prefix)


def _forget_cached(prefix: str) -> None:
    client = redis.Redis.from_url(TEST_REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    # Each test empties the database (a transactional test): the servers' cached pages of
    # the one before would describe stories that no longer exist.
    if "servers" in request.fixturenames:
        _forget_cached(request.getfixturevalue("servers").prefix)


@pytest.fixture(autouse=True)
def _argon2(settings) -> None:  # type: ignore[no-untyped-def]
    # The servers check passwords with the site's hasher only (the suite's fast one is not
    # installed there).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


@dataclass
class Browser:
    """One reader: cookies kept across requests, to whichever server."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        server: Process,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        body: object = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, http.client.HTTPResponse]:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
        sent = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if form is not None:
            data = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body)
            sent["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        conn.close()
        return response.status, text, response

    def post_form(self, server: Process, path: str, form: dict[str, str]) -> tuple[int, str]:
        _, page, _ = self.request(server, "GET", path if path != "/logout/" else "/account/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        status, text, _ = self.request(
            server, "POST", path, form={**form, "csrfmiddlewaretoken": token.group(1)}
        )
        return status, text


def _story_ids(page: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="/stories/([a-z2-9]{16})/"', page)))


def _token(server: Process, username: str) -> str:
    status, text, _ = Browser().request(
        server, "POST", "/api/v1/auth/token", body={"username": username, "password": PASSWORD}
    )
    assert status == 200, text
    return str(json.loads(text)["token"])


def test_a_session_begun_on_one_is_valid_on_the_other_and_ends_on_both(
    servers: Servers, transactional_db: None
) -> None:
    make_member("alice")
    reader = Browser()
    status, _ = reader.post_form(
        servers.first, "/login/", {"username": "alice", "password": PASSWORD}
    )
    assert status == 302
    for server in servers.both:
        status, page, _ = reader.request(server, "GET", "/account/")
        assert status == 200
        assert "alice" in page
    status, _ = reader.post_form(servers.second, "/logout/", {})
    assert status == 302
    for server in servers.both:
        status, _, response = reader.request(server, "GET", "/account/")
        assert status == 302
        assert "/login/" in response.headers["Location"]


def test_wrong_passwords_count_together_across_processes(
    servers: Servers, transactional_db: None
) -> None:
    make_member("dana")
    answers = []
    for attempt in range(LOGIN_ATTEMPTS + 2):
        server = servers.both[attempt % 2]
        status, _, _ = Browser().request(
            server,
            "POST",
            "/api/v1/auth/token",
            body={"username": "dana", "password": "not the password"},
        )
        answers.append(status)
    # The first tries are wrong passwords (401) on either server; then both make them wait.
    assert answers[:LOGIN_ATTEMPTS] == [401] * LOGIN_ATTEMPTS
    assert answers[-1] == 429
    assert 429 in answers[LOGIN_ATTEMPTS:]


def test_an_edit_on_one_is_seen_at_once_on_both(servers: Servers, transactional_db: None) -> None:
    alice = make_member("alice")
    story = publish(alice, "The words as first shared.", hashtags=["twoprocesses"])
    reader = Browser()
    for server in servers.both:  # each caches the page for 300 seconds
        _, page, _ = reader.request(server, "GET", "/stories/")
        assert "The words as first shared." in page
    token = _token(servers.first, "alice")
    status, text, _ = Browser().request(
        servers.first,
        "PATCH",
        f"/api/v1/stories/{story.public_id}",
        body={"body": "The words after the edit."},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200, text
    for server in servers.both:
        for path in ("/stories/", "/tags/twoprocesses/", f"/stories/{story.public_id}/"):
            status, page, _ = reader.request(server, "GET", path)
            assert status == 200, path
            assert "The words after the edit." in page, (server.name, path)
            assert "The words as first shared." not in page, (server.name, path)


def test_both_serve_the_same_feed(servers: Servers, transactional_db: None) -> None:
    alice, bob = make_member("alice"), make_member("bob")
    for number in range(5):
        publish(alice if number % 2 else bob, f"Story number {number} in the shared feed.")
    token = _token(servers.second, "alice")
    feeds = []
    for server in servers.both:
        _, page, _ = Browser().request(server, "GET", "/stories/")
        _, api, _ = Browser().request(
            server, "GET", "/api/v1/stories", headers={"Authorization": f"Bearer {token}"}
        )
        feeds.append((_story_ids(page), [item["id"] for item in json.loads(api)["items"]]))
    assert feeds[0] == feeds[1]
    assert len(feeds[0][0]) == 5
    assert feeds[0][0] == feeds[0][1]


def test_hidden_blocked_and_deleted_stories_leave_both_processes_kept_lists(
    servers: Servers, transactional_db: None
) -> None:
    """Each process keeps the card lists it has read (stories.cardlist._KEPT): a moderator's
    hide, a block and a deletion made through the other process, and a flushed Redis, never
    bring a story back on either."""
    from notalone.accounts.models import Role

    alice, carol, dave = make_member("alice"), make_member("carol"), make_member("dave")
    make_member("bob")
    make_member("mod", Role.MODERATOR)
    hidden = publish(alice, "A story a moderator will hide.")
    blocked = publish(carol, "A story by the member bob will block.")
    deleted = publish(dave, "A story its author will delete.")
    bob = Browser()
    assert (
        bob.post_form(servers.first, "/login/", {"username": "bob", "password": PASSWORD})[0] == 302
    )
    anonymous = Browser()

    def shown(reader: Browser) -> list[set[str]]:
        seen = []
        for server in servers.both:
            for _ in range(2):  # the second read is from the list kept in the process
                status, page, _ = reader.request(server, "GET", "/stories/")
                assert status == 200
                seen.append(set(_story_ids(page)))
        return seen

    every = {hidden.public_id, blocked.public_id, deleted.public_id}
    assert shown(bob) == [every] * 4
    assert shown(anonymous) == [every] * 4

    status, text, _ = Browser().request(
        servers.first,
        "POST",
        "/api/v1/moderation/actions",
        body={"action": "hide", "reason": "Names a person.", "story_id": hidden.public_id},
        headers={"Authorization": f"Bearer {_token(servers.first, 'mod')}"},
    )
    assert status == 201, text
    status, text, _ = Browser().request(
        servers.second,
        "POST",
        "/api/v1/blocks",
        body={"story_id": blocked.public_id},
        headers={"Authorization": f"Bearer {_token(servers.second, 'bob')}"},
    )
    assert status == 200, text
    assert shown(bob) == [{deleted.public_id}] * 4
    assert shown(anonymous) == [{blocked.public_id, deleted.public_id}] * 4

    _forget_cached(servers.prefix)  # redis-cli flushdb, for these servers' keys
    bob = Browser()
    assert (
        bob.post_form(servers.second, "/login/", {"username": "bob", "password": PASSWORD})[0]
        == 302
    )
    assert shown(bob) == [{deleted.public_id}] * 4
    assert shown(anonymous) == [{blocked.public_id, deleted.public_id}] * 4
    status, text, _ = Browser().request(
        servers.second,
        "DELETE",
        f"/api/v1/stories/{deleted.public_id}",
        headers={"Authorization": f"Bearer {_token(servers.second, 'dave')}"},
    )
    assert status in (200, 204), text
    assert shown(bob) == [set()] * 4
    assert shown(anonymous) == [{blocked.public_id}] * 4
