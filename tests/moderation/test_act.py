"""The one door: every decision changes state, resolves reports, logs and tells the author."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notalone.accounts.models import User
from notalone.moderation import services
from notalone.moderation.models import ModerationAction, Notice, Report
from notalone.moderation.wording import notice_text
from notalone.stories.models import Hashtag, Reply, Story
from notalone.stories.policy import visible_replies
from notalone.stories.selectors import FeedFilters, story_feed
from notalone.stories.services import StoryFields, reply_post, story_publish
from tests.moderation.conftest import share

pytestmark = pytest.mark.django_db


def _feed_ids(viewer: User) -> list[int]:
    return [s.pk for s in story_feed(viewer=viewer, filters=FeedFilters()).items]


def _metoo_count() -> int:
    return Hashtag.objects.get(key="metoo").public_story_count


@pytest.mark.parametrize("action", ["hide", "warn", "suspend"])
def test_every_decision_writes_one_audit_record(story: Story, mod: User, action: str) -> None:
    record = services.moderation_act(
        moderator=mod, action=action, reason="Names a workplace.", story=story, suspend_days=3
    )
    assert ModerationAction.objects.count() == 1
    assert record.action == action
    assert record.moderator == mod
    assert record.moderator_name == "mod"
    assert record.story_ref == story.public_id
    assert record.reason == "Names a workplace."
    assert record.target_snapshot.startswith("At work: It happened at work")


def test_restore_writes_its_own_record(story: Story, mod: User, hidden: ModerationAction) -> None:
    services.moderation_act(moderator=mod, action="restore", reason="Checked again.", story=story)
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_a_hidden_story_leaves_feeds_and_counts_and_restore_brings_it_back(
    story: Story, mod: User, bob: User
) -> None:
    assert story.pk in _feed_ids(bob)
    assert _metoo_count() == 1
    services.moderation_act(moderator=mod, action="hide", reason="Doxxing.", story=story)
    assert story.pk not in _feed_ids(bob)
    assert _metoo_count() == 0
    services.moderation_act(moderator=mod, action="restore", reason="Edited.", story=story)
    assert story.pk in _feed_ids(bob)
    assert _metoo_count() == 1


def test_a_hidden_reply_disappears_for_readers(reply: Reply, mod: User, charlie: User) -> None:
    story = reply.story
    services.moderation_act(moderator=mod, action="hide", reason="Blames her.", reply=reply)
    reply.refresh_from_db()
    assert reply.moderation_status == "hidden"
    assert reply not in visible_replies(viewer=charlie, story=story)
    services.moderation_act(moderator=mod, action="restore", reason="Context.", reply=reply)
    assert reply in visible_replies(viewer=charlie, story=story)


@pytest.mark.parametrize("reason", ["", "   ", "\x00"])
def test_a_reason_is_required(story: Story, mod: User, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.moderation_act(moderator=mod, action="hide", reason=reason, story=story)
    assert "reason" in error.value.message_dict
    assert ModerationAction.objects.count() == 0
    story.refresh_from_db()
    assert story.moderation_status == "visible"


def test_a_member_cannot_act(story: Story, bob: User) -> None:
    with pytest.raises(PermissionDenied):
        services.moderation_act(moderator=bob, action="hide", reason="I dislike it.", story=story)
    assert ModerationAction.objects.count() == 0


def test_an_operator_can_act(story: Story, operator: User) -> None:
    services.moderation_act(moderator=operator, action="hide", reason="Threat.", story=story)
    assert ModerationAction.objects.get().moderator_name == "op"


@pytest.mark.parametrize("action", ["delete", "ban", "appeal_granted", ""])
def test_an_unknown_or_misused_action_is_refused(story: Story, mod: User, action: str) -> None:
    with pytest.raises(ValidationError):
        services.moderation_act(moderator=mod, action=action, reason="Why not.", story=story)
    assert ModerationAction.objects.count() == 0


def test_exactly_one_target(story: Story, reply: Reply, mod: User) -> None:
    with pytest.raises(ValidationError):
        services.moderation_act(moderator=mod, action="warn", reason="x")
    with pytest.raises(ValidationError):
        services.moderation_act(moderator=mod, action="warn", reason="x", story=story, reply=reply)


def test_hiding_twice_is_a_clear_error(story: Story, mod: User, hidden: ModerationAction) -> None:
    with pytest.raises(ValidationError) as error:
        services.moderation_act(moderator=mod, action="hide", reason="Again.", story=story)
    assert "already hidden" in str(error.value)
    assert ModerationAction.objects.count() == 1


def test_a_member_cannot_be_hidden(bob: User, mod: User) -> None:
    with pytest.raises(ValidationError):
        services.moderation_act(moderator=mod, action="hide", reason="x", member=bob)


def test_a_decision_resolves_the_open_reports_on_its_target(
    story: Story, reply: Reply, bob: User, charlie: User, mod: User
) -> None:
    on_story = [
        services.report_create(reporter=bob, story_id=story.public_id, reason="spam"),
        services.report_create(reporter=charlie, story_id=story.public_id, reason="threat"),
    ]
    on_reply = services.report_create(reporter=charlie, reply_id=reply.public_id, reason="spam")
    record = services.moderation_act(moderator=mod, action="hide", reason="Threat.", story=story)
    for report in on_story:
        report.refresh_from_db()
        assert report.resolved_at is not None
        assert report.resolution == record
    on_reply.refresh_from_db()
    assert on_reply.resolved_at is None


def test_the_author_is_told_what_was_hidden_and_why_without_the_reporter(
    story: Story, bob: User, mod: User
) -> None:
    services.report_create(
        reporter=bob, story_id=story.public_id, reason="threat", note="bob's note"
    )
    services.moderation_act(
        moderator=mod, action="hide", reason="It shows a home address.", story=story
    )
    notice = Notice.objects.get(member=story.author)
    text = notice_text(notice)
    assert "At work" in text
    assert '"\u2068It shows a home address.\u2069"' in text
    assert "bob" not in text
    assert "mod" not in text.replace("moderator", "")


def test_a_reply_author_is_told_about_their_reply(reply: Reply, bob: User, mod: User) -> None:
    services.moderation_act(moderator=mod, action="hide", reason="Doubts a survivor.", reply=reply)
    notice = Notice.objects.get()
    assert notice.member == bob
    text = notice_text(notice)
    assert "your reply" in text
    assert "Why did you not report it" in text


def test_warn_changes_nothing_but_sends_a_notice(story: Story, alice: User, mod: User) -> None:
    services.moderation_act(moderator=mod, action="warn", reason="Please avoid names.", story=story)
    story.refresh_from_db()
    alice.refresh_from_db()
    assert story.moderation_status == "visible"
    assert alice.can_post
    assert notice_text(Notice.objects.get(member=alice)).endswith(
        '"\u2068Please avoid names.\u2069"'
    )


def test_suspend_stops_posting_until_it_ends(story: Story, alice: User, mod: User) -> None:
    record = services.moderation_act(
        moderator=mod, action="suspend", reason="Repeated abuse.", story=story, suspend_days=7
    )
    alice.refresh_from_db()
    assert record.member == alice
    assert alice.suspended_until == record.suspended_until
    assert not alice.can_post
    with pytest.raises(PermissionDenied):
        story_publish(author=alice, fields=StoryFields(body="Another story."))
    with pytest.raises(PermissionDenied):
        reply_post(story_id=story.public_id, author=alice, body="A reply.")
    assert "paused until" in notice_text(Notice.objects.get(member=alice))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        alice.refresh_from_db()
        assert alice.can_post


def test_a_member_can_be_suspended_directly(bob: User, mod: User) -> None:
    services.moderation_act(
        moderator=mod, action="suspend", reason="Spam account.", member=bob, suspend_days=30
    )
    bob.refresh_from_db()
    assert not bob.can_post


@pytest.mark.parametrize("days", [None, 0, -1, 366, "7"])
def test_a_suspension_needs_a_sensible_length(story: Story, mod: User, days: object) -> None:
    with pytest.raises(ValidationError) as error:
        services.moderation_act(
            moderator=mod,
            action="suspend",
            reason="x",
            story=story,
            suspend_days=days,  # type: ignore[arg-type]
        )
    assert "suspend_days" in error.value.message_dict


def test_only_an_operator_suspends_a_moderator(mod: User, operator: User) -> None:
    other = User.objects.create_user("mod2", "x" * 12, role="moderator")
    with pytest.raises(PermissionDenied):
        services.moderation_act(
            moderator=mod, action="suspend", reason="x", member=other, suspend_days=1
        )
    services.moderation_act(
        moderator=operator, action="suspend", reason="x", member=other, suspend_days=1
    )


def test_a_moderator_cannot_moderate_their_own_story(mod: User) -> None:
    own = share(mod, "My own story.")
    with pytest.raises(PermissionDenied):
        services.moderation_act(moderator=mod, action="hide", reason="x", story=own)


def test_an_anonymous_authors_name_never_reaches_the_log(
    alice: User, mod: User, operator: User
) -> None:
    story = share(alice, "Signed anonymously.", signature="anonymous")
    # Only an operator suspends the author of anonymous writing, whoever that author is, so
    # the refusal tells a moderator nothing about them.
    with pytest.raises(PermissionDenied, match="author of anonymous writing"):
        services.moderation_act(
            moderator=mod, action="suspend", reason="Threats.", story=story, suspend_days=2
        )
    record = services.moderation_act(
        moderator=operator, action="suspend", reason="Threats.", story=story, suspend_days=2
    )
    alice.refresh_from_db()
    assert not alice.can_post  # acted on internally
    assert record.shown_member == "Anonymous"
    assert "alice" not in record.target_snapshot


def test_a_deleted_authors_story_can_still_be_hidden_but_not_warned(
    story: Story, alice: User, mod: User
) -> None:
    Story.objects.filter(pk=story.pk).update(author=None, author_name="", signature="anonymous")
    with pytest.raises(ValidationError):
        services.moderation_act(moderator=mod, action="warn", reason="x", story=story)
    services.moderation_act(moderator=mod, action="hide", reason="Threat.", story=story)
    assert Notice.objects.count() == 0


def test_the_log_outlives_a_deleted_story(
    story: Story, mod: User, hidden: ModerationAction
) -> None:
    Story.objects.filter(pk=story.pk).delete()
    record = ModerationAction.objects.get()
    assert record.story_ref == story.public_id
    assert record.target_snapshot


def test_reports_vanish_with_their_target(story: Story, report: Report) -> None:
    Story.objects.filter(pk=story.pk).delete()
    assert Report.objects.count() == 0
