"""Suppression: each measure's threshold is set from its noise and its number of cells, so
noise alone almost never shows a number; hidden values say so truthfully and no published
total gives one back by subtraction."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.insights.models import DashboardSnapshot, ReleasedValue
from notalone.insights.parameters import MEASURES, Parameters, cells
from notalone.insights.release import _true_counts, noisy_counts, release_period
from notalone.insights.snapshot import SUMMED, rebuild_snapshot
from tests.insights.conftest import AFTER, IN_PERIOD, PERIOD, params, share


def _tail(threshold: int, scale: float) -> float:
    """P(discrete Laplace noise of scale b >= T) = a^T / (1 + a), a = e^(-1/b)."""
    a = math.exp(-1 / scale)
    return a**threshold / (1 + a)


@pytest.mark.parametrize("epsilon", [0.5, 1.0, 9.0])
def test_each_threshold_is_the_smallest_that_keeps_pure_noise_hidden(epsilon: float) -> None:
    p = params(epsilon=epsilon, suppression_alpha=0.05, suppression_threshold=0)
    for measure in MEASURES:
        n, b, t = len(cells(measure, p)), p.scale(measure), p.threshold(measure)
        if n == 0:
            continue
        # The chance that any empty cell of the measure shows a number is at most alpha...
        assert n * _tail(t, b) <= 0.05
        # ...and T is the smallest such threshold.
        assert n * _tail(t - 1, b) > 0.05
    # The operator's floor still holds where it is higher.
    high = params(epsilon=epsilon, suppression_alpha=0.05, suppression_threshold=100_000)
    assert {high.threshold(m) for m in MEASURES} == {100_000}


def test_pure_noise_is_not_published_as_counts() -> None:
    """The review's fault: with 250 empty country cells and a threshold of 20 at b = 18, some
    cell showed a number in almost every release. Now at most about alpha of releases do."""
    p = params(epsilon=1.0, suppression_alpha=0.05, suppression_threshold=20)
    n, releases = len(cells("country", p)), 2000
    noise = noisy_counts(p, "country", [0] * (n * releases))
    rows = [noise[i * n : (i + 1) * n] for i in range(releases)]
    shown_now = sum(1 for row in rows if max(row) >= p.threshold("country")) / releases
    shown_before = sum(1 for row in rows if max(row) >= 20) / releases
    assert shown_before > 0.9  # the old fixed threshold: noise shown as counts
    assert shown_now <= 0.05 + 4 * math.sqrt(0.05 * 0.95 / releases)


def test_the_default_thresholds_are_the_documented_ones(settings) -> None:  # type: ignore[no-untyped-def]
    p = Parameters.from_settings()
    assert p.suppression_alpha == 0.05
    # docs/PRIVACY.md gives these numbers for the defaults (ε = 1, k = 2, h = 2, r = 5).
    assert p.threshold("stories") == 42
    assert p.threshold("country") == 142
    assert p.threshold("language") == 136


@pytest.mark.django_db
def test_only_the_operators_countries_and_languages_have_cells(authors, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INSIGHTS_COUNTRIES = ["FR", "in", "XX"]
    settings.INSIGHTS_LANGUAGES = ["en"]
    p = Parameters.from_settings()
    assert cells("country", p) == ["FR", "IN", ""]
    assert cells("language", p) == ["en", ""]
    share(authors[0], country="FR", language="en")
    share(authors[1], country="BR", language="pt")
    true = _true_counts(PERIOD, p)
    assert true["country"] == {"FR": 1, "": 1}
    assert true["language"] == {"en": 1, "": 1}
    release = release_period(period=PERIOD, params=p, now=AFTER)
    keys = set(release.values.filter(measure="country").values_list("key", flat=True))
    assert keys == {"FR", "IN", ""}  # no cell says a story came from Brazil


@pytest.fixture
def two_months(db: None, settings) -> list[object]:  # type: ignore[no-untyped-def]
    """Two months of stories; a threshold that hides some monthly cells and shows others."""
    import datetime

    settings.INSIGHTS_EPSILON_PER_PERIOD = 3.0

    made = []
    for month, count in ((2, 30), (3, 60)):
        for i in range(count):
            share(
                User.objects.create_user(f"m{month}w{i}", "x" * 20),
                when=IN_PERIOD.replace(month=month),
                what=["harassment", "assault"][i % 2],
                where="workplace",
                who="boss",
                country="FR",
            )
        made.append(
            release_period(
                period=f"2025-{month:02}",
                params=params(epsilon=3.0, suppression_threshold=22),
                now=AFTER + datetime.timedelta(days=1),
            )
        )
    rebuild_snapshot()
    return made


@pytest.mark.django_db
def test_no_total_gives_back_a_hidden_monthly_value(two_months: list[object]) -> None:
    published: dict[tuple[str, str], list[int | None]] = defaultdict(list)
    hidden = 0
    for measure, key, value in ReleasedValue.objects.filter(measure__in=SUMMED).values_list(
        "measure", "key", "value"
    ):
        published[(measure, key)].append(value)
        hidden += value is None
    assert hidden  # the fixture hides some cells
    totals = DashboardSnapshot.objects.get().data["totals"]
    for measure in SUMMED:
        for cell in totals[measure]:
            values = published[(measure, cell["key"])]
            shown = [v for v in values if v is not None]
            # A total is the sum of the published values and nothing else: subtracting them
            # leaves 0, never a hidden month's noisy count.
            assert cell["value"] == (sum(shown) if shown else None)


@pytest.mark.django_db
def test_a_hidden_number_says_hidden_not_fewer_than(two_months: list[object]) -> None:
    client = Client()
    html = client.get("/insights/").content.decode()
    assert "hidden (too few or too noisy)" in html
    assert "fewer than" not in html
    page = client.get("/insights/2025-02/1/").content.decode()
    assert "fewer than" not in page
