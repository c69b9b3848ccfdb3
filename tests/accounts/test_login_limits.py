"""The log-in limits hold (issue 9, items 4 and 5), with the in-process cache and with Redis.

Each attack from the review is tried as written: evicting the counters with a flood of new
page addresses, the operator admin's own log-in form, spellings of a name that used to get a
fresh set of tries, and a stranger trying to lock a member out. The limits live in the SQL
database, so every test runs once per cache backend and empties the cache mid-attack too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from notalone.accounts.models import User
from tests.conftest import PASSWORD, make_member, redis_cache_settings, require_redis

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.66"
MEMBER_HOME = "198.51.100.20"


@pytest.fixture(params=["in-process", "redis"], autouse=True)
def cache_backend(request: pytest.FixtureRequest, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "redis":
        require_redis()
        settings.CACHES = redis_cache_settings()
    settings.LOGIN_ATTEMPTS_PER_15_MINUTES = 3
    cache.clear()
    yield request.param
    cache.clear()


def log_in(
    client: Client, username: str, password: str = PASSWORD, **extra: str
) -> tuple[int, str]:
    response = client.post("/login/", {"username": username, "password": password, **extra})
    return response.status_code, response.content.decode()


def stranger() -> Client:
    return Client(REMOTE_ADDR=STRANGER)


def test_a_flood_of_new_page_addresses_resets_no_limit(alice: User) -> None:
    attacker = stranger()
    for _ in range(3):
        assert log_in(attacker, "alice", "wrong")[0] == 400
    # The old counters shared the page cache (300 entries in process): 400 new page addresses
    # evicted them. A few real pages, then the rest of the flood written straight into the
    # cache (400 rendered feeds took 17 s). Time stands still meanwhile.
    with time_machine.travel(timezone.now(), tick=False):
        for number in range(5):
            assert attacker.get(f"/stories/?flood={number}").status_code == 200
        cache.set_many({f"flood-{number}": b"a page" for number in range(400)})
        cache.clear()  # and a restart or a Redis flush emptied them outright
        status, page = log_in(attacker, "alice")
        assert status == 400
        assert "Too many tries for this username" in page


def test_the_admin_log_in_form_checks_no_password(operator: User) -> None:
    client = stranger()
    response = client.post(
        "/operator/admin/login/?next=/operator/admin/",
        {"username": "op", "password": PASSWORD},
    )
    # Sent to the one door, not logged in by the admin's own form.
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Foperator%2Fadmin%2F"
    assert client.get("/operator/admin/").status_code == 302
    # Nothing can check a password around the limits, not even Django's authenticate().
    assert authenticate(username="op", password=PASSWORD) is None


def test_operators_log_in_through_the_one_door_and_its_limits(operator: User) -> None:
    own = Client(REMOTE_ADDR=MEMBER_HOME)
    assert log_in(own, "op", remember="on")[0] == 302
    own.post("/logout/")
    attacker = stranger()
    for _ in range(3):
        log_in(attacker, "op", "wrong", next="/operator/admin/")
    assert log_in(attacker, "op", next="/operator/admin/")[0] == 400
    response = own.post(
        "/login/", {"username": "op", "password": PASSWORD, "next": "/operator/admin/"}
    )
    assert response["Location"] == "/operator/admin/"
    assert own.get("/operator/admin/").status_code == 200


def test_the_admin_password_form_leads_to_ours(operator_client: Client) -> None:
    response = operator_client.get("/operator/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/account/password/"


@pytest.mark.parametrize(
    "spelling",
    [" alice", "alice ", "alice\u00a0", "\u00a0ALICE", "\uff41lice", "\u0430lice"],
    ids=["space-before", "space-after", "nbsp", "nbsp-upper", "full-width", "cyrillic-a"],
)
def test_no_spelling_of_a_name_gets_fresh_tries(alice: User, spelling: str) -> None:
    attacker = stranger()
    for _ in range(2):
        log_in(attacker, "alice", "wrong")
    log_in(attacker, spelling, "wrong")
    # The guesser waits, even with the right password...
    status, page = log_in(attacker, "alice")
    assert status == 400
    assert "Too many tries for this username" in page
    # ...and the member, anywhere else, does not.
    assert log_in(Client(REMOTE_ADDR=MEMBER_HOME), "alice")[0] == 302


def test_a_stranger_guessing_from_one_place_keeps_nobody_out(alice: User) -> None:
    attacker = stranger()
    for _ in range(12):
        log_in(attacker, "alice", "wrong")
    assert "Too many" in log_in(attacker, "alice")[1]
    cache.clear()
    assert log_in(Client(REMOTE_ADDR=MEMBER_HOME), "alice")[0] == 302


def test_a_recovery_code_gets_the_member_in_whatever_the_guessers_did(alice: User) -> None:
    from notalone.accounts import services

    for number in range(40):
        Client(REMOTE_ADDR=f"203.0.113.{number + 1}").post(
            "/login/", {"username": "alice", "password": f"guess {number}"}
        )
    home = Client(REMOTE_ADDR=MEMBER_HOME)
    assert "log-in from new browsers is paused" in log_in(home, "alice")[1]
    code = services.account_new_recovery_code(user=alice)
    home.post(
        "/recover/",
        {"username": "alice", "recovery_code": code, "new_password": "a brand new passphrase"},
    )
    assert home.get("/account/").status_code == 200
    home.post("/logout/")
    assert log_in(home, "alice", "a brand new passphrase")[0] == 302


@pytest.mark.parametrize("spelling", [" alice", "alice\u00a0", "ALICE", "\uff41lice"])
def test_a_spelling_of_the_name_logs_in(alice: User, spelling: str) -> None:
    assert log_in(stranger(), spelling)[0] == 302


def test_a_stranger_cannot_lock_a_member_out_of_a_remembered_browser(alice: User) -> None:
    member = Client(REMOTE_ADDR=MEMBER_HOME)
    assert log_in(member, "alice", remember="on")[0] == 302
    member.post("/logout/")
    for number in range(40):
        Client(REMOTE_ADDR=f"203.0.113.{number + 1}").post(
            "/login/", {"username": "alice", "password": f"guess {number}"}
        )
    cache.clear()
    # Any browser the member did not ask us to remember waits, as the guessers do...
    assert log_in(Client(REMOTE_ADDR=MEMBER_HOME), "alice")[0] == 400
    # ...but the remembered one gets straight in, as often as the member likes.
    for _ in range(3):
        assert log_in(member, "alice")[0] == 302
        member.post("/logout/")


def test_a_remembered_browser_vouches_only_for_its_own_member(alice: User, bob: User) -> None:
    shared = Client(REMOTE_ADDR=MEMBER_HOME)
    assert log_in(shared, "alice", remember="on")[0] == 302
    shared.post("/logout/")
    for _ in range(3):
        log_in(shared, "bob", "wrong")
    # Guesses at bob's password from alice's remembered browser are slowed like anyone's.
    assert log_in(shared, "bob")[0] == 400


def test_a_stolen_remembered_browser_is_slowed_down_too(alice: User) -> None:
    member = Client(REMOTE_ADDR=MEMBER_HOME)
    log_in(member, "alice", remember="on")
    member.post("/logout/")
    for _ in range(3):
        assert log_in(member, "alice", "wrong")[0] == 400
    assert "Too many tries" in log_in(member, "alice")[1]


def test_the_remembered_browser_cookie_holds_no_name(alice: User) -> None:
    member = Client()
    log_in(member, "alice", remember="on")
    cookie = member.cookies["na_browser"]
    assert "alice" not in cookie.value.lower()
    assert cookie["httponly"]
    assert cookie["max-age"] == 90 * 86400
    assert log_in(Client(), "alice")[0] == 302
    assert "na_browser" not in Client().cookies


def test_successful_log_ins_use_up_no_limit_behind_one_address() -> None:
    # Many members behind one address (a campus, a shelter's network): all get in.
    for number in range(12):
        make_member(f"member{number}")
    for number in range(12):
        assert log_in(Client(REMOTE_ADDR=MEMBER_HOME), f"member{number}")[0] == 302


def test_wrong_passwords_from_one_client_across_many_names_are_limited() -> None:
    attacker = stranger()
    for number in range(9):
        assert log_in(attacker, f"name{number}", "wrong")[0] == 400
    status, page = log_in(attacker, "name-ten", "wrong")
    assert status == 400
    assert "Too many attempts from here" in page


def test_the_api_token_endpoint_counts_against_the_same_limits(alice: User) -> None:
    attacker = stranger()
    for _ in range(3):
        response = attacker.post(
            "/api/v1/auth/token",
            {"username": "alice\u00a0", "password": "wrong"},
            content_type="application/json",
        )
        assert response.status_code == 401
    response = attacker.post(
        "/api/v1/auth/token",
        {"username": "alice", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 30
    # The same door as the page, and the same rule: the guesser waits, the member does not.
    assert "Too many tries for this username" in log_in(attacker, "alice")[1]
    assert log_in(Client(REMOTE_ADDR=MEMBER_HOME), "alice")[0] == 302


def test_strangers_cannot_stop_a_member_from_recovering(alice: User) -> None:
    for number in range(10):
        Client(REMOTE_ADDR=f"203.0.113.{number + 1}").post(
            "/recover/",
            {"username": "alice", "recovery_code": "AAAAA", "new_password": "a fresh passphrase"},
        )
    from notalone.accounts import services

    code = services.account_new_recovery_code(user=alice)
    response = Client(REMOTE_ADDR=MEMBER_HOME).post(
        "/recover/",
        {"username": "alice", "recovery_code": code, "new_password": "a fresh passphrase"},
    )
    assert response.status_code == 200
