"""Jobs run inline (NOTALONE_JOBS_IMMEDIATE, the tests) run inside the transaction of the
change they are about, and Huey keeps a job's exception to itself. A job whose database
connection dies there (PostgreSQL restarting) used to leave the change's transaction doomed
without a word: the service returned its story as made, the transaction rolled back on the way
out, and the API answered 404 for the story it had just been told was kept (the 404 of the
PostgreSQL restart fault test). Now the change fails as the database failed: 503, nothing kept,
and the retry with the same key makes the story once (issue 14)."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client

from notalone.accounts.services import api_token_create
from notalone.stories import events, services
from notalone.stories.models import EventKind, Story
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def _connection_dies(event: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


def _dying_subscriber(monkeypatch: pytest.MonkeyPatch) -> events.Subscriber:
    if connection.vendor != "postgresql":
        pytest.skip("a connection that dies mid-transaction is PostgreSQL's (pg_terminate_backend)")
    subscriber = events.Subscriber(
        "test.connection-dies", _connection_dies, frozenset({EventKind.STORY_CREATED})
    )
    monkeypatch.setitem(events._subscribers, subscriber.name, subscriber)
    return subscriber


def test_an_inline_job_whose_connection_dies_fails_the_change_instead_of_losing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    subscriber = _dying_subscriber(monkeypatch)
    author = make_member("alice")
    fields = services.StoryFields(body="Kept once, or refused: never lost.")
    with pytest.raises(OperationalError):
        services.story_publish(author=author, fields=fields, idempotency_key="inline-1")
    assert not Story.objects.filter(body=fields.body).exists()
    monkeypatch.delitem(events._subscribers, subscriber.name)
    _story, created = services.story_publish(
        author=author, fields=fields, idempotency_key="inline-1"
    )
    assert created
    assert Story.objects.filter(body=fields.body).count() == 1


def test_the_api_answers_503_not_404(monkeypatch: pytest.MonkeyPatch) -> None:
    _dying_subscriber(monkeypatch)
    token = api_token_create(user=make_member("bob"))
    response = Client().post(
        "/api/v1/stories",
        {"body": "Shared while the database went away."},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "inline-api-1"},
    )
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert not Story.objects.filter(body="Shared while the database went away.").exists()
