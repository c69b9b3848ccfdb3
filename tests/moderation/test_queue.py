from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from notalone.accounts.models import User
from notalone.moderation import selectors, services
from tests.moderation.conftest import answer, share

pytestmark = pytest.mark.django_db


def test_most_severe_first_then_oldest(alice: User, bob: User, charlie: User) -> None:
    start = timezone.now()
    old_spam, old_harassment, new_harassment, new_threat = (
        share(alice, f"Story {n}.") for n in range(4)
    )
    plan = [
        (old_spam, "spam", 0),
        (old_harassment, "harassment", 1),
        (new_harassment, "victim_blaming", 2),
        (new_threat, "personal_information", 3),
    ]
    for story, reason, hours in plan:
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            services.report_create(reporter=bob, story_id=story.public_id, reason=reason)
    order = [item.story.pk for item in selectors.moderation_queue() if item.story]
    assert order == [new_threat.pk, old_harassment.pk, new_harassment.pk, old_spam.pk]


def test_reports_on_one_target_are_grouped_with_the_flagged_reason(
    alice: User, bob: User, charlie: User
) -> None:
    story = share(alice, "One story.")
    reply = answer(story, charlie, "A reply.")
    services.report_create(
        reporter=bob, story_id=story.public_id, reason="spam", note="Looks like an ad."
    )
    services.report_create(reporter=charlie, story_id=story.public_id, reason="threat")
    services.report_create(reporter=bob, reply_id=reply.public_id, reason="other")
    items = selectors.moderation_queue()
    assert len(items) == 2
    first = items[0]
    assert first.story == story
    assert first.report_count == 2
    assert first.severity == 3
    assert first.flagged_reason is not None
    assert first.flagged_reason.reason == "threat"
    assert [r.reason for r in first.reasons] == ["threat", "spam"]
    assert first.notes == ["Looks like an ad."]
    assert items[1].reply == reply


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_costs_the_same_queries_whatever_its_size(
    alice: User,
    bob: User,
    charlie: User,
    django_assert_num_queries,
    size: int,  # type: ignore[no-untyped-def]
) -> None:
    for n in range(size):
        story = share(alice, f"Story {n}.")
        services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
        reply = answer(story, charlie, f"Reply {n}.")
        services.report_create(reporter=bob, reply_id=reply.public_id, reason="other")
    with django_assert_num_queries(4):
        assert len(selectors.moderation_queue()) == 2 * size


def test_resolved_reports_leave_the_queue(story, report, mod) -> None:  # type: ignore[no-untyped-def]
    assert len(selectors.moderation_queue()) == 1
    services.moderation_act(moderator=mod, action="warn", reason="Kindness.", story=story)
    assert selectors.moderation_queue() == []
