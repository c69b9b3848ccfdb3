"""Keeping a reported story ("the report does not apply") and telling whoever reported what
became of their report: read, and whether action was taken, with nothing about the other
member."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from notalone.accounts.models import User
from notalone.moderation import selectors, services
from notalone.moderation.models import ModerationAction, Notice, Report
from notalone.moderation.wording import notice_text
from notalone.stories.models import ModerationStatus, Reply, Story
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_keeping_it_changes_nothing_closes_the_reports_and_is_logged(
    story: Story, report: Report, mod: User
) -> None:
    record = services.moderation_act(
        moderator=mod, action="dismiss", reason="A story of what happened, no names.", story=story
    )
    story.refresh_from_db()
    report.refresh_from_db()
    assert story.moderation_status == ModerationStatus.VISIBLE
    assert report.resolved_at is not None
    assert report.resolution == record
    logged = ModerationAction.objects.get()
    assert (logged.action, logged.reason) == ("dismiss", "A story of what happened, no names.")


def test_keeping_it_tells_the_author_nothing(story: Story, report: Report, mod: User) -> None:
    services.moderation_act(moderator=mod, action="dismiss", reason="Fine.", story=story)
    assert not Notice.objects.filter(member=story.author).exists()


def test_the_reporter_hears_it_was_read_and_that_no_action_was_taken(
    story: Story, report: Report, bob: User, mod: User
) -> None:
    services.moderation_act(moderator=mod, action="dismiss", reason="Fine.", story=story)
    notice = Notice.objects.get(member=bob)
    text = notice_text(notice)
    assert "read your report" in text
    assert "about a story" in text
    assert "does not go against the community guidelines" in text
    # Nothing about the other member or the decision's reason.
    assert "alice" not in text
    assert "Fine." not in text
    assert "At work" not in text


def test_the_reporter_hears_that_action_was_taken_without_details(
    story: Story, report: Report, bob: User, mod: User
) -> None:
    services.moderation_act(
        moderator=mod, action="hide", reason="It names a workplace.", story=story
    )
    text = notice_text(Notice.objects.get(member=bob))
    assert "took action" in text
    assert "hid" not in text
    assert "workplace" not in text
    assert "alice" not in text


def test_a_reporter_of_a_reply_hears_about_a_reply(reply: Reply, alice: User, mod: User) -> None:
    services.report_create(reporter=alice, reply_id=reply.public_id, reason="victim_blaming")
    services.moderation_act(moderator=mod, action="warn", reason="Please be kind.", reply=reply)
    assert "about a reply" in notice_text(Notice.objects.get(member=alice, kind="report_read"))


def test_every_reporter_hears(story: Story, bob: User, mod: User) -> None:
    carol = make_member("carol")
    for reporter in (bob, carol):
        services.report_create(reporter=reporter, story_id=story.public_id, reason="spam")
    services.moderation_act(moderator=mod, action="dismiss", reason="Not spam.", story=story)
    assert sorted(Notice.objects.values_list("member__username", flat=True)) == ["bob", "carol"]


def test_reports_already_settled_are_not_told_again(
    story: Story, report: Report, bob: User, mod: User
) -> None:
    services.moderation_act(moderator=mod, action="hide", reason="Names.", story=story)
    services.moderation_act(moderator=mod, action="restore", reason="Edited.", story=story)
    assert Notice.objects.filter(member=bob).count() == 1


def test_the_reporter_cannot_appeal_or_see_the_authors_appeal(
    story: Story, report: Report, alice: User, bob: User, mod: User
) -> None:
    record = services.moderation_act(moderator=mod, action="hide", reason="Names.", story=story)
    author_notice = Notice.objects.get(action=record, member=alice)
    services.appeal_create(member=alice, notice_id=author_notice.public_id, text="Please.")
    (item,) = selectors.notices_for(member=bob)
    assert item.appeal is None
    assert not item.can_appeal
    reporter_notice = Notice.objects.get(member=bob)
    with pytest.raises(PermissionDenied):
        services.appeal_create(member=bob, notice_id=reporter_notice.public_id, text="Me too.")


def test_keeping_needs_a_story_or_reply(alice: User, mod: User) -> None:
    with pytest.raises(ValidationError):
        services.moderation_act(moderator=mod, action="dismiss", reason="Fine.", member=alice)


def test_the_notices_page_shows_the_reporter_their_notice(
    story: Story, report: Report, bob: User, bob_client: Client, mod: User
) -> None:
    services.moderation_act(moderator=mod, action="dismiss", reason="Fine.", story=story)
    page = bob_client.get("/moderation/notices/").content.decode()
    assert "A moderator read your report of" in page
    assert "Appeal this decision" not in page
