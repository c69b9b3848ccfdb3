from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts import services as account_services
from notalone.accounts.models import Role, User
from notalone.moderation.models import ModerationAction
from notalone.stories.models import Story
from tests.conftest import make_member
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
        {"story_id": story.public_id, "reason": "spam", "note": "ads"},
        content_type="application/json",
        **headers(bob),
    )
    assert reported.status_code == 201
    again = client.post(
        "/api/v1/reports",
        {"story_id": story.public_id, "reason": "spam"},
        content_type="application/json",
        **headers(bob),
    )
    assert again.status_code == 400
    assert again.json()["detail"]

    assert client.get("/api/v1/moderation/queue", **headers(bob)).status_code == 403
    queue = client.get("/api/v1/moderation/queue", **headers(mod)).json()
    assert queue[0]["story_id"] == story.public_id
    assert queue[0]["reasons"] == {"spam": 1}

    no_reason = client.post(
        "/api/v1/moderation/actions",
        {"action": "hide", "reason": "", "story_id": story.public_id},
        content_type="application/json",
        **headers(mod),
    )
    assert no_reason.status_code == 400
    hidden = client.post(
        "/api/v1/moderation/actions",
        {"action": "hide", "reason": "Advertising.", "story_id": story.public_id},
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
        f"/api/v1/notices/{notices[0]['id']}/appeal",
        {"text": "It was not an ad."},
        content_type="application/json",
        **headers(alice),
    )
    assert appeal.status_code == 201
    twice = client.post(
        f"/api/v1/notices/{notices[0]['id']}/appeal",
        {"text": "Again"},
        content_type="application/json",
        **headers(alice),
    )
    assert twice.status_code == 400
    decision_url = f"/api/v1/moderation/appeals/{appeal.json()['id']}/decision"
    # The moderator who hid the story does not decide its appeal: another one does.
    own = client.post(
        decision_url,
        {"grant": True, "reason": "Agreed on review."},
        content_type="application/json",
        **headers(mod),
    )
    assert own.status_code == 403
    assert Story.objects.get().moderation_status == "hidden"
    decided = client.post(
        decision_url,
        {"grant": True, "reason": "Agreed on review."},
        content_type="application/json",
        **headers(make_member("mod2", Role.MODERATOR)),
    )
    assert decided.status_code == 200
    assert decided.json()["decision"] == "granted"
    assert Story.objects.get().moderation_status == "visible"
    assert ModerationAction.objects.count() == 2


def test_members_cannot_act_or_read_the_log(client: Client, alice: User, bob: User) -> None:
    story = publish(alice)
    response = client.post(
        "/api/v1/moderation/actions",
        {"action": "hide", "reason": "x", "story_id": story.public_id},
        content_type="application/json",
        **headers(bob),
    )
    assert response.status_code == 403
    assert client.get("/api/v1/moderation/log", **headers(bob)).status_code == 403
    assert client.get("/api/v1/moderation/log").status_code == 401


@pytest.mark.parametrize("story_id", ["z" * 16, "987654"])
def test_reporting_something_missing_is_404(client: Client, bob: User, story_id: str) -> None:
    response = client.post(
        "/api/v1/reports",
        {"story_id": story_id, "reason": "spam"},
        content_type="application/json",
        **headers(bob),
    )
    assert response.status_code == 404
    response = client.post(
        "/api/v1/reports", {"reason": "spam"}, content_type="application/json", **headers(bob)
    )
    assert response.status_code == 400


def test_a_moderator_keeps_a_reported_story_through_the_api(
    client: Client, alice: User, bob: User, mod: User
) -> None:
    story = publish(alice)
    client.post(
        "/api/v1/reports",
        {"story_id": story.public_id, "reason": "spam"},
        content_type="application/json",
        **headers(bob),
    )
    kept = client.post(
        "/api/v1/moderation/actions",
        {"action": "dismiss", "reason": "Not spam.", "story_id": story.public_id},
        content_type="application/json",
        **headers(mod),
    )
    assert kept.status_code == 201
    assert Story.objects.get().moderation_status == "visible"
    assert client.get("/api/v1/notices", **headers(alice)).json() == []
    (notice,) = client.get("/api/v1/notices", **headers(bob)).json()
    assert "read your report" in notice["text"]
    assert notice["can_appeal"] is False
