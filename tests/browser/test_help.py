from __future__ import annotations

import re

import phonenumbers
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.help.conftest import seed_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# RFC 3966: a global number, or a local one (digits, with * and an encoded #).
TEL_URI = re.compile(r"^tel:(\+[1-9]\d{6,14}|[0-9*]+|%23[0-9]+)$")


def test_choose_a_country_get_help_now_call_and_filter_by_language(page: Page) -> None:
    seed_all()
    page.goto("/")
    assert_accessible(page)

    # One step from any page: the header's link.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Get help now").click()
    expect(page.get_by_role("heading", name="Get help now", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Country").select_option("US")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="Lines for United States")).to_be_visible()
    assert_accessible(page)

    hotline = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name="RAINN National Sexual Assault Hotline", exact=True)
    )
    call = hotline.get_by_role("link", name="Call 1-800-656-4673")
    expect(call).to_be_visible()
    href = call.get_attribute("href") or ""
    assert TEL_URI.match(href), href
    expected = phonenumbers.format_number(
        phonenumbers.parse("1-800-656-4673", "US"), phonenumbers.PhoneNumberFormat.E164
    )
    assert href == f"tel:{expected}"
    # Every call link on the page is a well-formed tel: URI without separators.
    for link in page.locator('main a[href^="tel:"]').all():
        assert TEL_URI.match(link.get_attribute("href") or ""), link.get_attribute("href")
    # The footer's line is now the chosen country's.
    expect(page.locator(".crisis-line")).to_contain_text("RAINN National Sexual Assault Hotline")

    page.get_by_role("navigation", name="Help and rights").get_by_role(
        "link", name="Help directory"
    ).click()
    assert_accessible(page)
    page.locator("main").get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", name="1 resource", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="988 Suicide & Crisis Lifeline", exact=True)
    ).to_be_visible()
    assert "language=es" in page.url
    assert_accessible(page)


def test_laws_pages_are_accessible(page: Page) -> None:
    seed_all()
    page.goto("/help/laws/")
    assert_accessible(page)
    page.get_by_role("link", name="Ratifications of ILO Convention 190").click()
    table = page.get_by_role("table", name=re.compile("34 ratifications"))
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="Namibia")).to_be_visible()
    assert_accessible(page)
    page.goto("/help/laws/since-2017/")
    assert_accessible(page)
    page.goto("/help/legal/preparing/")
    assert_accessible(page)
