"""Differentially private statistics: the facts a release reads, the releases, their values
and the privacy budget each period has spent.

``StoryFact`` is the only table that holds structured facts about single stories; it never
leaves the server. Pages, the API and the downloads read ``Release``, ``ReleasedValue`` and
``DashboardSnapshot`` only, which hold nothing but released (noisy, suppressed) values.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from notalone.stories.models import Story

PERIOD_LENGTH = 7  # "YYYY-MM"


class StoryFact(models.Model):
    """What a release needs of one story that counts (its author allows it, it exists, no
    moderator hid it), kept in step with the story by the ``insights.facts`` subscriber.

    Deleting the story deletes its fact in the same transaction (a cascade), so a deleted story
    is in no release made after the deletion, even one that runs before the subscriber does.
    """

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="+")
    # The unit of privacy. None for every story without an account: deleting an account that
    # keeps its stories empties this too, so nothing here ties those stories together any more;
    # releases leave such stories out (with no author, their contribution cannot be bounded).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The calendar month (UTC) the story was shared in: "YYYY-MM".
    period = models.CharField(max_length=PERIOD_LENGTH)
    what = models.CharField(max_length=12, blank=True)
    where = models.CharField(max_length=12, blank=True)
    who = models.CharField(max_length=12, blank=True)
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8, blank=True)
    # The matching keys of the story's hashtags, in the order the author gave them.
    hashtags = models.JSONField(default=list)

    class Meta:
        indexes = [models.Index(fields=("period", "author"), name="story_fact_period_idx")]

    def __str__(self) -> str:
        return f"fact of story {self.story_id}"


class PrivacyBudget(models.Model):
    """The privacy loss (ε) one period may spend over all its releases, and what it has spent."""

    period = models.CharField(max_length=PERIOD_LENGTH, unique=True)
    epsilon_total = models.FloatField()
    epsilon_spent = models.FloatField(default=0.0)
    # When a release of the period was last refused because the budget could not pay for it
    # (None: never). The dashboard says a month's budget is spent only then: with the defaults
    # each month is released once with its whole budget, which is not a refusal.
    refused_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.period}: {self.epsilon_spent}/{self.epsilon_total}"

    @property
    def epsilon_left(self) -> float:
        return max(0.0, self.epsilon_total - self.epsilon_spent)


class Release(models.Model):
    """One published, frozen set of released values for one period (``edition`` counts the
    releases of that period: a new edition spends more of the period's budget)."""

    period = models.CharField(max_length=PERIOD_LENGTH)
    edition = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    mechanism = models.CharField(max_length=120)
    epsilon = models.FloatField()
    delta = models.FloatField(default=0.0)
    # Each author's stories counted per period, and each member's "me too" per period.
    stories_per_author = models.PositiveSmallIntegerField()
    reactions_per_member = models.PositiveSmallIntegerField()
    hashtags_per_story = models.PositiveSmallIntegerField()
    suppression_threshold = models.PositiveIntegerField()
    opendp_version = models.CharField(max_length=20)
    # Per measure: its ε, its sensitivity and the noise scale (see ``insights.release``).
    measures = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("period", "edition"), name="release_period_edition")
        ]
        indexes = [models.Index(fields=("-period", "-edition"), name="release_latest_idx")]

    def __str__(self) -> str:
        return f"release {self.period} #{self.edition}"


class BudgetSpend(models.Model):
    """One line of a period's privacy ledger: the ε a release spent."""

    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="spends")
    release = models.OneToOneField(Release, on_delete=models.PROTECT, related_name="spend")
    epsilon = models.FloatField()
    spent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.budget.period}: {self.epsilon}"


class ReleasedValue(models.Model):
    """One released number: a noisy count, or None where it was below the threshold."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="values")
    measure = models.CharField(max_length=20)
    # The cell: a category value ("workplace"), a pair ("workplace|boss"), a country code,
    # a hashtag key, or "" for a measure with one cell (the total).
    key = models.CharField(max_length=160, blank=True)
    value = models.IntegerField(null=True)
    # The noisy count before suppression, kept on the server for audit. Never served and
    # never added into anything served: a total that included a hidden cell's noisy count
    # would give it back by subtraction (the dashboard's totals add up ``value`` only).
    noisy = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("release", "measure", "key"), name="released_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}[{self.key}] = {self.value}"


class DashboardSnapshot(models.Model):
    """What the dashboard shows, worked out from the released values after each release (so a
    request reads one row). One row, ``pk=1``."""

    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"dashboard of {self.updated_at:%Y-%m-%d %H:%M}"
