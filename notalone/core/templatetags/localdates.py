"""``{{ value|short_date }}``, ``|long_date`` and ``|short_datetime``: dates in the reader's
language's own pattern (``core.dates``), instead of a fixed ``|date:"j M Y"``."""

from __future__ import annotations

import datetime

from django import template

from notalone.core import dates

register = template.Library()


@register.filter
def short_date(value: datetime.date | datetime.datetime | None) -> str:
    return dates.short_date(value) if value else ""


@register.filter
def long_date(value: datetime.date | datetime.datetime | None) -> str:
    return dates.long_date(value) if value else ""


@register.filter
def short_datetime(value: datetime.date | datetime.datetime | None) -> str:
    return dates.short_datetime(value) if value else ""
