"""A key means one request: the same key with the same story replays the first, the same key
with a different story is refused (422 in the API, as the IETF Idempotency-Key draft says),
and nothing is lost or doubled."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from notalone.accounts import services as accounts
from notalone.accounts.models import User
from notalone.core.idempotency import IdempotencyConflict
from notalone.stories import services
from notalone.stories.models import Reply, Story
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _post(token: str, path: str, body: dict[str, object], key: str) -> object:
    return Client().post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_replay_returns_the_first_story_and_a_different_body_is_refused(alice: User) -> None:
    token = accounts.api_token_create(user=alice)
    first = _post(token, "/api/v1/stories", {"body": "What happened."}, "key-1")
    again = _post(token, "/api/v1/stories", {"body": "What happened."}, "key-1")
    assert first.status_code == again.status_code == 201  # type: ignore[attr-defined]
    assert again["Idempotent-Replayed"] == "true"  # type: ignore[index]
    assert first.json()["id"] == again.json()["id"]  # type: ignore[attr-defined]
    other = _post(token, "/api/v1/stories", {"body": "Something else."}, "key-1")
    assert other.status_code == 422  # type: ignore[attr-defined]
    assert "already used to share a different story" in other.json()["detail"]  # type: ignore[attr-defined]
    assert list(Story.objects.values_list("body", flat=True)) == ["What happened."]


def test_the_same_key_for_a_different_reply_is_refused(alice: User, bob: User) -> None:
    story = publish(alice)
    token = accounts.api_token_create(user=bob)
    path = f"/api/v1/stories/{story.public_id}/replies"
    assert _post(token, path, {"body": "I believe you."}, "r-1").status_code == 201  # type: ignore[attr-defined]
    assert _post(token, path, {"body": "I believe you."}, "r-1").status_code == 201  # type: ignore[attr-defined]
    refused = _post(token, path, {"body": "Different words."}, "r-1")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert Reply.objects.count() == 1


def test_the_form_tells_the_author_instead_of_pretending(alice: User, alice_client: Client) -> None:
    data = {"body": "First words.", "hashtags": "#MeToo", "idempotency_key": "form-1"}
    assert alice_client.post("/stories/new/", data).status_code == 302
    changed = alice_client.post("/stories/new/", {**data, "body": "Changed words."})
    assert changed.status_code == 400
    assert "This form was already sent, with other words" in changed.content.decode()
    assert Story.objects.count() == 1


def test_the_service_refuses_a_reused_key(alice: User) -> None:
    services.story_publish(
        author=alice, fields=services.StoryFields(body="One."), idempotency_key="k"
    )
    with pytest.raises(IdempotencyConflict):
        services.story_publish(
            author=alice, fields=services.StoryFields(body="Two."), idempotency_key="k"
        )
