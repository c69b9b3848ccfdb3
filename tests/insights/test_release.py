"""Releases: the author's choice, deletion, contribution bounds, budget, suppression, frozen."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notalone.insights.facts import rebuild_facts
from notalone.insights.models import (
    DashboardSnapshot,
    PrivacyBudget,
    Release,
    ReleasedValue,
    StoryFact,
)
from notalone.insights.release import (
    BudgetExhausted,
    ReleaseRefused,
    _true_counts,
    me_too_by_period,
    release_closed_periods,
    release_period,
    suppress,
)
from notalone.insights.tasks import release_statistics
from notalone.stories import services
from notalone.stories.models import Story
from tests.insights.conftest import AFTER, IN_PERIOD, PERIOD, params, share

pytestmark = pytest.mark.django_db


def test_a_public_story_counts_by_default_and_another_only_if_its_author_says_so(authors):
    share(authors[0], visibility="public")
    share(authors[1], visibility="members")
    share(authors[2], visibility="private", in_statistics=True)
    share(authors[3], visibility="public", in_statistics=False)
    assert _true_counts(PERIOD, params())["stories"][""] == 2
    counted = set(StoryFact.objects.values_list("author_id", flat=True))
    assert counted == {authors[0].pk, authors[2].pk}


def test_opting_out_or_deleting_leaves_the_next_release(authors):
    kept = share(authors[0], what="harassment")
    opted = share(authors[1], what="harassment")
    deleted = share(authors[2], what="harassment")
    assert _true_counts(PERIOD, params())["what"]["harassment"] == 3
    fields = services.story_fields_of(opted)
    services.story_edit(
        story=opted,
        editor=authors[1],
        fields=fields.__class__(**{**fields.__dict__, "in_statistics": False}),
    )
    services.story_delete(story=deleted, actor=authors[2])
    assert _true_counts(PERIOD, params())["what"]["harassment"] == 1
    release = release_period(period=PERIOD, params=params(), now=AFTER)
    assert StoryFact.objects.get().story_id == kept.pk
    assert release.values.filter(measure="what").count() == 5


def test_each_author_counts_with_at_most_k_stories_a_month(authors):
    for _ in range(7):
        share(authors[0], where="workplace", who="boss")
    share(authors[1], where="workplace", who="boss")
    counts = _true_counts(PERIOD, params(stories_per_author=2))
    assert counts["stories"][""] == 3
    assert counts["where_who"]["workplace|boss"] == 3


def test_only_listed_hashtags_are_counted_and_at_most_h_per_story(authors):
    share(authors[0], hashtags=["#MeToo", "#BalanceTonPorc", "#SomeRareTag"])
    counts = _true_counts(PERIOD, params(hashtags_per_story=1))
    assert counts["hashtag"] == {"metoo": 1}
    release = release_period(period=PERIOD, params=params(), now=AFTER)
    keys = set(release.values.filter(measure="hashtag").values_list("key", flat=True))
    assert keys == {"metoo", "balancetonporc"}


def test_a_released_month_is_frozen(authors):
    share(authors[0])
    first = release_period(period=PERIOD, params=params(), now=AFTER)
    values = list(first.values.order_by("pk").values_list("measure", "key", "value"))
    share(authors[1])
    again = release_period(period=PERIOD, params=params(), now=AFTER)
    assert again.pk == first.pk
    assert list(again.values.order_by("pk").values_list("measure", "key", "value")) == values


def test_budget_exhaustion_stops_releases_with_a_clear_message(authors, settings):
    settings.INSIGHTS_EPSILON_PER_PERIOD = 1.5
    share(authors[0])
    release_period(period=PERIOD, params=params(epsilon=1.0), now=AFTER)
    with pytest.raises(BudgetExhausted, match=r"privacy budget of 2025-03 is spent \(ε 1 of 1.5\)"):
        release_period(period=PERIOD, again=True, params=params(epsilon=1.0), now=AFTER)
    assert Release.objects.count() == 1
    assert PrivacyBudget.objects.get().epsilon_spent == 1.0
    second = release_period(period=PERIOD, again=True, params=params(epsilon=0.5), now=AFTER)
    assert second.edition == 2
    assert PrivacyBudget.objects.get().epsilon_spent == 1.5
    assert [s.epsilon for s in PrivacyBudget.objects.get().spends.order_by("pk")] == [1.0, 0.5]


def test_the_command_says_when_the_budget_is_spent(authors, settings):
    settings.INSIGHTS_FIRST_PERIOD = PERIOD
    share(authors[0])
    call_command("insights", "release", "--period", PERIOD)
    with pytest.raises(CommandError, match="privacy budget of 2025-03 is spent"):
        call_command("insights", "release", "--period", PERIOD, "--again")


def test_a_month_that_has_not_ended_is_not_released(authors):
    with pytest.raises(ReleaseRefused, match="has not ended"):
        release_period(period="2025-03", params=params(), now=AFTER.replace(month=3, day=20))


def test_noisy_counts_below_the_threshold_are_suppressed(authors):
    share(authors[0], country="FR")
    release = release_period(period=PERIOD, params=params(suppression_threshold=1000), now=AFTER)
    assert not ReleasedValue.objects.filter(release=release).exclude(value=None).exists()
    assert suppress(19, 20) is None
    assert suppress(20, 20) == 20
    assert suppress(-3, 0) is None


def test_a_hidden_story_leaves_the_statistics(authors):
    story = share(authors[0])
    Story.objects.filter(pk=story.pk).update(moderation_status="hidden")
    from notalone.insights.facts import sync_story_fact

    sync_story_fact(story.pk)
    assert not StoryFact.objects.exists()


def test_the_scheduled_job_releases_each_ended_month_once(authors, settings):
    settings.INSIGHTS_FIRST_PERIOD = "2025-01"
    share(authors[0], when=IN_PERIOD.replace(month=1))
    share(authors[1])
    made = release_closed_periods(now=AFTER)
    assert [r.period for r in made] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert release_closed_periods(now=AFTER) == []
    snapshot = DashboardSnapshot.objects.get()
    assert [t["period"] for t in snapshot.data["timeline"]] == [r.period for r in made]
    assert release_statistics.call_local() is None  # the Huey job runs the same function


def test_rebuilding_the_facts_gives_what_the_subscriber_keeps(authors):
    share(authors[0], what="assault", country="FR", hashtags=["#MeToo", "#Other"])
    share(authors[1], visibility="members")
    share(authors[2], visibility="private", in_statistics=True, where="home", who="partner")
    fields = ("story_id", "author_id", "period", "what", "where", "who", "country", "hashtags")
    kept = sorted(StoryFact.objects.values_list(*fields))
    assert rebuild_facts() == 2
    assert sorted(StoryFact.objects.values_list(*fields)) == kept


def test_stories_without_an_account_are_left_out(authors):
    """Pooled as one author, removing one such person could move a count by twice the
    bound: they leave the releases instead (the break-it review of issue 12)."""
    for _ in range(4):
        share(authors[0])
    share(authors[1])
    Story.objects.filter(author=authors[0]).update(author=None)
    rebuild_facts()
    assert _true_counts(PERIOD, params(stories_per_author=2))["stories"][""] == 1


def test_an_opt_out_leaves_the_statistics_in_the_request(authors):
    """No background job stands between "do not count my story" and the next release."""
    from huey.contrib.djhuey import HUEY

    from notalone.insights.models import StoryFact
    from notalone.stories import services
    from notalone.stories.services.stories import story_fields_of

    story = share(authors[0])
    assert StoryFact.objects.filter(story_id=story.pk).exists()
    fields = dataclasses.replace(story_fields_of(story), in_statistics=False)
    HUEY.immediate = False  # jobs wait for a commit that never comes in this test
    try:
        services.story_edit(story=story, editor=authors[0], fields=fields)
    finally:
        HUEY.immediate = True
    assert not StoryFact.objects.filter(story_id=story.pk).exists()


def test_me_too_counts_each_member_at_most_r_times_a_month(authors):
    from notalone.stories.models import Reaction

    stories = [share(authors[0]) for _ in range(7)]
    for story in stories:
        Reaction.objects.create(story=story, member=authors[1], kind="me_too", created_at=IN_PERIOD)
    Reaction.objects.create(
        story=stories[0], member=authors[2], kind="me_too", created_at=IN_PERIOD
    )
    Reaction.objects.create(story=stories[1], member=authors[2], kind="me_too", created_at=AFTER)
    assert _true_counts(PERIOD, params(reactions_per_member=5))["me_too"][""] == 6
    assert me_too_by_period([PERIOD, "2025-05"]) == {
        PERIOD: {authors[1].pk: 7, authors[2].pk: 1},
        "2025-05": {authors[2].pk: 1},
    }
