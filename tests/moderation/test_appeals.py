from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notalone.accounts.models import User
from notalone.moderation import services
from notalone.moderation.models import Appeal, ModerationAction, Notice
from notalone.moderation.wording import notice_text
from notalone.stories.models import Hashtag, Story
from tests.moderation.conftest import notice_of

pytestmark = pytest.mark.django_db


def test_the_author_appeals_once(alice: User, hidden: ModerationAction) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="It names no one."
    )
    assert appeal.action == hidden
    with pytest.raises(ValidationError) as error:
        services.appeal_create(
            member=alice, notice_id=notice_of(hidden).public_id, text="Please, again."
        )
    assert "already appealed" in str(error.value)
    assert Appeal.objects.count() == 1


def test_only_the_affected_member_can_appeal(bob: User, hidden: ModerationAction) -> None:
    # Appeals are made from a notice, and someone else's notice is as good as none.
    with pytest.raises(Notice.DoesNotExist):
        services.appeal_create(
            member=bob, notice_id=notice_of(hidden).public_id, text="On her behalf."
        )
    assert not Appeal.objects.exists()


def test_a_restore_cannot_be_appealed(story: Story, alice: User, mod: User, hidden: object) -> None:
    restored = services.moderation_act(moderator=mod, action="restore", reason="Fine.", story=story)
    with pytest.raises(ValidationError):
        services.appeal_create(member=alice, notice_id=notice_of(restored).public_id, text="?")


@pytest.mark.parametrize("text", ["", "  ", "x" * 2001])
def test_an_appeal_needs_some_words_and_not_too_many(
    alice: User, hidden: ModerationAction, text: str
) -> None:
    with pytest.raises(ValidationError):
        services.appeal_create(member=alice, notice_id=notice_of(hidden).public_id, text=text)


@pytest.mark.parametrize("notice_id", ["z" * 16, "12345", "x"])
def test_an_unknown_decision_is_not_found(alice: User, notice_id: str) -> None:
    with pytest.raises(Notice.DoesNotExist):
        services.appeal_create(member=alice, notice_id=notice_id, text="Why?")


def test_granting_restores_the_story_and_is_logged(
    story: Story, alice: User, operator: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="No names in it."
    )
    decided = services.appeal_decide(
        moderator=operator, appeal_id=appeal.public_id, grant=True, reason="You are right."
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
    assert record.story_ref == story.public_id
    assert decided.decision_action == record
    newest = Notice.objects.filter(member=alice).order_by("-id").first()
    assert newest is not None
    assert "accepted" in notice_text(newest)
    assert '"\u2068You are right.\u2069"' in notice_text(newest)


def test_upholding_keeps_the_decision_and_tells_the_member(
    story: Story, alice: User, operator: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="Please."
    )
    services.appeal_decide(
        moderator=operator,
        appeal_id=appeal.public_id,
        grant=False,
        reason="The address is visible.",
    )
    story.refresh_from_db()
    assert story.moderation_status == "hidden"
    assert ModerationAction.objects.first().action == "appeal_upheld"  # type: ignore[union-attr]
    assert "stays in place" in notice_text(Notice.objects.filter(member=alice).order_by("-id")[0])


def test_granting_a_suspension_appeal_lifts_it(bob: User, mod: User, operator: User) -> None:
    record = services.moderation_act(
        moderator=mod, action="suspend", reason="Spam.", member=bob, suspend_days=30
    )
    appeal = services.appeal_create(
        member=bob, notice_id=notice_of(record).public_id, text="Not spam."
    )
    services.appeal_decide(
        moderator=operator, appeal_id=appeal.public_id, grant=True, reason="Sorry."
    )
    bob.refresh_from_db()
    assert bob.can_post


def test_an_appeal_is_decided_once(
    alice: User, second_mod: User, operator: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="Please."
    )
    services.appeal_decide(
        moderator=second_mod, appeal_id=appeal.public_id, grant=False, reason="No."
    )
    with pytest.raises(ValidationError):
        services.appeal_decide(
            moderator=operator, appeal_id=appeal.public_id, grant=True, reason="Yes."
        )


def test_a_decision_on_an_appeal_needs_a_moderator_and_a_reason(
    alice: User, bob: User, second_mod: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="Please."
    )
    with pytest.raises(PermissionDenied):
        services.appeal_decide(
            moderator=bob, appeal_id=appeal.public_id, grant=True, reason="Sure."
        )
    with pytest.raises(ValidationError):
        services.appeal_decide(
            moderator=second_mod, appeal_id=appeal.public_id, grant=True, reason=" "
        )
    appeal.refresh_from_db()
    assert appeal.decided_at is None


def test_the_moderator_who_decided_does_not_decide_the_appeal(
    story: Story, alice: User, mod: User, second_mod: User, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="Please look again."
    )
    with pytest.raises(PermissionDenied, match="another moderator decides its appeal"):
        services.appeal_decide(
            moderator=mod, appeal_id=appeal.public_id, grant=True, reason="I agree."
        )
    appeal.refresh_from_db()
    story.refresh_from_db()
    assert appeal.decided_at is None
    assert story.moderation_status == "hidden"
    services.appeal_decide(
        moderator=second_mod, appeal_id=appeal.public_id, grant=True, reason="I agree."
    )
    story.refresh_from_db()
    assert story.moderation_status == "visible"


def test_notices_can_be_marked_read(alice: User, hidden: ModerationAction) -> None:
    assert services.notice_mark_read(member=alice) == 1
    assert Notice.objects.get().read_at is not None
    assert services.notice_mark_read(member=alice) == 0
