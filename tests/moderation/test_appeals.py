from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notalone.accounts.models import User
from notalone.moderation import services
from notalone.moderation.models import Appeal, ModerationAction, Notice
from notalone.stories.models import Hashtag, Story

pytestmark = pytest.mark.django_db


def test_the_author_appeals_once(alice: User, hidden: ModerationAction) -> None:
    appeal = services.appeal_create(member=alice, action_id=hidden.pk, text="It names no one.")
    assert appeal.action == hidden
    with pytest.raises(ValidationError) as error:
        services.appeal_create(member=alice, action_id=hidden.pk, text="Please, again.")
    assert "already appealed" in str(error.value)
    assert Appeal.objects.count() == 1


def test_only_the_affected_member_can_appeal(bob: User, hidden: ModerationAction) -> None:
    with pytest.raises(PermissionDenied):
        services.appeal_create(member=bob, action_id=hidden.pk, text="On her behalf.")


def test_a_restore_cannot_be_appealed(story: Story, alice: User, mod: User, hidden: object) -> None:
    restored = services.moderation_act(moderator=mod, action="restore", reason="Fine.", story=story)
    with pytest.raises(ValidationError):
        services.appeal_create(member=alice, action_id=restored.pk, text="?")


@pytest.mark.parametrize("text", ["", "  ", "x" * 2001])
def test_an_appeal_needs_some_words_and_not_too_many(
    alice: User, hidden: ModerationAction, text: str
) -> None:
    with pytest.raises(ValidationError):
        services.appeal_create(member=alice, action_id=hidden.pk, text=text)


def test_an_unknown_decision_is_not_found(alice: User) -> None:
    with pytest.raises(ModerationAction.DoesNotExist):
        services.appeal_create(member=alice, action_id=12345, text="Why?")


def test_granting_restores_the_story_and_is_logged(
    story: Story, alice: User, operator: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(member=alice, action_id=hidden.pk, text="No names in it.")
    decided = services.appeal_decide(
        moderator=operator, appeal_id=appeal.pk, grant=True, reason="You are right."
    )
    story.refresh_from_db()
    assert story.moderation_status == "visible"
    assert Hashtag.objects.get(key="metoo").public_story_count == 1
    assert decided.decision == "granted"
    assert decided.decided_by == operator
    record = ModerationAction.objects.first()
    assert record is not None
    assert record.action == "appeal_granted"
    assert record.appealed_action == hidden
    assert record.story_id == story.pk
    assert decided.decision_action == record
    newest = Notice.objects.filter(member=alice).order_by("-id").first()
    assert newest is not None
    assert "accepted" in newest.text
    assert '"You are right."' in newest.text


def test_upholding_keeps_the_decision_and_tells_the_member(
    story: Story, alice: User, operator: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(member=alice, action_id=hidden.pk, text="Please.")
    services.appeal_decide(
        moderator=operator, appeal_id=appeal.pk, grant=False, reason="The address is visible."
    )
    story.refresh_from_db()
    assert story.moderation_status == "hidden"
    assert ModerationAction.objects.first().action == "appeal_upheld"  # type: ignore[union-attr]
    assert "stays in place" in Notice.objects.filter(member=alice).order_by("-id")[0].text


def test_granting_a_suspension_appeal_lifts_it(bob: User, mod: User, operator: User) -> None:
    record = services.moderation_act(
        moderator=mod, action="suspend", reason="Spam.", member=bob, suspend_days=30
    )
    appeal = services.appeal_create(member=bob, action_id=record.pk, text="Not spam.")
    services.appeal_decide(moderator=operator, appeal_id=appeal.pk, grant=True, reason="Sorry.")
    bob.refresh_from_db()
    assert bob.can_post


def test_an_appeal_is_decided_once(
    alice: User, mod: User, operator: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(member=alice, action_id=hidden.pk, text="Please.")
    services.appeal_decide(moderator=mod, appeal_id=appeal.pk, grant=False, reason="No.")
    with pytest.raises(ValidationError):
        services.appeal_decide(moderator=operator, appeal_id=appeal.pk, grant=True, reason="Yes.")


def test_a_decision_on_an_appeal_needs_a_moderator_and_a_reason(
    alice: User, bob: User, mod: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(member=alice, action_id=hidden.pk, text="Please.")
    with pytest.raises(PermissionDenied):
        services.appeal_decide(moderator=bob, appeal_id=appeal.pk, grant=True, reason="Sure.")
    with pytest.raises(ValidationError):
        services.appeal_decide(moderator=mod, appeal_id=appeal.pk, grant=True, reason=" ")
    appeal.refresh_from_db()
    assert appeal.decided_at is None


def test_notices_can_be_marked_read(alice: User, hidden: ModerationAction) -> None:
    assert services.notice_mark_read(member=alice) == 1
    assert Notice.objects.get().read_at is not None
    assert services.notice_mark_read(member=alice) == 0
