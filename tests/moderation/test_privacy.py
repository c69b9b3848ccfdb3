"""Data export and account deletion (accounts.registry)."""

from __future__ import annotations

import pytest

from notalone.accounts.models import User
from notalone.accounts.services import account_delete, account_export
from notalone.moderation import services
from notalone.moderation.models import Appeal, ModerationAction, Notice, Report
from notalone.stories.models import Reply, Story
from tests.moderation.conftest import notice_of

pytestmark = pytest.mark.django_db


def test_the_export_holds_reports_notices_and_appeals(
    story: Story, reply: Reply, alice: User, bob: User, mod: User
) -> None:
    services.report_create(
        reporter=alice, reply_id=reply.public_id, reason="victim_blaming", note="Hurt."
    )
    record = services.moderation_act(moderator=mod, action="hide", reason="Address.", story=story)
    services.appeal_create(
        member=alice, notice_id=notice_of(record).public_id, text="No address in it."
    )
    data = account_export(user=alice)["moderation"]
    assert data["reports_made"][0]["reason"] == "victim_blaming"
    assert data["reports_made"][0]["note"] == "Hurt."
    assert '"\u2068Address.\u2069"' in data["notices"][0]["text"]
    assert data["appeals"][0]["text"] == "No address in it."
    assert "mod" not in str(data).replace("moderator", "")


@pytest.mark.parametrize("keep_stories", [True, False])
def test_deletion_removes_the_members_moderation_data_but_keeps_the_log(
    story: Story, reply: Reply, alice: User, bob: User, mod: User, keep_stories: bool
) -> None:
    services.report_create(reporter=alice, reply_id=reply.public_id, reason="spam")
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    record = services.moderation_act(moderator=mod, action="hide", reason="Address.", story=story)
    services.appeal_create(member=alice, notice_id=notice_of(record).public_id, text="Please.")
    account_delete(user=alice, keep_stories=keep_stories)
    assert not Report.objects.filter(reporter_id=alice.pk).exists()
    # Only bob's notice that his report was read is left: nothing of alice's.
    assert list(Notice.objects.values_list("member_id", "kind")) == [(bob.pk, "report_read")]
    assert Appeal.objects.count() == 0
    kept = ModerationAction.objects.get()
    assert kept.member is None
    assert kept.reason == "Address."
    assert bool(kept.target_snapshot) == keep_stories


def test_a_deleted_reply_authors_words_leave_the_log(reply: Reply, bob: User, mod: User) -> None:
    services.moderation_act(moderator=mod, action="hide", reason="Blaming.", reply=reply)
    account_delete(user=bob, keep_stories=True)
    kept = ModerationAction.objects.get()
    assert kept.member is None
    assert kept.target_snapshot == ""
    assert kept.reply_ref == reply.public_id
