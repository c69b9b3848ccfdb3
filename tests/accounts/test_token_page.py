"""Making an API token on the site: shown once, never stored by the browser, and the
counselor finds it (and their page) from the menu."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts.models import ApiToken, Role, User
from notalone.accounts.services import api_token_user
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_and_works(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/account/access/token/", follow=True)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    token = re.search(r'id="api-token">(na_[^<]+)<', response.content.decode()).group(1)  # type: ignore[union-attr]
    assert api_token_user(token=token) == alice
    # Only its hash is kept: the token itself is in no row.
    assert token not in str(list(ApiToken.objects.values()))
    assert token not in alice_client.get("/account/access/").content.decode()


def test_a_token_is_made_only_by_a_post(alice_client: Client) -> None:
    assert alice_client.get("/account/access/token/").status_code == 200
    assert ApiToken.objects.count() == 0


def test_nobody_signed_out_makes_one(client: Client) -> None:
    response = client.post("/account/access/token/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_counselor_finds_their_page_and_the_token_button() -> None:
    client = Client()
    client.force_login(make_member("counsel", Role.COUNSELOR))
    home = client.get("/").content.decode()
    assert 'href="/escrow/counselor/"' in home
    page = client.get("/escrow/counselor/").content.decode()
    assert 'action="/account/access/token/"' in page
    assert "--token-file" in page
    assert "--token " not in page


def test_other_members_see_no_counselor_link(alice_client: Client) -> None:
    assert 'href="/escrow/counselor/"' not in alice_client.get("/").content.decode()
