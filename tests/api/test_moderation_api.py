from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts import services as account_services
from notalone.accounts.models import User
from notalone.moderation.models import ModerationAction
from notalone.stories.models import Story
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def headers(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {account_services.api_token_create(user=user)}"}


def test_report_then_hide_then_notice_then_appeal(
    client: Client, alice: User, bob: User, mod: User
) -> None:
    story = publish(alice)
    reported = client.post(
        "/api/v1/reports",
        {"story_id": story.pk, "reason": "spam", "note": "ads"},
        content_type="application/json",
        **headers(bob),
    )
    assert reported.status_code == 201
    again = client.post(
        "/api/v1/reports",
        {"story_id": story.pk, "reason": "spam"},
        content_type="application/json",
        **headers(bob),
    )
    assert again.status_code == 400
    assert again.json()["detail"]

    assert client.get("/api/v1/moderation/queue", **headers(bob)).status_code == 403
    queue = client.get("/api/v1/moderation/queue", **headers(mod)).json()
    assert queue[0]["story_id"] == story.pk
    assert queue[0]["reasons"] == {"spam": 1}

    no_reason = client.post(
        "/api/v1/moderation/actions",
        {"action": "hide", "reason": "", "story_id": story.pk},
        content_type="application/json",
        **headers(mod),
    )
    assert no_reason.status_code == 400
    hidden = client.post(
        "/api/v1/moderation/actions",
        {"action": "hide", "reason": "Advertising.", "story_id": story.pk},
        content_type="application/json",
        **headers(mod),
    )
    assert hidden.status_code == 201
    assert Story.objects.get().moderation_status == "hidden"
    assert (
        client.get("/api/v1/moderation/log", **headers(mod)).json()["items"][0]["action"] == "hide"
    )

    notices = client.get("/api/v1/notices", **headers(alice)).json()
    assert "Advertising." in notices[0]["text"]
    assert notices[0]["can_appeal"] is True
    appeal = client.post(
        f"/api/v1/notices/{notices[0]['action_id']}/appeal",
        {"text": "It was not an ad."},
        content_type="application/json",
        **headers(alice),
    )
    assert appeal.status_code == 201
    twice = client.post(
        f"/api/v1/notices/{notices[0]['action_id']}/appeal",
        {"text": "Again"},
        content_type="application/json",
        **headers(alice),
    )
    assert twice.status_code == 400
    decided = client.post(
        f"/api/v1/moderation/appeals/{appeal.json()['id']}/decision",
        {"grant": True, "reason": "Agreed on review."},
        content_type="application/json",
        **headers(mod),
    )
    assert decided.status_code == 200
    assert Story.objects.get().moderation_status == "visible"
    assert ModerationAction.objects.count() == 2


def test_members_cannot_act_or_read_the_log(client: Client, alice: User, bob: User) -> None:
    story = publish(alice)
    response = client.post(
        "/api/v1/moderation/actions",
        {"action": "hide", "reason": "x", "story_id": story.pk},
        content_type="application/json",
        **headers(bob),
    )
    assert response.status_code == 403
    assert client.get("/api/v1/moderation/log", **headers(bob)).status_code == 403
    assert client.get("/api/v1/moderation/log").status_code == 401


def test_reporting_something_missing_is_404(client: Client, bob: User) -> None:
    response = client.post(
        "/api/v1/reports",
        {"story_id": 987654, "reason": "spam"},
        content_type="application/json",
        **headers(bob),
    )
    assert response.status_code == 404
    response = client.post(
        "/api/v1/reports", {"reason": "spam"}, content_type="application/json", **headers(bob)
    )
    assert response.status_code == 400
