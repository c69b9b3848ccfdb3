"""Dates as the reader's language writes them (CLDR, through ICU), on pages and in text built
in Python (notices, messages).

A fixed pattern such as ``"j M Y"`` is right in no language but one: it gave ``1 Déc 2026``,
``1 Dic 2026`` and ``1 दिस् 2026``. Each locale's own pattern for the same fields comes from
ICU's ``DateTimePatternGenerator`` (the day, the month's short or full name and the year, in
the locale's order, case and punctuation): ``1 Dec 2026``, ``1 dic 2026``, ``1 déc. 2026``,
``1 दिस॰ 2026``, ``1 ديسمبر 2026``. Templates use the ``localdates`` filters
(``|short_date``, ``|long_date``, ``|short_datetime``); machine-readable dates
(``datetime`` attributes, exports) stay ISO 8601.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import icu
from django.utils import timezone, translation

# The site's English is not one country's: CLDR's "World English" (en_001) writes the day
# first ("1 Dec 2026"), as the site did, where "en" alone is the United States' "Dec 1, 2026".
CLDR_LOCALES = {"en": "en_001"}
# ICU skeletons (UTS #35): the fields, without their order or punctuation.
SHORT = "yMMMd"
LONG = "yMMMMd"
SHORT_WITH_TIME = "yMMMdHHmm"


@lru_cache(maxsize=64)
def _formatter(language: str, skeleton: str) -> icu.SimpleDateFormat:
    locale = icu.Locale(CLDR_LOCALES.get(language, language))
    pattern = icu.DateTimePatternGenerator.createInstance(locale).getBestPattern(skeleton)
    formatter = icu.SimpleDateFormat(pattern, locale)
    # The value is already in the site's time zone (``_wall_clock``): ICU must not move it.
    formatter.setTimeZone(icu.TimeZone.getGMT())
    return formatter


def _wall_clock(value: datetime.date | datetime.datetime) -> datetime.datetime:
    """``value`` as the site's clock shows it, expressed as that wall-clock time in UTC."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=datetime.UTC)
    return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)


def format_date(value: datetime.date | datetime.datetime | None, skeleton: str) -> str:
    """``value`` in the active language's pattern for ``skeleton``; an aware datetime is
    first put in the site's time zone (``TIME_ZONE``). ``None`` is ``""``."""
    if value is None or value == "":
        return ""
    language = translation.get_language() or "en"
    return str(_formatter(language, skeleton).format(_wall_clock(value).timestamp()))


def short_date(value: datetime.date | datetime.datetime) -> str:
    """The day, the month's short name and the year ("1 déc. 2026")."""
    return format_date(value, SHORT)


def long_date(value: datetime.date | datetime.datetime) -> str:
    """The day, the month's full name and the year ("1 décembre 2026")."""
    return format_date(value, LONG)


def short_datetime(value: datetime.date | datetime.datetime) -> str:
    """``short_date`` with the hour and minute ("1 déc. 2026, 14:05")."""
    return format_date(value, SHORT_WITH_TIME)
