"""A database that cannot answer is a 503 with Retry-After, never a 500 (pages and API)."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from notalone.stories import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (OperationalError("server closed the connection unexpectedly"), "briefly unavailable"),
        (InterfaceError("connection already closed"), "briefly unavailable"),
        (OperationalError("database or disk is full"), "cannot store anything right now"),
    ],
)
def test_a_page_and_the_api_answer_503_with_retry_after(
    client: Client, monkeypatch: pytest.MonkeyPatch, error: Exception, says: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(selectors, "story_feed", fail)  # the API's feed
    monkeypatch.setattr(selectors, "feed_stories", fail)  # the page's shared card list
    for path in ("/stories/", "/api/v1/stories"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "5"
        assert says in response.content.decode()
    assert response.json()["detail"].startswith("The site")
