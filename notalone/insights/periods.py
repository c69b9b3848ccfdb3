"""Release periods: calendar months (UTC) written "YYYY-MM", and which of them may be released.

A month may be released once it has ended, and only from the first month released on: the
later of ``INSIGHTS_FIRST_PERIOD`` and the month of the site's first story (of any kind), so
the statistics never list months before the site had anything to count.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db.models import Min
from django.utils.translation import gettext as _

from notalone.stories.models import Story


class ReleaseRefused(Exception):
    """No release can be made; the message says why, for the operator and the page."""


class BudgetExhausted(ReleaseRefused):
    """The period's privacy budget cannot pay for another release."""


def parse_period(text: str) -> str:
    """Check a period ("YYYY-MM", year 1 to 9999); raise ``ReleaseRefused`` with the rule
    otherwise."""
    try:
        # ASCII digits only (strptime alone takes any script's), as every identifier here.
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
            raise ValueError(text)
        datetime.date(int(text[:4]), int(text[5:]), 1)  # year 1 to 9999, month 1 to 12
    except ValueError:
        raise ReleaseRefused(_("A period is a month written YYYY-MM, like 2025-03.")) from None
    # As written (strftime would give "1-01" for 0001-01: years below 1000 lose their zeros).
    return text


def period_bounds(period: str) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a period ("YYYY-MM", already checked) in UTC. ``ReleaseRefused`` for
    9999-12, whose end no date can hold."""
    year, month = int(period[:4]), int(period[5:7])
    if (year, month) == (datetime.MAXYEAR, 12):
        raise ReleaseRefused(
            _("%(period)s is too far in the future to be released.") % {"period": period}
        )
    start = datetime.datetime(year, month, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=datetime.UTC)
    return start, end


def _written(moment: datetime.datetime | datetime.date) -> str:
    return f"{moment.year:04}-{moment.month:02}"


def period_of(moment: datetime.datetime) -> str:
    """The release period (calendar month, UTC) of a moment: "YYYY-MM"."""
    return _written(moment.astimezone(datetime.UTC))


def first_period() -> str | None:
    """The first month that may be released: the later of ``INSIGHTS_FIRST_PERIOD`` and the
    month of the site's first story; None while no story exists. One indexed-or-scanned MIN."""
    first = Story.objects.aggregate(first=Min("created_at"))["first"]
    if first is None:
        return None
    return max(parse_period(settings.INSIGHTS_FIRST_PERIOD), period_of(first))


def check_releasable(period: str, now: datetime.datetime) -> str:
    """The period, checked: written YYYY-MM, over by ``now``, not before the first month
    released. ``ReleaseRefused`` with a plain, translated reason otherwise."""
    period = parse_period(period)
    if period_bounds(period)[1] > now:
        raise ReleaseRefused(
            _("%(period)s has not ended yet: a month is released once it is over.")
            % {"period": period}
        )
    first = first_period()
    if first is None:
        raise ReleaseRefused(_("No story has been shared here yet: there is nothing to release."))
    if period < first:
        raise ReleaseRefused(
            _(
                "%(period)s is before the first month the statistics cover (%(first)s): "
                "nothing was shared here before it."
            )
            % {"period": period, "first": first}
        )
    return period


def closed_periods(*, first: str | None, now: datetime.datetime) -> list[str]:
    """Every month from ``first`` to the last month that has ended, oldest first (none if
    ``first`` is None)."""
    periods: list[str] = []
    if first is None:
        return periods
    start, end = period_bounds(first)
    while end <= now:
        periods.append(_written(start))
        start, end = period_bounds(_written(end))
    return periods
