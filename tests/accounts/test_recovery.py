from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts import services
from notalone.accounts.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and long passphrase"


def _code(html: str) -> str:
    match = re.search(r'id="recovery-code"[^>]*>([A-Z0-9-]+)<', html)
    assert match is not None
    return match.group(1)


def test_the_recovery_code_resets_the_password_once() -> None:
    result = services.account_signup(username="lake", password="first long password")
    client = Client()
    response = client.post(
        "/recover/",
        {"username": "lake", "recovery_code": result.recovery_code, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 200
    new_code = _code(response.content.decode())
    assert new_code != result.recovery_code
    assert client.post("/login/", {"username": "lake", "password": NEW_PASSWORD}).status_code == 302
    # The old code is spent.
    again = Client().post(
        "/recover/",
        {
            "username": "lake",
            "recovery_code": result.recovery_code,
            "new_password": "yet another passphrase",
        },
    )
    assert again.status_code == 400


def test_it_accepts_the_code_in_lower_case_and_without_dashes() -> None:
    result = services.account_signup(username="lake", password="first long password")
    sloppy = result.recovery_code.replace("-", " ").lower()
    response = Client().post(
        "/recover/", {"username": "LAKE", "recovery_code": sloppy, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200


def test_a_wrong_recovery_code_gets_a_clear_message(alice: User) -> None:
    response = Client().post(
        "/recover/",
        {"username": "alice", "recovery_code": "AAAAA-BBBBB", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_a_weak_new_password_is_refused_and_the_code_still_works() -> None:
    result = services.account_signup(username="lake", password="first long password")
    response = Client().post(
        "/recover/",
        {"username": "lake", "recovery_code": result.recovery_code, "new_password": "123"},
    )
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    ok = Client().post(
        "/recover/",
        {"username": "lake", "recovery_code": result.recovery_code, "new_password": NEW_PASSWORD},
    )
    assert ok.status_code == 200


def test_a_member_can_make_a_new_code(alice_client: Client, alice: User) -> None:
    before = User.objects.get(pk=alice.pk).recovery_code_hash
    response = alice_client.post("/account/recovery-code/", follow=True)
    assert response.status_code == 200
    _code(response.content.decode())
    assert User.objects.get(pk=alice.pk).recovery_code_hash != before


def test_recovery_is_throttled(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_ATTEMPTS_PER_15_MINUTES = 2
    services.account_signup(username="lake", password="first long password")
    for _ in range(2):
        Client().post(
            "/recover/", {"username": "lake", "recovery_code": "X", "new_password": NEW_PASSWORD}
        )
    response = Client().post(
        "/recover/", {"username": "lake", "recovery_code": "X", "new_password": NEW_PASSWORD}
    )
    assert "Too many attempts" in response.content.decode()
