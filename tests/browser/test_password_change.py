"""A member changes their password in one browser: the session in a second browser and an
API token stop working at once, and the first browser stays logged in (issue 9, item 6)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from notalone.accounts.models import User
from notalone.accounts.services import api_token_create
from tests.browser.conftest import assert_accessible
from tests.browser.fixtures import RequestLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and quiet morning"
NEW_PASSWORD = "another long and quiet evening"


def log_in(page: Page, *, remember: bool = False) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill("marigold")
    page.get_by_label("Password").fill(PASSWORD)
    if remember:
        page.get_by_label("Remember this browser").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def test_a_password_change_ends_the_other_browser_and_the_api_token(
    page: Page,
    browser: Browser,
    live_server,
    requests_seen: RequestLog,  # type: ignore[no-untyped-def]
) -> None:
    member = User.objects.create_user("marigold", PASSWORD)
    token = api_token_create(user=member)
    other = browser.new_context(base_url=live_server.url)
    other_page = other.new_page()
    other_page.on("request", lambda request: requests_seen.record(request.url))
    other_page.set_default_timeout(10_000)
    api = other.request
    auth = {"Authorization": f"Bearer {token}"}
    try:
        page.goto("/login/")
        assert_accessible(page)
        log_in(page, remember=True)
        log_in(other_page)
        assert api.get("/api/v1/account/export", headers=auth).status == 200

        page.get_by_role("link", name="Your account").click()
        page.get_by_role("link", name="Where you are logged in").click()
        expect(page.get_by_text("Logged in on")).to_have_count(2)
        assert_accessible(page)

        page.goto("/account/password/")
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Change my password").click()
        expect(page.get_by_text("You are logged out everywhere else.")).to_be_visible()
        assert_accessible(page)

        # The second browser is sent to log in; the token is refused; the first goes on.
        other_page.goto("/account/")
        expect(other_page).to_have_url(f"{live_server.url}/login/?next=/account/")
        assert api.get("/api/v1/account/export", headers=auth).status == 401
        page.goto("/account/access/")
        expect(page.get_by_text("Logged in on")).to_have_count(1)
        expect(page.get_by_text("Remembered on")).to_have_count(1)
    finally:
        other.close()
