from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from notalone.accounts.models import User
from notalone.core.ids import new_public_id
from notalone.core.ratelimit import RateLimited
from notalone.moderation import services
from notalone.moderation.models import Report
from notalone.moderation.services import reports
from notalone.stories.models import Reply, Story
from notalone.stories.services import StoryFields, story_publish
from tests.moderation.conftest import answer, share

pytestmark = pytest.mark.django_db


def test_a_member_reports_a_story_with_a_reason(story: Story, bob: User) -> None:
    report = services.report_create(
        reporter=bob,
        story_id=story.public_id,
        reason="threat",
        note="  It says they know where I live. ",
    )
    assert report.story == story
    assert report.reply is None
    assert report.severity == 3
    assert report.note == "It says they know where I live."
    assert report.resolved_at is None


def test_a_member_reports_a_reply(reply: Reply, charlie: User) -> None:
    report = services.report_create(
        reporter=charlie, reply_id=reply.public_id, reason="victim_blaming"
    )
    assert report.reply == reply
    assert report.story is None
    assert report.severity == 2


def test_reporting_twice_is_a_clear_error(story: Story, bob: User) -> None:
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    with pytest.raises(ValidationError) as error:
        services.report_create(reporter=bob, story_id=story.public_id, reason="threat")
    assert "already reported" in str(error.value)
    assert Report.objects.count() == 1


def test_after_a_decision_the_same_member_can_report_again(
    story: Story, bob: User, mod: User
) -> None:
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    services.moderation_act(moderator=mod, action="warn", reason="Please stay kind.", story=story)
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    assert Report.objects.filter(resolved_at=None).count() == 1


def test_you_cannot_report_your_own_story(story: Story, alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.report_create(reporter=alice, story_id=story.public_id, reason="spam")
    assert "your own story" in str(error.value)


def test_you_cannot_report_your_own_reply(reply: Reply, bob: User) -> None:
    with pytest.raises(ValidationError):
        services.report_create(reporter=bob, reply_id=reply.public_id, reason="spam")


@pytest.mark.parametrize("reason", ["", "rude", "THREAT"])
def test_an_unknown_reason_is_refused(story: Story, bob: User, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.report_create(reporter=bob, story_id=story.public_id, reason=reason)
    assert "reason" in error.value.message_dict


def test_a_note_over_1000_characters_is_refused(story: Story, bob: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.report_create(
            reporter=bob, story_id=story.public_id, reason="other", note="x" * 1001
        )
    assert "1000" in str(error.value)


def test_exactly_one_target_is_needed(story: Story, reply: Reply, bob: User) -> None:
    with pytest.raises(ValidationError):
        services.report_create(reporter=bob, reason="spam")
    with pytest.raises(ValidationError):
        services.report_create(
            reporter=bob, story_id=story.public_id, reply_id=reply.public_id, reason="spam"
        )


def test_an_unknown_or_unreadable_target_is_not_found(alice: User, bob: User) -> None:
    draft, _created = story_publish(
        author=alice, fields=StoryFields(body="Only for me.", visibility="private")
    )
    with pytest.raises(Story.DoesNotExist):
        services.report_create(reporter=bob, story_id=draft.public_id, reason="spam")
    with pytest.raises(Story.DoesNotExist):
        services.report_create(reporter=bob, story_id=new_public_id(), reason="spam")
    with pytest.raises(Reply.DoesNotExist):
        services.report_create(reporter=bob, reply_id=new_public_id(), reason="spam")
    assert not Report.objects.exists()


@pytest.mark.parametrize("story_id", [str(2**70), "999999", "٣" * 16, " " * 16, "A" * 16])
def test_a_huge_or_malformed_id_is_not_found_not_a_crash(
    story: Story, bob: User, story_id: str
) -> None:
    # Stories are reported by public identifier: anything else is simply not one.
    with pytest.raises(Story.DoesNotExist):
        services.report_create(reporter=bob, story_id=story_id, reason="spam")
    assert not Report.objects.exists()


def test_a_hidden_story_cannot_be_reported_by_members(
    story: Story, hidden: object, charlie: User
) -> None:
    with pytest.raises(Story.DoesNotExist):
        services.report_create(reporter=charlie, story_id=story.public_id, reason="spam")


def test_reports_are_rate_limited(alice: User, bob: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reports, "REPORTS_PER_HOUR", 2)
    stories = [share(alice, f"Story number {n}.") for n in range(3)]
    services.report_create(reporter=bob, story_id=stories[0].public_id, reason="spam")
    services.report_create(reporter=bob, story_id=stories[1].public_id, reason="spam")
    with pytest.raises(RateLimited):
        services.report_create(reporter=bob, story_id=stories[2].public_id, reason="spam")


def test_a_hidden_reply_cannot_be_reported(
    story: Story, bob: User, charlie: User, mod: User
) -> None:
    reply = answer(story, bob)
    services.moderation_act(moderator=mod, action="hide", reason="Off topic.", reply=reply)
    with pytest.raises(Reply.DoesNotExist):
        services.report_create(reporter=charlie, reply_id=reply.public_id, reason="spam")
