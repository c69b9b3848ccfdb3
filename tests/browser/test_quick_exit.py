from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NEUTRAL_EXIT, NEUTRAL_START, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _arrive_from_elsewhere(page: Page, path: str) -> None:
    page.goto(NEUTRAL_START)
    page.goto(path)


def test_quick_exit_is_the_first_thing_the_keyboard_reaches(page: Page) -> None:
    page.goto("/staying-safe/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "quick-exit"
    expect(page.locator(".quick-exit-hint")).to_be_visible()
    assert_accessible(page)


def test_the_button_leaves_and_back_does_not_return(page: Page) -> None:
    _arrive_from_elsewhere(page, "/staying-safe/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(NEUTRAL_EXIT)
    page.go_back()
    page.wait_for_load_state()
    assert page.url == NEUTRAL_START


def test_escape_three_times_leaves_and_back_does_not_return(page: Page) -> None:
    _arrive_from_elsewhere(page, "/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_EXIT)
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()
    page.go_back()
    page.wait_for_load_state()
    assert page.url == NEUTRAL_START


def _still_here(page: Page, url: str, title: str) -> None:
    """What the reader sees has not changed: leaving hides the page at once (quick-exit.js
    blanks it and its title before it navigates), so a press that left would show here,
    whether or not the neutral site had loaded yet."""
    state = page.evaluate(
        "() => [location.href, document.title, document.documentElement.style.display]"
    )
    assert state == [url, title, ""]


def test_fewer_than_three_quick_escapes_do_nothing(page: Page) -> None:
    exits: list[str] = []
    page.on(
        "request", lambda request: exits.append(request.url) if "neutral" in request.url else None
    )
    # The page's clock stands still unless the test moves it: the 1.5 s window between presses
    # is tested without waiting, and no slow machine stretches it.
    start = datetime.datetime(2026, 1, 1, 12, 0, 0)
    page.clock.install(time=start)
    page.goto("/")
    page.clock.pause_at(start + datetime.timedelta(hours=1))  # later than any page load
    url, title = page.url, page.title()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    _still_here(page, url, title)
    page.clock.fast_forward(1600)  # a third press after the window starts counting again
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    _still_here(page, url, title)
    assert exits == []
    # The same watchers do see an exit: one more press within the window leaves.
    with page.expect_request(NEUTRAL_EXIT):
        page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_EXIT)
    assert exits == [NEUTRAL_EXIT]


def test_without_javascript_quick_exit_does_what_the_pages_say(
    browser, live_server, settings
) -> None:  # type: ignore[no-untyped-def]
    """Tor Browser's safest level: quick exit is a plain link and Back returns, as the notice
    and the safety page say; the Escape hint is hidden; and Back does not show a story that
    was being typed (the form asks the browser not to keep it)."""
    settings.QUICK_EXIT_URL = NEUTRAL_EXIT
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(
        NEUTRAL_EXIT, lambda route: route.fulfill(content_type="text/html", body="<h1>Weather</h1>")
    )
    page = context.new_page()
    page.goto("/signup/")
    page.get_by_label("Username").fill("nojs")
    page.get_by_label("Password").fill("a long and quiet morning")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#recovery-code")).to_be_visible()
    page.goto("/stories/new/")
    expect(page.locator(".no-js-banner")).to_contain_text("Back returns to this page")
    expect(page.locator(".quick-exit-hint")).to_be_hidden()
    page.get_by_role("textbox", name="Your story").fill("Words I am not ready to send")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(NEUTRAL_EXIT)
    page.go_back()
    page.wait_for_url("**/stories/new/")
    expect(page.get_by_role("textbox", name="Your story")).to_have_value("")
    page.goto("/staying-safe/")
    safety = page.locator("#leave-quickly ~ p")
    expect(safety.filter(has_text="the Back button returns")).to_have_count(1)
    expect(safety.filter(has_text="without what you had typed")).to_have_count(1)
    context.close()
