"""The pages around the numbers: HEAD, download headers, translated captions, the budget
banner, the map's countries without data, the timeline's gaps, and the facts' one copy."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from notalone.insights import present
from notalone.insights.facts import FACT_COLUMNS, STORY_COLUMNS, fact_values
from notalone.insights.models import StoryFact
from notalone.insights.release import release_period
from notalone.insights.snapshot import rebuild_snapshot
from notalone.stories.models import Story
from tests.insights.conftest import AFTER, IN_PERIOD, PERIOD, params, share

pytestmark = pytest.mark.django_db

PAGES = ("/insights/", "/insights/releases/", f"/insights/{PERIOD}/1/")
DOWNLOADS = (f"/insights/{PERIOD}/1.csv", f"/insights/{PERIOD}/1.json")


@pytest.fixture
def released(authors) -> None:  # type: ignore[no-untyped-def]
    for author in authors:
        share(author, what="harassment", country="FR")
    release_period(period=PERIOD, params=params(), now=AFTER)
    rebuild_snapshot()


def test_head_answers_like_get(released, client: Client) -> None:  # type: ignore[no-untyped-def]
    for url in PAGES + DOWNLOADS:
        head, get = client.head(url), client.get(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b""
        assert head["Content-Type"] == get["Content-Type"]
    assert client.post("/insights/").status_code == 405


def test_downloads_are_never_stored_by_the_browser(released, client: Client) -> None:  # type: ignore[no-untyped-def]
    for url in DOWNLOADS:
        response = client.get(url)
        assert response["Cache-Control"] == "no-store, private", url
        assert response["Content-Disposition"].startswith("attachment; filename=")


def test_the_release_page_names_each_measure_in_words(released, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/insights/{PERIOD}/1/").content.decode()
    for code in ("<caption>where_who", "<caption>me_too", "<caption>what "):
        assert code not in html
    assert "<caption>Where it happened and who it was" in html
    with translation.override("fr"):
        titles = {present.measure_title(m) for m in ("what", "where_who", "me_too")}
    assert "what" not in titles
    assert "where_who" not in titles


def test_the_budget_banner_shows_only_after_a_refusal(authors, settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    settings.INSIGHTS_FIRST_PERIOD = PERIOD
    share(authors[0], when=IN_PERIOD)
    call_command("insights", "release", "--period", PERIOD)  # spends the whole budget: normal
    assert "privacy budget of" not in client.get("/insights/").content.decode()
    with pytest.raises(CommandError, match="privacy budget of 2025-03 is spent"):
        call_command("insights", "release", "--period", PERIOD, "--again")
    html = client.get("/insights/").content.decode()
    assert "The privacy budget of 2025-03 is spent" in html


def test_the_map_draws_countries_without_data_in_a_neutral_colour() -> None:
    rows = [present.Row(label="France", value=40, key="FR"), present.Row("Peru", None, "PE")]
    spec = present.map_spec(rows)
    assert spec["mark"]["invalid"] == "show"  # not filtered out
    color = spec["encoding"]["color"]
    assert color["condition"] == {
        "test": {"field": "value", "valid": False},
        "value": present.NO_DATA,
    }
    looked_up = spec["transform"][0]["from"]["data"]["values"]
    assert [v["country"] for v in looked_up] == ["France"]


def test_the_timeline_breaks_at_a_hidden_month() -> None:
    timeline = [
        {"period": "2025-01", "edition": 1, "stories": 50, "me_too": 60},
        {"period": "2025-02", "edition": 1, "stories": None, "me_too": 70},
        {"period": "2025-03", "edition": 1, "stories": 55, "me_too": 65},
    ]
    spec = present.timeline_spec(timeline)
    assert spec["mark"]["invalid"] == "break-paths-show-domains"
    february = [v for v in spec["data"]["values"] if v["month"] == "2025-02-01"]
    assert sorted(v["value"] is None for v in february) == [False, True]


def test_a_fact_copies_its_story_in_one_place(authors) -> None:  # type: ignore[no-untyped-def]
    story = share(authors[0], what="assault", where="home", who="partner", country="IN")
    row = Story.objects.filter(pk=story.pk).values_list(*STORY_COLUMNS).get()
    fact = StoryFact.objects.filter(story_id=story.pk).values_list(*FACT_COLUMNS).get()
    assert fact_values(row) == fact
    assert FACT_COLUMNS[1] == "period"
    assert fact[1] == PERIOD
