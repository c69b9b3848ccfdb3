"""Dates on the pages in each language's own pattern (``core.dates``, CLDR through ICU): a
story's page, its card in the feed and a hashtag's timeline, not a fixed ``j M Y`` that gave
"1 Déc 2026", "1 Dic 2026" and "1 दिस् 2026"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from notalone.accounts.models import User
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

EXPECTED = {
    "en": ("1 Dec 2026", "1 December 2026"),
    "es": ("1 dic 2026", "1 de diciembre de 2026"),
    "fr": ("1 déc. 2026", "1 décembre 2026"),
    "hi": ("1 दिस॰ 2026", "1 दिसंबर 2026"),
    "ar": ("1 ديسمبر 2026", "1 ديسمبر 2026"),
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_a_storys_date_is_written_the_readers_way(alice: User, language: str) -> None:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        story = publish(alice, hashtags=["#MeToo"])
    short, long = EXPECTED[language]
    client = Client()
    page = client.get(f"/stories/{story.public_id}/", HTTP_ACCEPT_LANGUAGE=language)
    assert f'<time datetime="2026-12-01">{long}</time>' in page.content.decode()
    feed = client.get("/stories/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<time datetime="2026-12-01">{short}</time>' in feed
    for wrong in ("Déc 2026", "Dic 2026", "दिस् 2026"):
        assert wrong not in feed


def test_a_hashtag_timeline_is_written_the_readers_way(alice: User) -> None:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        publish(alice, hashtags=["#MeToo"])
        page = Client().get("/tags/MeToo/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1 déc. 2026" in page
