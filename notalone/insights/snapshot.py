"""The dashboard's numbers, worked out from published values only (post-processing, which
costs no privacy) after each release, and stored in one row for the page to read.

A total over months adds up the months whose value was published, and nothing else: a hidden
(suppressed) monthly value never enters a total, so no total minus the published months can
give it back."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notalone.core import pagecache
from notalone.insights.models import DashboardSnapshot, PrivacyBudget, Release, ReleasedValue

# The measures shown as totals over every released month.
SUMMED = ("what", "where", "who", "where_who", "country", "language", "hashtag")


def latest_releases() -> list[Release]:
    """The newest edition of each released period, oldest period first."""
    newest: dict[str, Release] = {}
    for release in Release.objects.order_by("period", "edition"):
        newest[release.period] = release
    return list(newest.values())


def _sum(published: list[int | None]) -> int | None:
    """One cell's total over months: the sum of its published monthly values, None if none
    was published. Hidden months add nothing (so the total leans low where counts are small,
    and says nothing about them)."""
    shown = [v for v in published if v is not None]
    return sum(shown) if shown else None


@transaction.atomic
def rebuild_snapshot() -> DashboardSnapshot:
    releases = latest_releases()
    by_release: dict[int, dict[tuple[str, str], int | None]] = defaultdict(dict)
    # measure -> key -> [published value (None: hidden) per month]. The noisy counts of hidden
    # cells are never read here.
    sums: dict[str, dict[str, list[int | None]]] = defaultdict(dict)
    for release_id, measure, key, value in ReleasedValue.objects.filter(
        release__in=releases
    ).values_list("release_id", "measure", "key", "value"):
        by_release[release_id][(measure, key)] = value
        if measure in SUMMED:
            sums[measure].setdefault(key, []).append(value)
    threshold = settings.INSIGHTS_SUPPRESSION_THRESHOLD
    timeline = [
        {
            "period": r.period,
            "edition": r.edition,
            "stories": by_release[r.pk].get(("stories", "")),
            "me_too": by_release[r.pk].get(("me_too", "")),
        }
        for r in releases
    ]
    totals: dict[str, list[dict[str, object]]] = {}
    for measure in SUMMED:
        totals[measure] = [
            {"key": key, "value": _sum(published)}
            for key, published in sorted(sums[measure].items())
        ]
    budgets = [
        {
            "period": b.period,
            "spent": b.epsilon_spent,
            "total": b.epsilon_total,
            "refused": b.refused_at is not None,
        }
        for b in PrivacyBudget.objects.order_by("period")
    ]
    data = {
        "timeline": timeline,
        "totals": totals,
        "budgets": budgets,
        "threshold": threshold,
        "releases": len(releases),
    }
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        pk=1, defaults={"data": data, "updated_at": timezone.now()}
    )
    pagecache.invalidate_on_commit()
    return snapshot


def current_snapshot() -> dict[str, object]:
    """What the dashboard shows (empty before the first release)."""
    row = DashboardSnapshot.objects.filter(pk=1).values_list("data", "updated_at").first()
    if row is None:
        return {}
    data, updated_at = row
    return {**data, "updated_at": updated_at}


def snapshot_time() -> datetime.datetime | None:
    """When the dashboard's numbers last changed (one small query), or None before any."""
    return DashboardSnapshot.objects.filter(pk=1).values_list("updated_at", flat=True).first()
