"""The audit log is append-only: nothing changes or removes a decision once written."""

from __future__ import annotations

import pytest

from notalone.accounts.models import User
from notalone.moderation import selectors, services
from notalone.moderation.models import AppendOnlyError, ModerationAction
from notalone.stories.models import Story
from tests.moderation.conftest import share

pytestmark = pytest.mark.django_db


def test_a_record_cannot_be_changed(hidden: ModerationAction) -> None:
    hidden.reason = "Something kinder."
    with pytest.raises(AppendOnlyError):
        hidden.save()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.filter(pk=hidden.pk).update(reason="Rewritten.")
    assert ModerationAction.objects.get().reason == "It names someone's workplace."


def test_a_record_cannot_be_deleted(hidden: ModerationAction) -> None:
    with pytest.raises(AppendOnlyError):
        hidden.delete()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.count() == 1


def test_the_admin_is_read_only(operator_client, hidden: ModerationAction) -> None:  # type: ignore[no-untyped-def]
    url = f"/operator/admin/moderation/moderationaction/{hidden.pk}/"
    assert operator_client.get(url + "change/").status_code == 200
    assert operator_client.get(url + "delete/").status_code == 403
    assert operator_client.post(url + "change/", {"reason": "x"}).status_code == 403
    assert ModerationAction.objects.get().reason == "It names someone's workplace."


def test_the_log_is_newest_first_by_keyset(alice: User, mod: User) -> None:
    stories = [share(alice, f"Story {n}.") for n in range(5)]
    for story in stories:
        services.moderation_act(moderator=mod, action="warn", reason="Care.", story=story)
    first = selectors.audit_log(limit=2)
    assert [a.story_ref for a in first.items] == [stories[4].public_id, stories[3].public_id]
    assert first.next_cursor is not None
    second = selectors.audit_log(before=first.next_cursor, limit=2)
    assert [a.story_ref for a in second.items] == [stories[2].public_id, stories[1].public_id]
    third = selectors.audit_log(before=second.next_cursor, limit=2)
    assert [a.story_ref for a in third.items] == [stories[0].public_id]
    assert third.next_cursor is None


def test_a_moderators_name_stays_after_their_account_goes(
    story: Story, mod: User, hidden: ModerationAction
) -> None:
    mod.delete()
    record = ModerationAction.objects.get()
    assert record.moderator is None
    assert record.moderator_name == "mod"
