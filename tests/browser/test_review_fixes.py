"""Issue 15, a second review, in a real browser at phone (390 px) and desktop sizes with
axe-core: the footer's line for Brazil follows the rule of "Get help now" (a women's line is
labelled, other options are offered, a short code is no call link); a refused story's summary
counts every error; the PII step comes only after the form's own checks (with and without
JavaScript) and leaves no "#pii-found" in the story's address; keeping a member out of an
anonymous story names them; the safety page states the Escape rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from notalone.stories import services
from notalone.stories.models import Story
from tests.browser.conftest import assert_accessible
from tests.browser.fixtures import SIZES
from tests.browser.test_stories_flow import log_in
from tests.conftest import make_member
from tests.help.conftest import seed_all
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 30_000
both_sizes = pytest.mark.parametrize("size", ["phone", "desktop"])
STORY = "My manager kept calling me on 07700 900123 after work. I never answered."
TOO_LONG = "#" + "a" * 60


@pytest.fixture(autouse=True)
def _patient(page: Page) -> Iterator[None]:
    page.set_default_timeout(SLOW)
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


@both_sizes
def test_the_footer_line_for_brazil_says_who_it_is_for_and_offers_other_options(
    page: Page, size: str
) -> None:
    seed_all()
    page.set_viewport_size(SIZES[size])
    page.goto("/help/where/")
    page.get_by_label("Country").select_option("BR")
    page.get_by_role("button", name="Save my choice").click()
    page.goto("/")
    footer = page.locator("footer .crisis-line")
    expect(footer).to_contain_text("For women:")
    expect(footer).to_contain_text("Ligue 180")
    # 180 is a short code with no international form: the reader chose Brazil, so it dials
    # there and is linked, as on "Get help now" (a line abroad, or the operator's default line,
    # links only an international number).
    expect(footer.get_by_role("link", name="180", exact=True)).to_have_attribute("href", "tel:180")
    assert_accessible(page)
    footer.get_by_role("link", name="Not for you? Other options").click()
    no_fit = page.get_by_role("region", name="If these lines are not for you")
    expect(no_fit).to_contain_text("Every line we list for Brazil is meant for women.")
    expect(no_fit).to_be_in_viewport()
    assert_accessible(page)


def _write(page: Page, hashtags: str) -> None:
    page.get_by_role("textbox", name="Your story").fill(STORY)
    page.get_by_label("Hashtags").fill(hashtags)
    page.get_by_role("button", name="Share my story").click()


def _shared_without_fragment(page: Page) -> None:
    expect(page.get_by_text("Your story is shared")).to_be_visible()
    story = Story.objects.get()
    assert story.body == STORY
    assert page.url.endswith(f"/stories/{story.public_id}/#main")
    assert "pii-found" not in page.url


@both_sizes
def test_with_javascript_a_refused_story_counts_its_errors_and_the_pii_step_is_not_repeated(
    page: Page, size: str
) -> None:
    page.set_viewport_size(SIZES[size])
    make_member("amara")
    log_in(page, "amara")
    page.goto("/stories/new/")
    page.get_by_role("textbox", name="Your story").fill(STORY)
    # The panel follows the typing: the writer has seen the number before sharing.
    expect(page.locator("#pii-found mark.pii-phone")).to_have_text("07700 900123")
    _write(page, f"{TOO_LONG} {TOO_LONG}b")
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading")).to_have_text("2 things to change before sending")
    expect(summary.get_by_role("listitem")).to_have_count(2)
    assert_accessible(page)
    _write(page, "#MeToo")
    _shared_without_fragment(page)
    assert_accessible(page)


@both_sizes
def test_without_javascript_the_pii_step_comes_after_the_forms_own_checks(
    browser: Browser, live_server: Any, size: str
) -> None:
    make_member("amara")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=SIZES[size]
    )
    page = context.new_page()
    page.set_default_timeout(SLOW)
    log_in(page, "amara")
    page.goto("/stories/new/")
    _write(page, TOO_LONG)
    expect(page.locator("#error-summary h2")).to_have_text("One thing to change before sending")
    expect(page.get_by_text("Nothing is shared yet")).to_have_count(0)
    _write(page, "#MeToo")
    # Now, and only now, the PII step: once.
    expect(page.get_by_text("Nothing is shared yet")).to_be_visible()
    assert not Story.objects.exists()
    page.get_by_role("button", name="Share my story").click()
    _shared_without_fragment(page)
    context.close()


@both_sizes
def test_keeping_a_member_out_of_an_anonymous_story_names_them(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    writer = make_member("cleo")
    replier = make_member("bao")
    story = publish(writer, body="Shared without a name.", signature="anonymous")
    services.reply_post(story_id=story.public_id, author=replier, body="I believe you.")
    log_in(page, "cleo")
    page.goto(f"/stories/{story.public_id}/")
    page.get_by_role("link", name="Keep them out of this story").click()
    page.get_by_role("button", name="Keep them out").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Done: \u2068bao\u2069 can no longer see this story"
    )
    expect(page.get_by_role("status")).not_to_contain_text("This member")
    assert_accessible(page)


@both_sizes
def test_the_safety_page_states_the_escape_rule(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto("/staying-safe/")
    expect(page.locator("main")).to_contain_text(
        "press the Escape key 3 times quickly: each press less than 1.5 seconds after the one"
        " before."
    )
    assert_accessible(page)
