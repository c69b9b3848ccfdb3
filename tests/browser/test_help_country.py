"""Issue 15, item 12, in a real browser at phone and desktop sizes: a reader chooses a country,
walks every help page and sees that country each time; a law that ended is marked ended; each
source says whether it is primary or secondary; and a country whose only line serves women
says so to everyone else and offers other options."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.fixtures import SIZES
from tests.help.conftest import seed_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _help_nav(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Help and rights")


def _sees_country(page: Page, country: str) -> None:
    expect(_help_nav(page).get_by_role("link", name=f"Your country: {country}")).to_be_visible()
    assert_accessible(page)
    # Nothing on the page is wider than the screen (the quick exit stays in view).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_the_chosen_country_is_on_every_help_page_and_an_ended_law_is_marked(
    page: Page, size: str
) -> None:
    seed_all()
    page.set_viewport_size(SIZES[size])
    page.goto("/help/laws/")
    nav = _help_nav(page)
    nav.get_by_role("link", name="Choose your country").click()
    expect(page.get_by_role("heading", name="Your country", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Country").select_option("US")
    page.get_by_role("button", name="Save my choice").click()
    # Back where the reader was, with the country shown.
    expect(page.get_by_role("heading", name="Laws and policies", level=1)).to_be_visible()
    _sees_country(page, "United States")
    expect(page.locator(".your-laws")).to_contain_text("For United States:")

    page.get_by_role("link", name="Maryland").click()
    expect(page.get_by_role("heading", name="Maryland", level=1)).to_be_visible()
    _sees_country(page, "United States")
    law = page.get_by_role("article").filter(has_text="Disclosing Sexual Harassment")
    expect(law.get_by_role("heading", level=3)).to_contain_text("ended")
    expect(law).to_contain_text("Ended: expired on 30 June 2023, no longer in force.")
    expect(law).not_to_contain_text("In force when last checked")
    expect(law.get_by_role("link", name="Secondary source")).to_be_visible()
    expect(page.get_by_role("heading", name="What the sources are worth")).to_be_visible()

    page.get_by_role("link", name="What changed since 2017, everywhere").click()
    expect(page.get_by_role("heading", name="What changed since 2017", level=1)).to_be_visible()
    _sees_country(page, "United States")
    ended = page.locator(".timeline-ended")
    expect(ended).to_have_count(1)
    expect(ended).to_contain_text("Maryland")
    expect(ended).to_contain_text("expired")

    _help_nav(page).get_by_role("link", name="Laws and policies").click()
    page.get_by_role("link", name="Ratifications of ILO Convention 190").click()
    expect(page.get_by_role("table", name=re.compile("34 ratifications"))).to_be_visible()
    _sees_country(page, "United States")
    if size == "desktop":  # the table scrolls inside its own box on a phone
        expect(page.get_by_role("row", name=re.compile("United Kingdom"))).to_contain_text(
            "Primary source"
        )

    _help_nav(page).get_by_role("link", name="Get help now").click()
    expect(page.get_by_role("heading", name="Lines for United States")).to_be_visible()
    _sees_country(page, "United States")

    _help_nav(page).get_by_role("link", name="Help directory").click()
    expect(page.get_by_text("Showing help for United States.")).to_be_visible()
    _sees_country(page, "United States")
    page.get_by_role(
        "link", name="U.S. Equal Employment Opportunity Commission (EEOC)", exact=True
    ).click()
    expect(page.get_by_role("heading", name=re.compile("EEOC"), level=1)).to_be_visible()
    _sees_country(page, "United States")
    expect(page.get_by_role("link", name="Primary source")).to_be_visible()

    _help_nav(page).get_by_role("link", name="Legal help").click()
    expect(page.get_by_text("Showing legal help for United States.")).to_be_visible()
    _sees_country(page, "United States")
    page.get_by_role("link", name="Preparing for a legal consultation").click()
    expect(page.get_by_role("heading", name="Preparing for a legal consultation")).to_be_visible()
    _sees_country(page, "United States")

    _help_nav(page).get_by_role("link", name="Your country: United States").click()
    expect(page.get_by_label("Country")).to_have_value("US")
    _sees_country(page, "United States")


@pytest.mark.parametrize("size", SIZES)
def test_a_country_whose_only_line_serves_women_says_so_and_offers_other_options(
    page: Page, size: str
) -> None:
    seed_all()
    page.set_viewport_size(SIZES[size])
    page.goto("/help/now/")
    page.get_by_label("Country").select_option("BR")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="Lines for Brazil")).to_be_visible()
    _sees_country(page, "Brazil")
    ligue = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name="Ligue 180 - Central de Atendimento a Mulher")
    )
    expect(ligue).to_contain_text("For women")
    expect(ligue.get_by_role("link", name="Text (61) 99610-0180")).to_be_visible()
    no_fit = page.get_by_role("region", name="If these lines are not for you")
    expect(no_fit).to_contain_text("Every line we list for Brazil is meant for women.")
    expect(no_fit.get_by_role("article").first).to_be_visible()

    no_fit.get_by_role("link", name="Search the directory in every country").click()
    expect(page.get_by_role("heading", name="41 resources")).to_be_visible()
    expect(
        page.get_by_text("Showing help in every country. Your country is Brazil.")
    ).to_be_visible()
    _sees_country(page, "Brazil")
