"""An appeal is a second look: whoever took the decision never decides its appeal; another
moderator does, or an operator where there is a single moderator, and the page says so."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from notalone.accounts.models import Role, User
from notalone.moderation import services
from notalone.moderation.models import Appeal, Notice
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _appealed(author: User, moderator: User) -> Appeal:
    story = publish(author)
    services.moderation_act(moderator=moderator, action="hide", reason="Off topic.", story=story)
    notice = Notice.objects.get(member=author)
    return services.appeal_create(member=author, notice_id=notice.public_id, text="It is not.")


def test_the_moderator_who_decided_cannot_decide_the_appeal(
    alice: User, mod: User, mod_client: Client
) -> None:
    appeal = _appealed(alice, mod)
    with pytest.raises(PermissionDenied, match="You took this decision"):
        services.appeal_decide(
            moderator=mod, appeal_id=appeal.public_id, grant=True, reason="Fine."
        )
    page = mod_client.get("/moderation/appeals/").content.decode()
    assert "no other moderator or operator yet" in page
    assert f"/moderation/appeals/{appeal.public_id}/decide/" not in page
    refused = mod_client.post(
        f"/moderation/appeals/{appeal.public_id}/decide/",
        {"decision": "grant", "reason": "Fine."},
    )
    assert refused.status_code == 403
    appeal.refresh_from_db()
    assert appeal.decided_at is None


def test_another_moderator_decides_it(alice: User, mod: User) -> None:
    other = make_member("second-mod", Role.MODERATOR)
    appeal = _appealed(alice, mod)
    services.appeal_decide(moderator=other, appeal_id=appeal.public_id, grant=True, reason="Yes.")
    appeal.refresh_from_db()
    assert appeal.decision == "granted"
    assert appeal.decided_by == other


def test_with_a_single_moderator_the_operator_decides(
    alice: User, mod: User, operator: User, operator_client: Client, mod_client: Client
) -> None:
    appeal = _appealed(alice, mod)
    page = mod_client.get("/moderation/appeals/").content.decode()
    assert "another moderator decides its appeal (or an operator" in page
    response = operator_client.post(
        f"/moderation/appeals/{appeal.public_id}/decide/",
        {"decision": "uphold", "reason": "The decision stands."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.decided_by == operator
