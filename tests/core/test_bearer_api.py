"""A bearer-token call to the escrow API passes by the page and session middleware
(``notalone.core.bearer_api``): what it must still get, and what it must not get around."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from notalone.accounts import services
from notalone.accounts.models import User

pytestmark = pytest.mark.django_db

MY_ENTRIES = "/api/v1/escrow/entries"


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_bearer_call_keeps_the_safety_headers_and_sets_no_cookie(alice: User) -> None:
    response = Client().get(MY_ENTRIES, **bearer(services.api_token_create(user=alice)))
    assert response.status_code == 200
    assert response.json() == []
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert len(response["X-Request-ID"]) == 32
    assert not response.cookies


def test_a_revoked_token_or_a_deactivated_member_is_refused_at_once(alice: User, bob: User) -> None:
    client = Client()
    token = services.api_token_create(user=alice)
    assert client.get(MY_ENTRIES, **bearer(token)).status_code == 200
    services.api_token_revoke(token=token)
    assert client.get(MY_ENTRIES, **bearer(token)).status_code == 401
    bobs = services.api_token_create(user=bob)
    assert client.get(MY_ENTRIES, **bearer(bobs)).status_code == 200
    User.objects.filter(pk=bob.pk).update(is_active=False)
    assert client.get(MY_ENTRIES, **bearer(bobs)).status_code == 401


def test_a_wrong_token_is_refused_even_beside_a_good_session(alice_client: Client) -> None:
    assert alice_client.get(MY_ENTRIES).status_code == 200
    assert alice_client.get(MY_ENTRIES, **bearer("na_" + "x" * 43)).status_code == 401


def test_a_session_call_still_needs_its_csrf_token(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(
        "/api/v1/escrow/evaluate", {"elements": ["00" * 32]}, content_type="application/json"
    )
    assert response.status_code == 401


def test_the_token_finds_its_member_with_every_field_typed(alice: User) -> None:
    until = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    User.objects.filter(pk=alice.pk).update(suspended_until=until)
    found = services.api_token_find(token=services.api_token_create(user=alice))
    assert found is not None
    member = found.user
    assert member.pk == alice.pk
    assert member.username == alice.username
    assert member.is_active is True
    assert member.is_superuser is False
    assert member.joined_on == alice.joined_on
    assert isinstance(member.joined_on, datetime.date)
    assert member.suspended_until == until
    assert member.suspended_until.tzinfo is not None
    assert not member.can_post
    assert found.pk == alice.api_tokens.get().pk
    assert not member._state.adding
    assert member._state.db == "default"
