"""Issue 15 sweep: every page each role reaches, on a phone (Chromium's mobile emulation) in
the dark scheme, with seeded help data: no horizontal scrolling, quick exit on screen (without
the Escape hint a phone cannot use), no script error."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from notalone.accounts.models import Role
from tests.browser.test_stories_flow import log_in
from tests.browser.test_unbreakable_layout import PHONE, _fits
from tests.conftest import make_member
from tests.help.conftest import seed_all
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/staying-safe/",
    "/guidelines/",
    "/signup/",
    "/login/",
    "/recover/",
    "/stories/",
    "/help/",
    "/help/?where=all",
    "/help/now/",
    "/help/where/",
    "/help/legal/",
    "/help/legal/preparing/",
    "/help/laws/",
    "/help/laws/since-2017/",
    "/help/laws/c190/",
    "/help/laws/US-MD/",
    "/insights/",
    "/insights/releases/",
    "/escrow/",
]
MEMBER = [
    "/account/",
    "/account/password/",
    "/account/access/",
    "/account/delete/",
    "/account/blocks/",
    "/stories/new/",
    "/stories/mine/",
    "/moderation/notices/",
    "/escrow/new/",
    "/escrow/mine/",
]
ROLES = {
    Role.MODERATOR: ["/moderation/", "/moderation/log/", "/moderation/appeals/"],
    Role.COUNSELOR: ["/escrow/counselor/", "/account/access/"],
    Role.OPERATOR: ["/help/manage/", "/help/manage/new/", "/escrow/operator/"],
}


def test_every_page_of_every_role_fits_a_phone(browser: Browser, live_server: Any) -> None:
    seed_all()
    publish(make_member("amara"))
    width, height = PHONE["viewport"]["width"], PHONE["viewport"]["height"]  # type: ignore[index]
    errors: list[str] = []
    for role, paths in [(None, PUBLIC), (Role.MEMBER, MEMBER), *ROLES.items()]:
        context = browser.new_context(base_url=live_server.url, color_scheme="dark", **PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/")
        # A phone has no Escape key: the button does not promise one.
        expect(page.locator(".quick-exit-hint")).to_be_hidden()
        if role is not None:
            make_member(f"who{role}", role)
            log_in(page, f"who{role}")
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
        for path in paths:
            response = page.goto(path)
            assert response is not None, path
            assert response.status < 500, path
            _fits(page, width, height, f"{role} {path}")
        context.close()
    assert not errors, errors
