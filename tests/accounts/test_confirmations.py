"""Nothing destructive in one tap on the account pages (issue 15): ending a log-in, a token
or a remembered browser, logging out everywhere else and replacing the recovery code each
ask first with a GET page that works without JavaScript; secrets are shown once, after a
POST/redirect/GET, so reloading or going back never makes a second one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts import services
from notalone.accounts.models import ApiToken, User
from notalone.accounts.services import api_token_user
from tests.accounts.test_access import logged_in, token_works

pytestmark = pytest.mark.django_db


def test_ending_a_token_asks_first(alice: User) -> None:
    here = logged_in()
    token = services.api_token_create(user=alice)
    page = here.get("/account/access/").content.decode()
    assert 'method="post" action="/account/access/end/"' not in page
    token_id = re.search(r'name="token" value="([a-z2-9]{16})"', page).group(1)  # type: ignore[union-attr]
    question = here.get("/account/access/end/", {"token": token_id})
    assert question.status_code == 200
    assert "End this API token?" in question.content.decode()
    assert token_works(token)
    here.post("/account/access/end/", {"token": token_id})
    assert not token_works(token)
    # Asked again (Back): nothing is left to end, and the member is told so.
    again = here.get("/account/access/end/", {"token": token_id}, follow=True)
    assert "already ended" in again.content.decode()


def test_someone_elses_token_cannot_even_be_asked_about(alice: User, bob: User) -> None:
    services.api_token_create(user=bob)
    here = logged_in()
    response = here.get("/account/access/end/", {"token": bob.api_tokens.get().public_id})
    assert response.status_code == 302


def test_log_out_everywhere_else_asks_first(alice: User) -> None:
    here = logged_in()
    other = logged_in()
    page = here.get("/account/access/").content.decode()
    assert 'method="get" action="/account/access/end-others/"' in page
    question = here.get("/account/access/end-others/")
    assert "Log out everywhere else?" in question.content.decode()
    assert other.get("/account/").status_code == 200
    here.post("/account/access/end-others/")
    assert other.get("/account/").status_code == 302


def test_a_token_is_made_by_a_post_and_shown_once(alice: User, alice_client: Client) -> None:
    made = alice_client.post("/account/access/token/")
    assert made.status_code == 302
    assert made["Location"] == "/account/access/token/"
    shown = alice_client.get("/account/access/token/")
    assert "no-store" in shown.headers["Cache-Control"]
    token = re.search(r'id="api-token">(na_[^<]+)<', shown.content.decode()).group(1)  # type: ignore[union-attr]
    assert api_token_user(token=token) == alice
    # Reload, or Back and Forward: the token is not shown again, and no second one is made.
    again = alice_client.get("/account/access/token/").content.decode()
    assert token not in again
    assert "was shown once" in again
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_a_new_recovery_code_asks_first_and_is_shown_once(
    alice: User, alice_client: Client
) -> None:
    before = User.objects.get(pk=alice.pk).recovery_code_hash
    account = alice_client.get("/account/").content.decode()
    assert 'method="get" action="/account/recovery-code/"' in account
    question = alice_client.get("/account/recovery-code/").content.decode()
    assert "Make a new recovery code?" in question
    assert User.objects.get(pk=alice.pk).recovery_code_hash == before
    made = alice_client.post("/account/recovery-code/")
    assert made.status_code == 302
    after = User.objects.get(pk=alice.pk).recovery_code_hash
    assert after != before
    shown = alice_client.get("/account/recovery-code/").content.decode()
    assert re.search(r'id="recovery-code"[^>]*>[A-Z0-9-]+<', shown)
    # Reloading asks again instead of making (and losing) another code.
    reloaded = alice_client.get("/account/recovery-code/").content.decode()
    assert "Make a new recovery code?" in reloaded
    assert User.objects.get(pk=alice.pk).recovery_code_hash == after
