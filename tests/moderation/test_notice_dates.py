"""Dates in notices read like the rest of the site ("30 Nov 2026", ``|date:"j M Y"``), in the
reader's language, not Django's default "Nov. 30, 2026"."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import translation

from notalone.core.dates import SHORT_DATE, short_date
from notalone.moderation.models import ActionKind
from notalone.moderation.wording import decision_text, report_read_text

MOMENT = datetime.datetime(2026, 11, 30, 18, 5, tzinfo=datetime.UTC)


def _as_the_pages_print_it(value: datetime.datetime) -> str:
    return Template('{{ value|date:"' + SHORT_DATE + '" }}').render(Context({"value": value}))


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
