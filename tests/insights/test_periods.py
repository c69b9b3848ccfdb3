"""Which months may be released: clear refusals for malformed, impossible, unended and too
early months, from the function and the command alike, with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notalone.insights.models import BudgetSpend, PrivacyBudget, Release, ReleasedValue
from notalone.insights.periods import ReleaseRefused, closed_periods, first_period, period_bounds
from notalone.insights.release import release_closed_periods
from tests.insights.conftest import AFTER, IN_PERIOD, share

pytestmark = pytest.mark.django_db


def _nothing_written() -> None:
    for model in (PrivacyBudget, Release, ReleasedValue, BudgetSpend):
        assert not model.objects.exists(), model


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("9999-12", "too far in the future"),
        ("9999-11", "has not ended yet"),
        ("2999-01", "has not ended yet"),
        ("0001-01", "before the first month the statistics cover (2025-03)"),
        ("2025-02", "before the first month the statistics cover (2025-03)"),
        ("2025-13", "A period is a month written YYYY-MM"),
        ("2025-3", "A period is a month written YYYY-MM"),
        ("٢٠٢٥-٠٣", "A period is a month written YYYY-MM"),
    ],
)
def test_the_command_refuses_a_month_it_cannot_release(authors, period, message) -> None:  # type: ignore[no-untyped-def]
    share(authors[0], when=IN_PERIOD)  # the site's first story: 2025-03
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("insights", "release", "--period", period)
    _nothing_written()


def test_nothing_is_released_before_any_story(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="No story has been shared here yet"):
        call_command("insights", "release", "--period", "2025-03")
    assert first_period() is None
    assert release_closed_periods(now=AFTER) == []
    _nothing_written()


def test_releases_start_at_the_later_of_the_setting_and_the_first_story(authors, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INSIGHTS_FIRST_PERIOD = "2024-01"
    share(authors[0], when=IN_PERIOD)
    assert first_period() == "2025-03"  # not 14 empty months from 2024-01
    assert [r.period for r in release_closed_periods(now=AFTER)] == ["2025-03", "2025-04"]
    settings.INSIGHTS_FIRST_PERIOD = "2025-04"  # the operator's launch, after an old story
    assert first_period() == "2025-04"


def test_period_bounds_hold_at_the_ends_of_the_calendar() -> None:
    assert period_bounds("0001-01")[0] == datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
    assert period_bounds("2025-12")[1] == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert period_bounds("9999-11")[1] == datetime.datetime(9999, 12, 1, tzinfo=datetime.UTC)
    with pytest.raises(ReleaseRefused):
        period_bounds("9999-12")
    assert closed_periods(first=None, now=AFTER) == []
    assert closed_periods(
        first="2025-11", now=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    ) == [
        "2025-11",
        "2025-12",
        "2026-01",
    ]
