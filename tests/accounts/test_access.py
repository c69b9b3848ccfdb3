"""Sessions, tokens and remembered browsers (issue 9, item 6): a password change or a recovery
ends every other one; members see theirs, with nothing but a date, and end any of them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts import services
from notalone.accounts.models import MemberSession, TrustedBrowser, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new long passphrase"


def logged_in(username: str = "alice", **extra: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302
    return client


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def token_works(token: str) -> bool:
    return Client().get("/api/v1/account/export", **bearer(token)).status_code == 200


def test_a_password_change_ends_every_other_session_token_and_browser(alice: User) -> None:
    here = logged_in(remember="on")
    elsewhere = logged_in(remember="on")
    token = services.api_token_create(user=alice)
    response = here.post(
        "/account/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert not token_works(token)
    assert MemberSession.objects.filter(user=alice).count() == 1
    # This browser stays remembered (a new token); the other one is forgotten.
    assert TrustedBrowser.objects.filter(user=alice).count() == 1
    assert here.cookies["na_browser"].value != elsewhere.cookies["na_browser"].value


def test_a_recovery_ends_every_session_token_and_browser(alice: User) -> None:
    session = logged_in(remember="on")
    token = services.api_token_create(user=alice)
    code = services.account_new_recovery_code(user=alice)
    recovering = Client()
    response = recovering.post(
        "/recover/", {"username": "alice", "recovery_code": code, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert session.get("/account/").status_code == 302
    assert not token_works(token)
    assert not TrustedBrowser.objects.filter(user=alice).exists()
    # The recovery code proved who they are: the browser that used it is logged in, and its
    # session is the only one left.
    assert recovering.get("/account/").status_code == 200
    assert MemberSession.objects.filter(user=alice).count() == 1


def test_a_session_row_knows_its_member_and_day_and_nothing_else(alice: User) -> None:
    logged_in()
    row = MemberSession.objects.get(user=alice)
    fields = {field.name for field in MemberSession._meta.get_fields()}
    assert fields == {"session_key", "session_data", "expire_date", "user", "created_on"}
    assert row.created_on is not None


def test_the_member_sees_their_sessions_tokens_and_browsers_with_dates_only(
    alice: User, bob: User
) -> None:
    here = logged_in(remember="on")
    logged_in()
    logged_in("bob")
    services.api_token_create(user=alice)
    page = here.get("/account/access/").content.decode()
    assert page.count("Logged in on") == 2
    assert page.count("<strong>this browser</strong>") == 2  # its session, and it remembered
    assert page.count("Token made on") == 1
    assert page.count("Remembered on") == 1
    for key in MemberSession.objects.values_list("session_key", flat=True):
        assert key not in page


def _first(pattern: str, page: str) -> str:
    match = re.search(pattern, page)
    assert match is not None
    return match.group(1)


def test_the_member_ends_one_session_and_one_token(alice: User) -> None:
    here = logged_in()
    other = logged_in()
    token = services.api_token_create(user=alice)
    page = here.get("/account/access/").content.decode()
    ref = _first(r'name="session" value="([0-9a-f]+)"', page)
    assert here.post("/account/access/end/", {"session": ref}).status_code == 302
    assert other.get("/account/").status_code == 302
    assert here.get("/account/").status_code == 200
    token_id = _first(r'name="token" value="([a-z2-9]{16})"', page)
    here.post("/account/access/end/", {"token": token_id})
    assert not token_works(token)


def test_log_out_everywhere_else(alice: User) -> None:
    here = logged_in()
    others = [logged_in(), logged_in()]
    token = services.api_token_create(user=alice)
    here.post("/account/access/end-others/")
    assert here.get("/account/").status_code == 200
    assert all(other.get("/account/").status_code == 302 for other in others)
    assert not token_works(token)


@pytest.mark.parametrize("value", ["\u00b2", "-1", " 7", "7 ", "\u0667", "9" * 40, "abc"])
def test_odd_ids_end_nothing_and_never_fail(alice: User, value: str) -> None:
    here = logged_in()
    token = services.api_token_create(user=alice)
    for field in ("session", "token", "browser"):
        response = here.post("/account/access/end/", {field: value}, follow=True)
        assert response.status_code == 200
    assert token_works(token)


def test_a_member_cannot_end_someone_elses_access(alice: User, bob: User) -> None:
    bobs_session = logged_in("bob", remember="on")
    bobs_token = services.api_token_create(user=bob)
    alice_client = logged_in()
    from notalone.accounts.selectors import session_ref

    for key in MemberSession.objects.filter(user=bob).values_list("session_key", flat=True):
        alice_client.post("/account/access/end/", {"session": session_ref(key)})
    for browser in TrustedBrowser.objects.filter(user=bob):
        alice_client.post("/account/access/end/", {"browser": browser.public_id})
    alice_client.post("/account/access/end/", {"token": bob.api_tokens.get().public_id})
    assert bobs_session.get("/account/").status_code == 200
    assert token_works(bobs_token)
    assert TrustedBrowser.objects.filter(user=bob).exists()


def test_log_out_can_forget_this_browser(alice: User) -> None:
    client = logged_in(remember="on")
    response = client.post("/logout/", {"forget_browser": "1"})
    assert response.cookies["na_browser"].value == ""
    assert not TrustedBrowser.objects.exists()


def test_the_api_logs_out_the_token_it_was_given(alice: User) -> None:
    first = services.api_token_create(user=alice)
    second = services.api_token_create(user=alice)
    listed = Client().get("/api/v1/auth/tokens", **bearer(first)).json()
    assert [item["current"] for item in listed] == [False, True]
    assert set(listed[0]) == {"id", "created_on", "current"}
    # Random identifiers, never row numbers that count every token on the site.
    assert all(len(item["id"]) == 16 and not item["id"].isdigit() for item in listed)
    assert Client().post("/api/v1/auth/logout", **bearer(first)).status_code == 204
    assert not token_works(first)
    assert token_works(second)
    assert Client().post("/api/v1/auth/logout", **bearer(first)).status_code == 401


def test_the_api_ends_one_of_my_tokens_and_none_of_anyone_elses(alice: User, bob: User) -> None:
    mine, spare = services.api_token_create(user=alice), services.api_token_create(user=alice)
    bobs = services.api_token_create(user=bob)
    bobs_id = bob.api_tokens.get().public_id
    spare_id = alice.api_tokens.order_by("-id").first().public_id  # type: ignore[union-attr]
    client = Client()
    assert client.delete(f"/api/v1/auth/tokens/{bobs_id}", **bearer(mine)).status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{2**70}", **bearer(mine)).status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{spare_id}", **bearer(mine)).status_code == 204
    assert not token_works(spare)
    assert token_works(bobs)
