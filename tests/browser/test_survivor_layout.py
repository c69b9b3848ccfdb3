"""Issue 15, items 1-3: quick exit never leaves the screen, whatever members write; quick exit
without JavaScript says what it can and cannot do; the footer's line before a country is
chosen. At phone (390 px) and desktop sizes, in light and dark schemes, axe-core on each page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from notalone.accounts.models import Role
from notalone.moderation import services as moderation
from notalone.stories import services as stories
from tests.browser.conftest import NEUTRAL_EXIT, assert_accessible
from tests.browser.fixtures import SIZES, routed_context
from tests.browser.test_stories_flow import log_in, log_out
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The machine may be busy: pages get more time than the suite's default before a test fails.
SLOW = 30_000


@pytest.fixture(autouse=True)
def _patient(page: Page) -> Iterator[None]:
    page.set_default_timeout(SLOW)
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


# What a member may write that has no place to break: a 150-character address, a 300-letter
# word, and Japanese and Thai as they are written, without spaces.
LONG_URL = "https://example.org/" + "a" * 130
LONG_WORD = "w" * 300
JAPANESE = "わたしもおなじことをけいけんしました" * 8
THAI = "ฉันก็เคยเจอเรื่องแบบเดียวกัน" * 8
LONG_TEXT = f"{LONG_URL}\n\n{LONG_WORD}\n\n{JAPANESE}\n\n{THAI}"
LONG_TITLE = "t" * 150
LONG_TAG = "わたしも" * 12


def _fits(page: Page, where: str) -> None:
    """No horizontal scrolling, and quick exit inside the visible viewport, at the top of the
    page and after scrolling to its end."""
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{where}: the page is {width} px wide in a {inner} px window"
    for scroll in ("0", "document.documentElement.scrollHeight"):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        box = page.locator("#quick-exit").bounding_box()
        viewport = page.viewport_size
        assert box is not None
        assert viewport is not None
        assert box["x"] >= 0, where
        assert box["x"] + box["width"] <= viewport["width"], where
        assert box["y"] >= 0, where
        assert box["y"] + box["height"] <= viewport["height"], where


@pytest.mark.parametrize(
    ("size", "scheme"), [("phone", "light"), ("phone", "dark"), ("desktop", "light")]
)
def test_long_words_urls_and_unbroken_scripts_never_push_quick_exit_away(
    page: Page, size: str, scheme: str
) -> None:
    page.set_viewport_size(SIZES[size])
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    author = make_member("amara")
    reader = make_member("bao")
    make_member("mod", Role.MODERATOR)
    story = publish(author, body=LONG_TEXT, title=LONG_TITLE, hashtags=[LONG_TAG])
    anonymous = publish(author, body=LONG_TEXT, title=LONG_WORD[:200], signature="anonymous")
    reply, _created = stories.reply_post(story_id=story.public_id, author=reader, body=LONG_TEXT)
    moderation.report_create(reporter=author, reply_id=reply.public_id, reason="spam")
    moderation.report_create(reporter=reader, story_id=anonymous.public_id, reason="other")
    stories.block_from_story(blocker=reader, story_id=anonymous.public_id)
    moderation.moderation_act(
        moderator=make_member("mod2", Role.MODERATOR),
        action="hide",
        reason=LONG_WORD,
        reply=reply,
    )

    pages = [
        "/stories/",
        f"/tags/{LONG_TAG}/",
        f"/search/?q={LONG_WORD[:150]}",
        f"/stories/{story.public_id}/",
    ]
    for path in pages:
        page.goto(path)
        _fits(page, path)
    assert_accessible(page)

    log_in(page, "bao")
    for path in (
        "/stories/",
        f"/stories/{story.public_id}/",
        "/moderation/notices/",
        "/account/",
        "/account/blocks/",
        "/escrow/",
        "/escrow/mine/",
    ):
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        _fits(page, path)
    assert_accessible(page)
    log_out(page)

    log_in(page, "mod")
    for path in (
        "/moderation/",
        f"/moderation/item/?story={anonymous.public_id}",
        f"/moderation/item/?reply={reply.public_id}",
        "/moderation/log/",
    ):
        page.goto(path)
        _fits(page, path)
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_without_javascript_quick_exit_says_what_it_can_and_cannot_do(
    browser: Browser, live_server: Any, settings: Any, size: str
) -> None:
    settings.QUICK_EXIT_URL = NEUTRAL_EXIT
    context = routed_context(browser, live_server.url, js=False, size=size)
    page = context.new_page()
    page.set_default_timeout(SLOW)
    page.goto("/stories/")
    note = page.locator(".no-js-note").first
    expect(note).to_be_visible()
    expect(note).to_contain_text("Back returns to this page")
    expect(note).to_contain_text("the Escape key does nothing")
    # The button does not promise what only the script does.
    expect(page.locator(".quick-exit-hint")).to_be_hidden()
    quick_exit = page.get_by_role("link", name="Quick exit")
    assert quick_exit.get_attribute("href") == NEUTRAL_EXIT
    # page.evaluate (and so axe-core) cannot run with JavaScript off: the box is measured
    # through the protocol instead; axe checks these pages with JavaScript on elsewhere.
    box = quick_exit.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= SIZES[size]["width"]

    page.get_by_role("link", name="More about leaving quickly").click()
    expect(page.get_by_role("heading", name="Leave quickly")).to_be_visible()
    expect(page.get_by_text("When JavaScript is off")).to_be_visible()
    expect(page.get_by_text("is discarded")).to_be_visible()

    quick_exit.click()
    page.wait_for_url(NEUTRAL_EXIT)
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_with_javascript_the_note_is_absent_and_the_hint_shown(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto("/staying-safe/")
    expect(page.locator(".quick-exit-hint")).to_be_visible()
    expect(page.locator(".no-js-note")).to_have_count(0)
    # The page tells the truth for both cases, whichever is true now.
    expect(page.get_by_text("When JavaScript is on")).to_be_visible()
    expect(page.get_by_text("When JavaScript is off")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_footer_offers_to_find_a_line_before_a_country_is_chosen(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto("/")
    footer = page.locator(".crisis-line")
    expect(footer.locator('a[href^="tel:"]')).to_have_count(0)
    footer.get_by_role("link", name="find a line where you are").click()
    page.wait_for_url("**/help/now/")
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_operators_default_line_is_international_and_never_broken(
    page: Page, settings: Any, size: str
) -> None:
    settings.DEFAULT_CRISIS_LINE = {
        "name": "A fictional line for this test",
        "phone": "+1 800-656-4673",
        "dial": "+18006564673",
    }
    page.set_viewport_size({"width": 320, "height": 700} if size == "phone" else SIZES[size])
    page.goto("/")
    link = page.locator('.crisis-line a[href^="tel:"]')
    assert link.get_attribute("href") == "tel:+18006564673"
    # One line high: the number is not split across lines, even on a narrow phone.
    height = link.evaluate("a => a.getClientRects().length")
    assert height == 1
    assert link.evaluate("a => getComputedStyle(a).whiteSpace") == "nowrap"
    assert_accessible(page)
