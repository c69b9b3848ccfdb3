"""Django's own log lines for a 5xx answer (``django.request``) and a CSRF refusal
(``django.security.csrf``) name the route, never the path: a path holds story identifiers,
hashtags and usernames (issue 14, item 3: no address, no body, nothing a reader wrote)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.utils.module_loading import import_string

from notalone.accounts.models import User
from notalone.stories import selectors
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

SECRET_TAG = "SecretHashtag4821"
DJANGO_LOGGERS = ("django.request", "django.security.csrf")


@pytest.fixture
def configured_lines() -> Iterator[io.StringIO]:
    """A handler with the console handler's filters, in the order the settings give them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    for name in settings.LOGGING["handlers"]["console"]["filters"]:
        handler.addFilter(import_string(settings.LOGGING["filters"][name]["()"])())
    handler.setFormatter(import_string(settings.LOGGING["formatters"]["json"]["()"])())
    loggers = [logging.getLogger(name) for name in DJANGO_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_503_names_the_route_not_the_hashtag(configured_lines: io.StringIO) -> None:
    with mock.patch.object(selectors, "hashtag_page", side_effect=OperationalError("down")):
        response = Client().get(f"/tags/{SECRET_TAG}/")
    assert response.status_code == 503
    assert SECRET_TAG not in configured_lines.getvalue()
    (entry,) = [e for e in lines(configured_lines) if e["logger"] == "django.request"]
    assert entry["message"] == "Service Unavailable: /tags/<str:tag>/"
    assert entry["request_id"] == response["X-Request-ID"]


def test_a_500_names_the_route_not_the_hashtag(configured_lines: io.StringIO) -> None:
    client = Client(raise_request_exception=False)
    with mock.patch.object(selectors, "hashtag_page", side_effect=ValueError("broken")):
        assert client.get(f"/tags/{SECRET_TAG}/").status_code == 500
    (entry,) = [e for e in lines(configured_lines) if e["logger"] == "django.request"]
    assert str(entry["message"]).startswith("Internal Server Error: /tags/<str:tag>/")
    assert SECRET_TAG not in json.dumps(entry["message"])


def test_a_csrf_refusal_names_the_route_not_the_story(
    configured_lines: io.StringIO, alice: User
) -> None:
    story = publish(alice, "A story whose identifier stays out of the log.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(f"/stories/{story.public_id}/react/me_too/").status_code == 403
    assert story.public_id not in configured_lines.getvalue()
    (entry,) = lines(configured_lines)
    assert entry["logger"] == "django.security.csrf"
    assert "/stories/<pid:story_id>/react/<str:kind>/" in str(entry["message"])
