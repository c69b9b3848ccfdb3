"""The filing page in a real browser, with identifiers people really paste (issue 10, issue 15
item 15): a share link is refused with what to paste instead, a wrong handle with the platform's
rule, and nothing typed is lost, at phone and desktop sizes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from notalone.accounts.models import User
from notalone.escrow import setup as escrow_setup_module
from notalone.escrow.models import EscrowEntry
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and quiet morning"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_escrow(settings: Any, tmp_path: Path) -> Iterator[None]:
    (tmp_path / "pass").write_text("the counselor's long passphrase")
    key = tmp_path / "counselor.key"
    call_command(
        "counselor", "keygen", "--out", str(key), "--passphrase-file", str(tmp_path / "pass")
    )
    settings.ESCROW_GUARDIANS = ["demo"]
    settings.ESCROW_MIN_ACCOUNT_DAYS = 0
    settings.ESCROW_DEMO = True
    settings.ESCROW_SHARES_DIR = tmp_path / "escrow"
    settings.ESCROW_QUORUM = 2
    settings.ESCROW_REALM = None
    settings.ESCROW_COUNSELOR_PUBLIC_KEY = json.loads(key.read_text())["public_key"]
    escrow_setup_module.reset_demo_guardians()
    yield
    escrow_setup_module.reset_demo_guardians()


def _log_in(page: Page) -> None:
    User.objects.create_user("amaryllis", PASSWORD)
    page.goto("/login/")
    page.get_by_label("Username").fill("amaryllis")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Wait for the log-in to land: going to the next page at once aborted the POST still in
    # flight on a loaded machine (the password hash takes a while), and the filing page then
    # showed the log-in form, whose fields the test waited for until it timed out.
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


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
