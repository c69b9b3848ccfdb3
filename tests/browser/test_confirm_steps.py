"""Issue 15's review: every undoing or destructive step asks first, with JavaScript off as
on; a secret is shown once and reloading makes no second one; the no-JS note is not squeezed
on a phone; the UK footer names Scotland's own line. Phone (390 px) and desktop sizes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from notalone.accounts.models import ApiToken, User
from notalone.stories import services
from notalone.stories.models import Block, Reply
from tests.browser.conftest import NEUTRAL_EXIT, assert_accessible
from tests.browser.fixtures import SIZES, routed_context
from tests.browser.test_stories_flow import log_in
from tests.conftest import make_member
from tests.help.conftest import seed_all
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 30_000
both_sizes = pytest.mark.parametrize("size", ["phone", "desktop"])


@pytest.fixture
def no_js(browser: Browser, live_server: Any, settings: Any) -> Iterator[Any]:
    """A factory of pages with JavaScript off (Tor Browser's "Safest" level)."""
    settings.QUICK_EXIT_URL = NEUTRAL_EXIT
    contexts: list[BrowserContext] = []

    def make(size: str) -> Page:
        context = routed_context(browser, live_server.url, js=False, size=size)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(SLOW)
        return page

    yield make
    for context in contexts:
        context.close()


@both_sizes
def test_without_javascript_deleting_a_reply_and_unblocking_ask_first(
    no_js: Any, size: str
) -> None:
    writer, reader = make_member("cleo"), make_member("bao")
    story = publish(writer, title="Signed", body="It happened at work.")
    reply, _created = services.reply_post(story_id=story.public_id, author=reader, body="Me too.")
    Block.objects.create(blocker=reader, blocked=make_member("dara"))
    page = no_js(size)
    log_in(page, "bao")

    page.goto(f"/stories/{story.public_id}/")
    page.get_by_role("link", name="Delete my reply").click()
    expect(page.get_by_role("heading", name="Delete your reply?")).to_be_visible()
    assert Reply.objects.filter(pk=reply.pk).exists()
    page.get_by_role("link", name="Keep my reply").click()
    expect(page.get_by_text("Me too.")).to_be_visible()
    page.get_by_role("link", name="Delete my reply").click()
    page.get_by_role("button", name="Delete my reply for good").click()
    expect(page.get_by_text("Your reply is deleted.")).to_be_visible()
    assert not Reply.objects.filter(pk=reply.pk).exists()

    page.goto("/account/blocks/")
    page.get_by_role("button", name="Unblock dara").click()
    expect(page.get_by_role("heading", name="Unblock dara?")).to_be_visible()
    assert Block.objects.filter(blocker=reader).exists()
    page.get_by_role("button", name="Unblock", exact=True).click()
    expect(page.get_by_text("Unblocked \u2068dara\u2069.")).to_be_visible()
    assert not Block.objects.filter(blocker=reader).exists()


@both_sizes
def test_the_confirmation_pages_are_accessible(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.set_default_timeout(SLOW)
    writer, reader = make_member("cleo"), make_member("bao")
    story = publish(writer, title="Signed", body="It happened at work.")
    reply, _created = services.reply_post(story_id=story.public_id, author=reader, body="Me too.")
    Block.objects.create(blocker=reader, blocked=make_member("dara"))
    log_in(page, "bao")
    for url, heading in (
        (f"/replies/{reply.public_id}/delete/", "Delete your reply?"),
        ("/account/blocks/undo/?member=dara", "Unblock dara?"),
        ("/account/access/end-others/", "Log out everywhere else?"),
        ("/account/recovery-code/", "Make a new recovery code?"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        width, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= inner, url
        assert_accessible(page)


@both_sizes
def test_a_token_is_shown_once_and_reload_or_back_makes_no_second(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.set_default_timeout(SLOW)
    member: User = make_member("cleo")
    log_in(page, "cleo")
    page.goto("/account/access/")
    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("heading", name="Your new API token")).to_be_visible()
    token = page.locator("#api-token").inner_text()
    assert re.fullmatch(r"na_\S+", token)
    assert_accessible(page)
    page.reload()
    expect(page.get_by_role("heading", name="Your API token was shown once")).to_be_visible()
    assert token not in page.content()
    page.go_back()
    page.go_forward()
    assert token not in page.content()
    assert ApiToken.objects.filter(user=member).count() == 1


@pytest.mark.parametrize("size", ["phone"])
def test_the_no_js_note_uses_the_phones_width(no_js: Any, size: str) -> None:
    page = no_js(size)
    page.goto("/stories/")
    note = page.locator(".no-js-note").first
    expect(note).to_be_visible()
    box = note.bounding_box()
    assert box is not None
    # 390 px less the page's 1 rem margins: not the header's 9 rem gutter for quick exit.
    assert box["width"] >= 340, box
    assert box["x"] + box["width"] <= SIZES[size]["width"]
    # What it says is true: the plain link opens the neutral site, and Back comes back.
    expect(note).to_contain_text("stay in the browser's history")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(NEUTRAL_EXIT)
    page.go_back()
    page.wait_for_url(re.compile(r"/stories/$"))
    page.goto("/staying-safe/")
    expect(page.get_by_text("Quick exit erases nothing")).to_be_visible()


@both_sizes
def test_the_uk_footer_names_scotlands_own_line(page: Page, size: str) -> None:
    seed_all()
    page.set_viewport_size(SIZES[size])
    page.set_default_timeout(SLOW)
    page.goto("/help/where/")
    page.get_by_label("Country").select_option("GB")
    page.get_by_role("button", name="Save my choice").click()
    footer = page.locator(".crisis-line")
    expect(footer).to_contain_text("(England, Wales)")
    expect(footer).to_contain_text("In Scotland:")
    expect(footer.locator('a[href="tel:+448000271234"]')).to_be_visible()
    assert_accessible(page)
