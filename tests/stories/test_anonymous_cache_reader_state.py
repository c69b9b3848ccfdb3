"""The anonymous page cache (core/pagecache.py) never gives one reader's page to another: a
reader who chose a country sees its crisis line in every page's footer, and a reader who
did not must never get that page from the cache (nor the other way round)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import make_member
from tests.help.conftest import seed_all
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

FRENCH_LINE = "3919"


@pytest.fixture
def site(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 10
    seed_all()
    publish(make_member("writer"), body="It happened at work, and I stayed quiet for years.")


@pytest.mark.parametrize("path", ["/stories/", "/tags/MeToo/"])
def test_a_chosen_country_never_reaches_another_readers_page(site: None, path: str) -> None:
    if path.startswith("/tags/"):
        publish(make_member("tagger"), body="Me too. #MeToo")
    # A first reader: the cache's generation exists from here on, as on a running site.
    assert FRENCH_LINE not in Client().get(path).content.decode()
    chooser = Client()
    assert chooser.post("/help/where/", {"country": "FR", "region": ""}).status_code == 302
    assert FRENCH_LINE in chooser.get(path).content.decode()
    assert FRENCH_LINE not in Client().get(path).content.decode()
    # And the other way round: the chooser never gets the page cached for everyone.
    assert FRENCH_LINE in chooser.get(path).content.decode()


def test_a_reader_who_chose_a_language_still_gets_cached_pages(site: None) -> None:
    reader = Client()
    reader.post(
        "/language/",
        {"language": "fr", "next": "/stories/"},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert reader.session.get("language") == "fr"
    first = reader.get("/stories/").content
    publish(make_member("later"), body="A story published after the page was cached.")
    # Publishing does not move the generation: the page comes from the cache.
    assert reader.get("/stories/").content == first
