"""Dates in notices and pages in the reader's language's own pattern (CLDR through ICU,
``core.dates``), the same in text built in Python and on the pages: not a fixed ``j M Y``,
which gave "1 Déc 2026", "1 Dic 2026" and "1 दिस् 2026"."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from notalone.core.dates import long_date, short_date, short_datetime
from notalone.moderation.models import ActionKind
from notalone.moderation.wording import decision_text, report_read_text

MOMENT = datetime.datetime(2026, 11, 30, 18, 5, tzinfo=datetime.UTC)
DAY = datetime.date(2026, 12, 1)


def _as_the_pages_print_it(value: datetime.datetime) -> str:
    return Template("{% load localdates %}{{ value|short_date }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    ("language", "short", "long", "with_time"),
    [
        ("en", "1 Dec 2026", "1 December 2026", "1 Dec 2026, 14:05"),
        ("es", "1 dic 2026", "1 de diciembre de 2026", "1 dic 2026, 14:05"),
        ("fr", "1 déc. 2026", "1 décembre 2026", "1 déc. 2026, 14:05"),
        ("hi", "1 दिस॰ 2026", "1 दिसंबर 2026", "1 दिस॰ 2026, 14:05"),
        ("ar", "1 ديسمبر 2026", "1 ديسمبر 2026", "1 ديسمبر 2026، 14:05"),
    ],
)
def test_each_language_writes_dates_its_own_way(
    language: str, short: str, long: str, with_time: str
) -> None:
    with translation.override(language):
        assert short_date(DAY) == short
        assert long_date(DAY) == long
        assert short_datetime(datetime.datetime(2026, 12, 1, 14, 5, tzinfo=datetime.UTC)) == (
            with_time
        )
        page = Template(
            "{% load localdates %}{{ d|short_date }}|{{ d|long_date }}|{{ n|short_date }}"
        )
        assert page.render(Context({"d": DAY, "n": None})) == f"{short}|{long}|"


def test_a_report_notice_prints_the_date_as_the_pages_do() -> None:
    for language in ("en", "fr", "es", "hi", "ar"):
        with translation.override(language):
            text = report_read_text(reported_at=MOMENT, on_reply=False, action_taken=False)
            assert short_date(MOMENT) == _as_the_pages_print_it(MOMENT)
            assert _as_the_pages_print_it(MOMENT) in text, language
    with translation.override("en"):
        assert "30 Nov 2026" in report_read_text(
            reported_at=MOMENT, on_reply=True, action_taken=True
        )


def test_a_pause_notice_prints_its_end_the_same_way() -> None:
    with translation.override("en"):
        text = decision_text(
            ActionKind.SUSPEND, reason="r", what="w", on_reply=False, on_content=False, until=MOMENT
        )
    assert "paused until 30 Nov 2026." in text
