"""The CSRF token of a page (core/csrf.py) is Django's: it unmasks to the request's secret, a
new mask each time, every mask character equally likely, and a form posted with it passes."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory

from notalone.accounts.models import User
from notalone.core.csrf import mask_secret, request_csrf_token
from tests.stories.factories import publish


def test_a_masked_secret_unmasks_to_the_secret() -> None:
    for _ in range(200):
        secret = _get_new_csrf_string()
        token = mask_secret(secret)
        assert len(token) == 64
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert mask_secret(secret) != mask_secret(secret)


def test_every_mask_character_is_equally_likely() -> None:
    secret = _get_new_csrf_string()
    counts = Counter("".join(mask_secret(secret)[:32] for _ in range(4000)))
    expected = 4000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 2,065 each
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # A remainder bias would give the first eight characters a quarter more (about 2,580).
    assert all(abs(count - expected) < 0.12 * expected for count in counts.values()), counts


def test_the_request_secret_is_kept_and_the_cookie_renewed() -> None:
    request = RequestFactory().get("/")
    secret = _get_new_csrf_string()
    request.META["CSRF_COOKIE"] = secret
    token = request_csrf_token(request)
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert request_csrf_token(request) == token  # once per request
    fresh = RequestFactory().get("/")  # no secret yet: Django makes one
    assert _unmask_cipher_token(request_csrf_token(fresh)) == fresh.META["CSRF_COOKIE"]


@pytest.mark.django_db
def test_a_reaction_posted_with_the_page_token_passes_the_csrf_check(
    alice: User, bob: User
) -> None:
    story = publish(bob, body="A story to support.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get("/stories/")  # the cookie's secret
    page = client.get("/stories/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page)
    assert token is not None
    url = f"/stories/{story.public_id}/react/me_too/"
    assert client.post(url, {}).status_code == 403
    response = client.post(url, {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code in (200, 302, 303), response.status_code
