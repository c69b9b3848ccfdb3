"""Dates as the site's pages print them, for text built in Python (notices, messages).

The templates write ``{{ value|date:"j M Y" }}``: the day, the month's short name in the
reader's language, the year ("30 Nov 2026", "30 nov. 2026"). ``short_date`` is the same
for Python code, so a sentence built there reads like the page around it.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone

#: Django's date format (``django.utils.dateformat``) of the site's pages.
SHORT_DATE = "j M Y"


def short_date(value: datetime.date | datetime.datetime) -> str:
    """``value`` as the pages print a date, in the active language; an aware datetime is
    first put in the site's time zone (``TIME_ZONE``)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, SHORT_DATE)
