from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_logs_in_ignoring_username_case(client: Client, alice: User) -> None:
    response = client.post("/login/", {"username": "Alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_it_refuses_a_wrong_password_with_a_clear_message(client: Client, alice: User) -> None:
    response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_it_gives_the_same_answer_for_an_unknown_username(client: Client) -> None:
    response = client.post("/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_it_pauses_log_in_after_too_many_attempts(client: Client, alice: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_ATTEMPTS_PER_15_MINUTES = 3
    for _ in range(3):
        client.post("/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert "Too many tries for this username" in response.content.decode()
    assert re.search(r"wait [0-9]+ seconds", response.content.decode())


def test_it_follows_a_local_next_but_not_another_site(client: Client, alice: User) -> None:
    response = client.post(
        "/login/", {"username": "alice", "password": PASSWORD, "next": "/account/"}
    )
    assert response["Location"] == "/account/"
    client.post("/logout/")
    response = client.post(
        "/login/", {"username": "alice", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert response["Location"] == "/"


def test_logout_needs_post_and_clears_the_browser(alice_client: Client) -> None:
    assert alice_client.get("/logout/").status_code == 405
    response = alice_client.post("/logout/")
    assert response.status_code == 302
    assert "cache" in response["Clear-Site-Data"]
    assert alice_client.get("/account/").status_code == 302


def test_account_pages_send_an_outsider_to_log_in(client: Client) -> None:
    for url in ("/account/", "/account/password/", "/account/delete/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    for url in ("/account/export/", "/account/recovery-code/"):
        assert client.post(url).status_code == 302


def test_an_over_long_password_gets_a_message_not_an_error(client: Client) -> None:
    response = client.post("/login/", {"username": "alice", "password": "x" * 5000})
    assert response.status_code == 400
    assert "at most 4096 characters" in response.content.decode()
