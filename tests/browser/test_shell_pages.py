"""Pages from their shells (core/pageshell.py) in a browser, JavaScript off and on, at a
phone's width: nothing overflows (long words, Arabic, Hebrew, Japanese, joiners, the longest
hashtags), the reader who is not signed in gets no cookie, and a member's reaction, the
pager, the language form (back to the same page) and logging out all work."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from notalone.stories.models import Reaction
from tests.browser.conftest import NEUTRAL_EXIT, log_in
from tests.browser.fixtures import SIZES, routed_context
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("js", [False, True])
@pytest.mark.parametrize("size", ["phone"])
def test_shell_pages_in_browser(
    browser: Browser, live_server: Any, settings: Any, js: bool, size: str
) -> None:
    settings.DEBUG = False
    settings.PAGE_SHELLS = True
    settings.QUICK_EXIT_URL = NEUTRAL_EXIT
    writer = make_member("writer")
    make_member("reader")
    long = "\uff21" * 3 + "x" * 300 + " مرحبا بكم שלום 日本語のテキスト İstanbul" + "\u200d" * 3
    for n in range(23):
        publish(writer, body=f"Story {n} {long}", hashtags=["İstanbul", "MeToo"])
    context = routed_context(browser, live_server.url, js=js, size=size)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/stories/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "anon overflow"
    )
    assert not context.cookies(), context.cookies()
    log_in(page, "reader")
    page.goto("/stories/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "member overflow"
    )
    first = page.locator("article.story-card").first
    first.get_by_role("button", name="Me too").click()
    if js:
        # htmx swaps the block in place: wait for the answer before leaving the page, or the
        # next page can be asked for before the reaction is kept.
        expect(page.locator("button[aria-pressed=true]").first).to_be_visible()
    page.wait_for_load_state("load")  # without JavaScript: the story's page, at its reactions
    page.goto("/stories/")
    expect(
        page.locator("article.story-card").first.get_by_role("button", name="Me too")
    ).to_have_attribute("aria-pressed", "true")
    assert Reaction.objects.filter(member__username="reader").count() == 1
    page.get_by_role("link", name="Older stories").click()
    expect(page.locator("article.story-card")).to_have_count(3)
    page.goto("/tags/İstanbul/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("İstanbul")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "tag overflow"
    )
    page.locator("#language-choice").select_option("ar")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("load")
    assert "/tags/" in page.url, page.url
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "ar overflow"
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("load")
    page.goto("/stories/")
    expect(
        page.get_by_role("link", name="تسجيل الدخول").or_(page.get_by_role("link", name="Log in"))
    ).to_be_visible()
    context.close()


@pytest.mark.parametrize("lang", ["ar", "en", "ja"])
def test_long_tag_phone(browser: Browser, live_server: Any, settings: Any, lang: str) -> None:
    from notalone.stories.models import HASHTAG_MAX_LENGTH

    settings.DEBUG = False
    settings.PAGE_SHELLS = True
    settings.QUICK_EXIT_URL = NEUTRAL_EXIT
    writer = make_member("writer")
    tags = [
        "\u0627" * HASHTAG_MAX_LENGTH,
        "x" * HASHTAG_MAX_LENGTH,
        "日本" * (HASHTAG_MAX_LENGTH // 2),
        "ğ" * HASHTAG_MAX_LENGTH,
    ]
    for tag in tags:
        publish(writer, body="Body " + "ש" * 200, hashtags=[tag])
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport=SIZES["phone"],
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
    )
    page = context.new_page()
    bad = []
    for tag in tags:
        r = page.goto(f"/tags/{tag}/")
        assert r.status == 200, (tag[:5], r.status)
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            bad.append(tag[:3])
    r = page.goto("/stories/")
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        bad.append("feed")
    context.close()
    assert not bad, bad
