"""The filing page in a real browser, with identifiers people really paste (issue 10, issue 15
item 15): a share link is refused with what to paste instead, a wrong handle with the platform's
rule, and nothing typed is lost, at phone and desktop sizes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from notalone.accounts.models import User
from notalone.escrow.models import EscrowEntry
from tests.browser.conftest import assert_accessible, log_in
from tests.browser.fixtures import SIZES
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page) -> None:
    User.objects.create_user("amaryllis", PASSWORD)
    log_in(page, "amaryllis")


def _type_and_leave(page: Page, value: str) -> None:
    """The first identifier typed, then the next field clicked: the page reads it on leaving."""
    page.get_by_label("Identifier 1", exact=True).fill(value)
    page.get_by_label("What happened", exact=True).click()


def _expect_refused(page: Page, message: str) -> None:
    expect(page.locator("#identifier-1-error")).to_contain_text(message)
    expect(page.locator("#identifier-1-reading")).to_be_hidden()


def _expect_filed_as(page: Page, identifier: str) -> None:
    expect(page.locator("#identifier-1-reading")).to_have_text(f"It will be filed as: {identifier}")
    expect(page.locator("#identifier-1-error")).to_be_hidden()


@pytest.mark.parametrize("size", SIZES)
def test_a_share_link_is_refused_clearly_and_nothing_typed_is_lost(
    page: Page, live_server: Any, demo_escrow: None, size: str
) -> None:
    page.set_viewport_size(SIZES[size])
    _log_in(page)
    page.goto("/escrow/new/")
    typed = {
        "Identifier 1": "https://www.facebook.com/share/AbC123xyz/",
        "Identifier 2": "jane.doe@example.com",
        "When": "Spring, a fictional year",
        "Where": "A fictional office",
        "What happened": "A fictional account, kept whole.",
        "Witnesses, if any": "A fictional colleague",
        "How may the counselor reach you?": "Through this site's messages",
    }
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("What kind is identifier 2?").select_option("email")
    page.get_by_role("button", name="Seal and file").click()

    error = page.locator("#identifier-1-error")
    expect(error).to_have_text(
        "This is a Facebook share link, not a profile: open it, go to the person's profile "
        "and copy that page's address."
    )
    expect(page.get_by_label("Identifier 1", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Identifier 1", exact=True)).to_be_focused()
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    expect(page.get_by_label("What kind is identifier 2?")).to_have_value("email")
    expect(page.locator("#identifier-2-error")).to_be_hidden()
    assert_accessible(page)
    assert EscrowEntry.objects.count() == 0

    # Pasting the profile's address instead files the entry.
    page.get_by_label("Identifier 1", exact=True).fill("https://www.facebook.com/jane.doe5")
    page.get_by_role("button", name="Seal and file").click()
    expect(page.locator("#escrow-done")).to_be_visible()
    assert EscrowEntry.objects.count() == 1


def test_a_wrong_x_handle_gets_the_rule_and_the_menu_matches_the_hint(
    page: Page, live_server: Any, demo_escrow: None
) -> None:
    _log_in(page)
    page.goto("/escrow/new/")
    page.get_by_label("Identifier 1", exact=True).fill("SomeFictionalHandle")
    page.get_by_label("What kind is identifier 1?").select_option("x")
    page.get_by_label("What happened", exact=True).fill("A fictional account.")
    page.get_by_role("button", name="Seal and file").click()
    expect(page.locator("#identifier-1-error")).to_have_text(
        "X usernames have 1 to 15 letters (a-z), digits or _."
    )
    hint = page.locator("#identifier-hint").inner_text()
    options = page.get_by_label("What kind is identifier 1?").locator("option").all_inner_texts()
    platforms = [o.split(" (")[0] for o in options[3:]]
    assert platforms == [
        "X", "Instagram", "Facebook", "TikTok", "LinkedIn", "Reddit", "YouTube", "Snapchat",
        "GitHub", "Mastodon",
    ]  # fmt: skip
    assert all(name in hint for name in platforms)
    expect(page.get_by_label("What happened", exact=True)).to_have_value("A fictional account.")
    assert_accessible(page)


def test_a_link_to_content_is_refused_and_a_profile_shows_how_it_will_be_filed(
    page: Page, live_server: Any, demo_escrow: None
) -> None:
    """Review of issue 10: a link to an issue or a comment named the page's owner; it is
    refused as soon as it is typed, and a profile's address shows the form it will be filed
    under (computed in the browser) before anything is filed."""
    _log_in(page)
    page.goto("/escrow/new/")
    _type_and_leave(page, "https://github.com/acme/widget/issues/5#issuecomment-1")
    _expect_refused(
        page,
        "This links to something on GitHub (a post, a comment, a repository or another page), "
        "not to a person: open the profile of the person who wrote it and copy its address "
        "(it looks like github.com/name).",
    )
    _type_and_leave(page, "https://www.facebook.com/Jane.Doe.5.")
    _expect_filed_as(page, "facebook:janedoe5")
    assert_accessible(page)
    assert EscrowEntry.objects.count() == 0


def test_a_number_with_a_prefix_for_calls_abroad_asks_for_plus_and_a_copied_link_is_read(
    page: Page, live_server: Any, demo_escrow: None
) -> None:
    """Break-it review (escrow17): 001 32 … was read as a US number (Belgium dialled from Hong
    Kong); the page has no country menu, so it asks for + and the country code. A profile link
    as Facebook's app copies it (__cft__[0], &amp;) shows the profile it will be filed under."""
    _log_in(page)
    page.goto("/escrow/new/")
    _type_and_leave(page, "001 32 12 34 56 78")
    _expect_refused(
        page, "Write it with + and the country code instead, for example +32 2 123 45 67."
    )
    _type_and_leave(page, "https://www.facebook.com/jane.doe5?__cft__[0]=AZX1&amp;__tn__=-UC%2CP-R")
    _expect_filed_as(page, "facebook:janedoe5")
    assert EscrowEntry.objects.count() == 0
