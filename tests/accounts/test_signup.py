# ruff: noqa: RUF001  (names in other scripts are the point of some tests)
from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client: Client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/signup/", {"username": username, "password": password})


def test_it_creates_a_member_and_shows_a_recovery_code_once(client: Client) -> None:
    response = signup(client, "river")
    assert response.status_code == 200
    code = re.search(r'id="recovery-code"[^>]*>([A-Z0-9-]+)<', response.content.decode())
    assert code is not None
    user = User.objects.get(username="river")
    assert user.role == "member"
    # Only a hash is stored, and it is not the code itself.
    assert code.group(1) not in user.recovery_code_hash
    assert user.recovery_code_hash.startswith("md5$") or user.recovery_code_hash.startswith(
        "argon2"
    )
    # Logged in straight away.
    assert client.get("/account/").status_code == 200


def test_it_asks_for_no_email_or_phone(client: Client) -> None:
    page = client.get("/signup/").content.decode().lower()
    assert 'type="email"' not in page
    assert 'type="tel"' not in page
    assert 'name="email"' not in page


def test_it_rejects_a_taken_username_whatever_the_case(client: Client, alice: User) -> None:
    response = signup(client, "ALICE")
    assert response.status_code == 400
    assert "This username, or one that looks just like it, is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_it_rejects_an_overlong_username_with_a_clear_message(client: Client) -> None:
    response = signup(client, "x" * 31)
    assert response.status_code == 400
    assert "at most 30 characters" in response.content.decode()
    assert not User.objects.exists()


def test_it_rejects_spaces_and_symbols_in_a_username(client: Client) -> None:
    response = signup(client, "a b<script>")
    assert response.status_code == 400
    assert "no spaces" in response.content.decode()


@pytest.mark.parametrize(
    "username",
    ["प्रिया", "মৌমিতা", "தமிழ்", "مریم\u200cجان", "سارة", "さくら", "İrem", "dana.k-2"],
)
def test_names_in_every_script_are_accepted(client: Client, username: str) -> None:
    """Vowel signs and viramas (Hindi, Bengali, Tamil) and a Persian ZWNJ were refused as
    "symbols" (issue 11: a regular expression's \\w has no combining marks)."""
    assert signup(client, username).status_code == 200
    assert User.objects.filter(username=username).exists()


@pytest.mark.parametrize("username", ["\u200cabc", "ab\u200ccd", "a\u202eb", "ab!", "a b"])
def test_joiners_out_of_place_and_controls_are_refused(client: Client, username: str) -> None:
    assert signup(client, username).status_code == 400
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "too short"),
        ("password123", "too common"),
        ("4815162342424242", "entirely numeric"),
    ],
)
def test_it_rejects_a_weak_password_and_says_why(
    client: Client, password: str, message: str
) -> None:
    response = signup(client, "meadow", password)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_failed_signup_keeps_the_username_typed(client: Client) -> None:
    response = signup(client, "meadow", "short")
    assert 'value="meadow"' in response.content.decode()


def test_signups_are_throttled_per_client(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNUPS_PER_HOUR = 2
    assert signup(Client(), "one").status_code == 200
    assert signup(Client(), "two").status_code == 200
    response = signup(Client(), "three")
    assert response.status_code == 400
    assert "Too many new accounts" in response.content.decode()
