from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.stories.models import Reply, Story
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def sign_up(client: Client, username: str = "ash") -> dict[str, Any]:
    response = client.post(
        "/api/v1/accounts",
        {"username": username, "password": "a long and quiet morning"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_sign_up_returns_a_recovery_code_and_a_token(client: Client) -> None:
    data = sign_up(client)
    assert data["username"] == "ash"
    assert len(data["recovery_code"]) == 29
    assert data["token"].startswith("na_")
    token = client.post(
        "/api/v1/auth/token",
        {"username": "ASH", "password": "a long and quiet morning"},
        content_type="application/json",
    ).json()["token"]
    assert token != data["token"]


def test_a_wrong_password_gets_401_with_detail(client: Client, alice: User) -> None:
    response = client.post(
        "/api/v1/auth/token",
        {"username": "alice", "password": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert "do not match" in response.json()["detail"]


def test_sign_up_errors_are_json_with_detail(client: Client, alice: User) -> None:
    response = client.post(
        "/api/v1/accounts", {"username": "alice", "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "taken" in body["detail"]
    assert "password" in body["errors"]
    response = client.post("/api/v1/accounts", "not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


def test_posting_a_story_honours_the_idempotency_key(client: Client) -> None:
    token = sign_up(client)["token"]
    payload = {
        "body": "It happened at a conference.",
        "hashtags": ["MeToo", "MeTooSTEM"],
        "content_warnings": ["violence"],
    }
    first = client.post(
        "/api/v1/stories",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc",
        **auth(token),
    )
    again = client.post(
        "/api/v1/stories",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc",
        **auth(token),
    )
    assert first.status_code == again.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Story.objects.count() == 1
    assert first.json()["hashtags"] == ["MeToo", "MeTooSTEM"]
    assert first.json()["is_mine"] is True


def test_posting_needs_a_token(client: Client) -> None:
    response = client.post("/api/v1/stories", {"body": "x"}, content_type="application/json")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    response = client.post(
        "/api/v1/stories", {"body": "x"}, content_type="application/json", **auth("na_forged")
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 200_000}, "body"),
        ({"body": "ok", "hashtags": ["#not valid"]}, "hashtags"),
        ({"body": "ok", "what": "unknown"}, "what"),
        ({"body": "ok", "country": "Atlantis"}, "country"),
    ],
)
def test_bad_stories_get_a_clear_400(client: Client, payload: dict[str, Any], field: str) -> None:
    token = sign_up(client)["token"]
    response = client.post(
        "/api/v1/stories", payload, content_type="application/json", **auth(token)
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"]


def test_listing_with_filters_and_cursor(client: Client, alice: User) -> None:
    for n in range(5):
        publish(
            alice,
            body=f"Story {n}",
            country="IN" if n % 2 else "FR",
            hashtags=["MeTooIndia"] if n % 2 else None,
        )
    page = client.get("/api/v1/stories?limit=2").json()
    assert [item["body"] for item in page["items"]] == ["Story 4", "Story 3"]
    page2 = client.get(f"/api/v1/stories?limit=2&cursor={page['next_cursor']}").json()
    assert [item["body"] for item in page2["items"]] == ["Story 2", "Story 1"]
    india = client.get("/api/v1/stories?country=IN&hashtag=metooindia").json()
    assert [item["body"] for item in india["items"]] == ["Story 3", "Story 1"]
    assert client.get("/api/v1/stories?q=story&what=").status_code == 200


def test_an_unknown_filter_value_is_400(client: Client) -> None:
    response = client.get("/api/v1/stories?what=everything")
    assert response.status_code == 400
    assert "what" in response.json()["errors"]
    assert client.get("/api/v1/stories?cursor=zzz").status_code == 400
    # Feed filters are checked by the story schema, with its messages: a value error is 400.
    response = client.get("/api/v1/stories?sort=random")
    assert response.status_code == 400
    assert response.json()["errors"]["sort"] == [
        "'random' is not a known order. Choose one of: latest, supported."
    ]


def test_get_patch_delete(client: Client, alice: User) -> None:
    data = sign_up(client)
    token = data["token"]
    created = client.post(
        "/api/v1/stories",
        {"body": "First words", "title": "T"},
        content_type="application/json",
        **auth(token),
    ).json()
    url = f"/api/v1/stories/{created['id']}"
    assert client.get(url).json()["title"] == "T"
    patched = client.patch(
        url,
        {"title": "New title", "visibility": "members"},
        content_type="application/json",
        **auth(token),
    )
    assert patched.status_code == 200
    assert patched.json()["title"] == "New title"
    assert patched.json()["body"] == "First words"
    assert client.get(url).status_code == 404  # members only now
    other = client.post(
        "/api/v1/auth/token",
        {"username": "alice", "password": "correct horse battery staple"},
        content_type="application/json",
    ).json()["token"]
    # Someone else's story answers as if it did not exist, even to a member who can read it.
    assert client.get(url, **auth(other)).status_code == 200
    assert (
        client.patch(
            url, {"title": "hijack"}, content_type="application/json", **auth(other)
        ).status_code
        == 404
    )
    assert client.delete(url, **auth(other)).status_code == 404
    assert client.get(url, **auth(token)).json()["title"] == "New title"
    assert client.delete(url, **auth(token)).status_code == 204
    assert client.get(url, **auth(token)).status_code == 404


def test_reactions_through_the_api(client: Client, alice: User) -> None:
    story = publish(alice)
    token = sign_up(client)["token"]
    url = f"/api/v1/stories/{story.public_id}/reactions/me_too"
    response = client.post(url, **auth(token))
    assert response.json() == {
        "me_too": 1,
        "i_believe_you": 0,
        "sending_strength": 0,
        "mine": ["me_too"],
    }
    assert client.post(url, **auth(token)).json()["me_too"] == 1
    assert client.delete(url, **auth(token)).json()["me_too"] == 0
    assert (
        client.post(f"/api/v1/stories/{story.public_id}/reactions/like", **auth(token)).status_code
        == 422
    )
    story.delete()
    response = client.post(url, **auth(token))
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_replies_hiding_and_blocks_through_the_api(client: Client, alice: User) -> None:
    story = publish(alice)
    token = sign_up(client)["token"]
    url = f"/api/v1/stories/{story.public_id}/replies"
    first = client.post(
        url,
        {"body": "I believe you"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="r",
        **auth(token),
    )
    again = client.post(
        url,
        {"body": "I believe you"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="r",
        **auth(token),
    )
    assert first.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Reply.objects.count() == 1
    assert [r["body"] for r in client.get(url).json()] == ["I believe you"]
    assert (
        client.post(url, {"body": ""}, content_type="application/json", **auth(token)).status_code
        == 400
    )
    alice_token = client.post(
        "/api/v1/auth/token",
        {"username": "alice", "password": "correct horse battery staple"},
        content_type="application/json",
    ).json()["token"]
    reply_id = first.json()["id"]
    hidden = client.post(
        f"/api/v1/replies/{reply_id}/hidden",
        {"hidden": True},
        content_type="application/json",
        **auth(alice_token),
    )
    assert hidden.json()["hidden_by_author"] is True
    blocked = client.post(
        "/api/v1/blocks",
        {"story_id": story.public_id},
        content_type="application/json",
        **auth(token),
    )
    assert blocked.status_code == 200
    assert blocked.json() == {"blocked": "member"}
    # A story whose author the member blocked answers as if it did not exist.
    assert (
        client.post(
            url, {"body": "again"}, content_type="application/json", **auth(token)
        ).status_code
        == 404
    )
    assert Reply.objects.count() == 1


def test_account_export_and_deletion_through_the_api(client: Client) -> None:
    token = sign_up(client)["token"]
    client.post("/api/v1/stories", {"body": "mine"}, content_type="application/json", **auth(token))
    exported = client.get("/api/v1/account/export", **auth(token)).json()
    assert exported["stories"][0]["body"] == "mine"
    bad = client.generic(
        "DELETE",
        "/api/v1/account",
        json.dumps({"password": "x", "keep_stories": False}),
        content_type="application/json",
        **auth(token),
    )
    assert bad.status_code == 403
    ok = client.generic(
        "DELETE",
        "/api/v1/account",
        json.dumps({"password": "a long and quiet morning", "keep_stories": False}),
        content_type="application/json",
        **auth(token),
    )
    assert ok.status_code == 204
    assert not Story.objects.exists()
    assert client.get("/api/v1/account/export", **auth(token)).status_code == 401


def test_the_openapi_document_lists_the_promised_routes(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/accounts", "post"),
        ("/api/v1/auth/token", "post"),
        ("/api/v1/stories", "post"),
        ("/api/v1/stories", "get"),
        ("/api/v1/stories/{story_id}", "get"),
        ("/api/v1/stories/{story_id}", "patch"),
        ("/api/v1/stories/{story_id}", "delete"),
        ("/api/v1/stories/{story_id}/reactions/{kind}", "post"),
        ("/api/v1/stories/{story_id}/reactions/{kind}", "delete"),
        ("/api/v1/stories/{story_id}/replies", "post"),
    ]:
        assert method in paths[path], (path, method)
