"""The statistics dashboard in a real browser: every chart and the map drawn under the strict
Content-Security-Policy, no request to another host, accessible, and whole without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from notalone.accounts.models import User
from notalone.insights.release import release_period
from notalone.insights.snapshot import rebuild_snapshot
from tests.browser.conftest import assert_accessible
from tests.insights.conftest import AFTER, PERIOD, params, share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("timeline", "what", "where", "who", "crossings", "map", "hashtags")
PLACES = [("workplace", "boss"), ("school", "teacher"), ("home", "partner")]


@pytest.fixture
def released(settings) -> None:  # type: ignore[no-untyped-def]
    settings.INSIGHTS_EPSILON_PER_PERIOD = 9.0
    settings.INSIGHTS_SUPPRESSION_THRESHOLD = 5
    for i in range(60):
        where, who = PLACES[i % 3]
        share(
            User.objects.create_user(f"sharer{i}", "x" * 20),
            what=["harassment", "assault"][i % 2],
            where=where,
            who=who,
            country=["FR", "IN", "BR"][i % 3],
            language="en",
            hashtags=["#MeToo"],
        )
    release_period(period=PERIOD, params=params(epsilon=9.0, suppression_threshold=5), now=AFTER)
    rebuild_snapshot()


@pytest.fixture
def console(page: Page) -> list[str]:
    problems: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(message.text)

    page.on("console", seen)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_dashboard_draws_every_chart_and_the_map_under_the_csp(
    page: Page, console: list[str], released: None
) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="How widespread").click()
    expect(page.get_by_role("heading", name="How widespread", level=1)).to_be_visible()
    for name in CHARTS:
        chart = page.locator(f'[data-spec="spec-{name}"]')
        expect(chart).to_have_class("chart chart-drawn", timeout=20_000)
        expect(chart.locator("canvas")).to_have_count(1)
        box = chart.locator("canvas").bounding_box()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 50
    # The map's topology came from this site.
    assert page.evaluate(
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('countries-110m.json'))"
    )
    # Every chart has its table, readable by name.
    for caption in (
        "What happened",
        "Where it happened",
        "Who it was",
        "Where it happened and who it was",
    ):
        expect(page.get_by_role("table", name=caption, exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Stories by country", exact=False)).to_contain_text(
        "France"
    )
    expect(page.get_by_text("81% of women and 43% of men")).to_be_visible()
    expect(page.get_by_text("not a random sample", exact=False)).to_be_visible()
    assert_accessible(page)
    csp = [text for text in console if "Content Security Policy" in text or "Refused" in text]
    assert not csp, csp
    assert not console, console


def test_the_dashboard_works_without_javascript(
    browser: Browser,
    live_server,
    released: None,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto("/insights/")
    expect(page.get_by_role("table", name="What happened", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Stories by country", exact=False)).to_contain_text(
        "India"
    )
    expect(page.locator("canvas")).to_have_count(0)
    page.get_by_role("link", name=f"{PERIOD} #1").click()
    expect(page.get_by_role("heading", name=f"Release {PERIOD}, edition 1")).to_be_visible()
    assert all(url.startswith(live_server.url) for url in seen), seen
    context.close()
