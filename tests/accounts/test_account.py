from __future__ import annotations

import json

import pytest
from django.test import Client

from notalone.accounts import registry
from notalone.accounts.models import MemberSession, Role, User
from tests.conftest import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def test_change_password_needs_the_current_one(alice_client: Client) -> None:
    response = alice_client.post(
        "/account/password/", {"current_password": "wrong", "new_password": "another long secret"}
    )
    assert response.status_code == 400
    assert "current password is not right" in response.content.decode()


def test_change_password_keeps_the_member_logged_in(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/account/password/", {"current_password": PASSWORD, "new_password": "another long secret"}
    )
    assert response.status_code == 302
    assert alice_client.get("/account/").status_code == 200
    assert User.objects.get(pk=alice.pk).check_password("another long secret")


def test_export_is_one_json_file_with_the_account(alice_client: Client) -> None:
    response = alice_client.post("/account/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "notalone-export"
    assert data["account"]["username"] == "alice"
    # The export holds what the member wrote, never secrets about them.
    assert "password" not in json.dumps(data)
    assert "recovery" not in json.dumps(data)


def test_export_includes_every_registered_section(alice_client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(registry.exporters, "notes", lambda user: [f"note by {user.username}"])
    data = json.loads(alice_client.post("/account/export/").content)
    assert data["notes"] == ["note by alice"]


def test_delete_needs_the_password_and_a_choice(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/account/delete/", {"stories": "delete", "password": "wrong"})
    assert response.status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()
    response = alice_client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()


@pytest.mark.parametrize("choice", ["delete", "keep"])
def test_delete_removes_the_account_and_tells_each_app(
    alice_client: Client,
    alice: User,
    monkeypatch,
    choice: str,  # type: ignore[no-untyped-def]
) -> None:
    calls: list[tuple[str, bool]] = []
    monkeypatch.setitem(
        registry.erasers, "spy", lambda user, keep: calls.append((user.username, keep))
    )
    response = alice_client.post("/account/delete/", {"stories": choice, "password": PASSWORD})
    assert response.status_code == 200
    assert "is deleted" in response.content.decode()
    assert not User.objects.filter(username="alice").exists()
    assert calls == [("alice", choice == "keep")]
    assert alice_client.get("/account/").status_code == 302


def test_a_deleted_members_session_cannot_be_used(alice_client: Client, alice: User) -> None:
    other_device = Client()
    other_device.force_login(alice)
    alice_client.post("/account/delete/", {"stories": "delete", "password": PASSWORD})
    assert other_device.get("/account/").status_code == 302
    assert not MemberSession.objects.filter(user_id=alice.pk).exists()


@pytest.mark.parametrize(("role", "shown"), [(Role.OPERATOR, True), (Role.MODERATOR, False)])
def test_an_operator_finds_the_pages_that_run_the_site_on_their_account_page(
    client: Client, role: Role, shown: bool
) -> None:
    """The operator's pages were reachable only by typing their address (issue 15)."""
    client.force_login(make_member("runner", role))
    html = client.get("/account/").content.decode()
    for link in ('href="/help/manage/"', 'href="/escrow/operator/"'):
        assert (link in html) is shown
        if shown:
            assert client.get(link[6:-1]).status_code == 200
