"""Issue 15, items 4-14, walked in a real browser at phone (390 px) and desktop sizes, with
axe-core on each page: blocking and withdrawing ask first, confirmations say what happened,
moderators can keep a reported story and reporters hear back, the counselor finds their page
and a token, an empty search offers to clear itself, the PDF prints both dates, a members-only
story asks a signed-out reader to log in, reacting by keyboard keeps focus, and a refused
story opens on its error summary (with and without JavaScript)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from notalone.accounts.models import Role
from notalone.escrow.models import EscrowEntry
from notalone.moderation.models import Notice
from notalone.stories.models import Block, StoryMute
from tests.browser.conftest import assert_accessible
from tests.browser.fixtures import SIZES
from tests.browser.test_escrow import file as file_entry
from tests.browser.test_stories_flow import log_in, log_out
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 30_000
both_sizes = pytest.mark.parametrize("size", ["phone", "desktop"])


@pytest.fixture(autouse=True)
def _patient(page: Page) -> Iterator[None]:
    page.set_default_timeout(SLOW)
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


def _at(page: Page, size: str) -> None:
    page.set_viewport_size(SIZES[size])


@both_sizes
def test_blocking_asks_first_and_the_account_page_undoes_it(page: Page, size: str) -> None:
    _at(page, size)
    writer = make_member("cleo")
    make_member("bao")
    signed = publish(writer, body="Signed with my username.", title="Signed")
    anonymous = publish(
        writer, body="Shared without a name.", title="Unsigned", signature="anonymous"
    )

    log_in(page, "bao")
    page.goto(f"/stories/{signed.public_id}/")
    page.get_by_role("link", name="Block the person who shared it").click()
    expect(page.get_by_role("heading", name="Block cleo?")).to_be_visible()
    expect(page.get_by_text("You can undo this at any time")).to_be_visible()
    assert_accessible(page)
    # Going back changes nothing.
    page.get_by_role("link", name="Go back without changing anything").click()
    expect(page.get_by_role("heading", name="Signed")).to_be_visible()
    assert not Block.objects.exists()

    page.get_by_role("link", name="Block the person who shared it").click()
    page.get_by_role("button", name="Block", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(r"Blocked \W?cleo\W?\. You will no longer see each other's")
    )

    page.goto(f"/stories/{anonymous.public_id}/")
    page.get_by_role("link", name="Mute this story").click()
    expect(page.get_by_role("heading", name="Mute this story?")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("cleo")
    assert_accessible(page)
    page.get_by_role("button", name="Mute it").click()
    expect(page.get_by_text("Muted.")).to_be_visible()

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Members you blocked and stories you muted").click()
    assert_accessible(page)
    muted = page.locator("li", has_text="Unsigned")
    expect(muted).to_be_visible()
    # The muted story is listed by its title: never by who wrote it.
    expect(muted).not_to_contain_text("cleo")
    page.get_by_role("button", name="Unblock cleo").click()
    # Undoing asks first too, and says what will change.
    expect(page.get_by_role("heading", name="Unblock cleo?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Unblock", exact=True).click()
    expect(page.get_by_text("Unblocked \u2068cleo\u2069.")).to_be_visible()
    page.get_by_role("button", name="Show it again").click()
    expect(page.get_by_role("heading", name="Show this story again?")).to_be_visible()
    page.get_by_role("button", name="Show it again").click()
    expect(page.get_by_text("This story is no longer muted")).to_be_visible()
    assert not Block.objects.exists()
    assert not StoryMute.objects.exists()


@both_sizes
def test_withdrawing_an_escrow_entry_asks_first_and_says_what_it_does_to_a_match(
    page: Page,
    live_server: Any,
    demo_escrow: None,
    size: str,
) -> None:
    _at(page, size)
    make_member("amaryllis")
    log_in(page, "amaryllis")
    file_entry(page, "https://x.com/Fictional_Name/", None, "A fictional account.")
    page.goto("/escrow/mine/")
    page.get_by_role("link", name="Withdraw and delete this entry").click()
    expect(page.get_by_role("heading", name="Withdraw this entry?")).to_be_visible()
    expect(page.get_by_text("It no longer counts towards a match.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Keep my entry").click()
    assert EscrowEntry.objects.count() == 1
    page.get_by_role("link", name="Withdraw and delete this entry").click()
    page.get_by_role("button", name="Withdraw and delete it").click()
    expect(page.get_by_text("Your entry is withdrawn and deleted.")).to_be_visible()
    expect(page.get_by_text("You have no entries.")).to_be_visible()
    assert EscrowEntry.objects.count() == 0


@both_sizes
def test_a_private_draft_is_confirmed_as_a_private_draft(page: Page, size: str) -> None:
    _at(page, size)
    make_member("amara")
    log_in(page, "amara")
    page.goto("/stories/new/")
    page.get_by_role("textbox", name="Your story").fill("Only for me, for now.")
    page.get_by_label("Only me (a private draft)").check()
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_text("Your draft is saved. Only you can see it.")).to_be_visible()
    expect(page.get_by_text("Your story is shared")).to_have_count(0)
    assert_accessible(page)


@both_sizes
def test_a_moderator_keeps_a_story_and_the_reporter_hears_back(page: Page, size: str) -> None:
    _at(page, size)
    author = make_member("amara")
    make_member("bao")
    make_member("moss", Role.MODERATOR)
    story = publish(author, body="It happened at the office.", title="The office")

    log_in(page, "bao")
    page.goto(f"/stories/{story.public_id}/")
    page.get_by_role("link", name="Report this story").click()
    page.get_by_label("Something else").check()
    page.get_by_role("button", name="Send the report").click()
    log_out(page)

    log_in(page, "moss")
    page.get_by_role("link", name="Moderation").click()
    page.get_by_label("Keep it: the report does not apply").check()
    page.get_by_label("Reason", exact=True).fill("A story of what happened, nothing more.")
    assert_accessible(page)
    page.get_by_role("button", name="Apply this decision").click()
    expect(page.get_by_text("Kept as it is.")).to_be_visible()
    page.goto("/moderation/log/")
    expect(page.get_by_text("A story of what happened, nothing more.")).to_be_visible()
    log_out(page)

    assert not Notice.objects.filter(member=author).exists()
    log_in(page, "bao")
    page.get_by_role("link", name="Notices (new)").click()
    expect(page.get_by_text("A moderator read your report of")).to_be_visible()
    expect(page.get_by_text("does not go against the community guidelines")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("amara")
    expect(page.locator("main")).not_to_contain_text("A story of what happened")
    expect(page.get_by_text("Appeal this decision")).to_have_count(0)
    assert_accessible(page)


@both_sizes
def test_the_counselor_finds_their_page_and_makes_a_token_shown_once(page: Page, size: str) -> None:
    _at(page, size)
    make_member("counsel", Role.COUNSELOR)
    log_in(page, "counsel")
    if size == "phone":
        expect(page.get_by_role("link", name="Counselor")).to_be_visible()
    page.get_by_role("link", name="Counselor").click()
    expect(page.get_by_role("heading", name="Released entries")).to_be_visible()
    expect(page.locator("pre")).to_contain_text("--token-file")
    assert_accessible(page)
    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("heading", name="Your new API token")).to_be_visible()
    token = page.locator("#api-token").inner_text()
    assert token.startswith("na_")
    assert_accessible(page)
    page.goto("/account/access/")
    expect(page.get_by_text("Token made on")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(token)


@both_sizes
def test_an_empty_search_says_nothing_matched_and_clears(page: Page, size: str) -> None:
    _at(page, size)
    publish(make_member("amara"), body="At the office.", title="Office")
    page.goto("/stories/")
    page.get_by_label("Search stories").fill("nothingmatchesthis")
    page.get_by_role("button", name="Show stories").click()
    expect(page.get_by_text("No story matched “nothingmatchesthis”.")).to_be_visible()
    expect(page.get_by_text("No stories here yet.")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Clear the search and show every story").click()
    expect(page.get_by_role("link", name="Office")).to_be_visible()


@both_sizes
def test_the_pdf_prints_when_the_story_was_first_saved_and_last_edited(
    page: Page, size: str
) -> None:
    _at(page, size)
    author = make_member("amara")
    with time_machine.travel("2026-03-08 09:30:00+00:00", tick=False):
        story = publish(author, body="The first words.", title="Before")
    log_in(page, "amara")
    page.goto(f"/stories/{story.public_id}/edit/")
    page.get_by_role("textbox", name="Your story").fill("The words, edited later.")
    page.get_by_role("button", name="Save my changes").click()
    expect(page.get_by_text("Your changes are saved. Everyone can read it.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as PDF (for a legal consultation)").click()
    path = download.value.path()
    text = " ".join(
        page_.extract_text() for page_ in PdfReader(io.BytesIO(Path(path).read_bytes())).pages
    )
    assert "First saved on this site: 2026-03-08 09:30:00 UTC" in text
    assert "Last edited: 20" in text
    assert "Last edited: never" not in text


@both_sizes
def test_a_members_only_story_asks_a_signed_out_reader_to_log_in(page: Page, size: str) -> None:
    _at(page, size)
    story = publish(
        make_member("amara"), body="For members.", title="Members", visibility="members"
    )
    make_member("bao")
    page.goto(f"/stories/{story.public_id}/")
    expect(page.get_by_text("Some stories are shared only with signed-in members.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("removed")
    assert_accessible(page)
    page.get_by_role("link", name="Log in to read it").click()
    page.get_by_label("Username").fill("bao")
    from tests.conftest import PASSWORD

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Members")).to_be_visible()


@both_sizes
def test_reacting_by_keyboard_keeps_the_focus_on_the_button(page: Page, size: str) -> None:
    _at(page, size)
    story = publish(make_member("amara"), body="It happened.", title="Heard")
    make_member("bao")
    log_in(page, "bao")
    page.goto(f"/stories/{story.public_id}/")
    # A reaction is an htmx swap, never a page load: a load would drop the focus.
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    button = page.get_by_role("button", name="Me too")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Me too")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="I believe you")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="I believe you")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("button", name="I believe you")).to_be_focused()
    assert loads == []
    assert_accessible(page)


def test_a_button_a_swap_brings_works_at_once(page: Page) -> None:
    """The buttons an htmx swap brings are wired in the swap's own task (settle delay 0,
    base.html). With htmx's default of 20 ms, a press in between (a fast keyboard, a busy
    phone) submitted the form the old way: a page load that dropped the keyboard focus."""
    _at(page, "phone")
    story = publish(make_member("amara"), body="It happened.", title="Heard")
    make_member("bao")
    log_in(page, "bao")
    page.goto(f"/stories/{story.public_id}/")
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    # Press the next button in the first task after the swap, before any 20 ms timer.
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterSwap", () => setTimeout(() =>
            document.querySelector("button[id$='-i_believe_you']").click(), 0), {once: true})"""
    )
    page.get_by_role("button", name="Me too").click()
    expect(page.get_by_role("button", name="I believe you")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
    assert loads == []


def _refuse_a_story(page: Page) -> None:
    page.goto("/stories/new/")
    page.get_by_label("Title (optional)").fill("x" * 201)
    page.get_by_role("button", name="Share my story").click()


def _summary_is_focused_and_on_screen(page: Page) -> None:
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(
        summary.get_by_role("link", name="Your story: Write your story before sharing it.")
    ).to_be_visible()


@both_sizes
def test_a_refused_story_opens_on_its_error_summary(page: Page, size: str) -> None:
    _at(page, size)
    make_member("amara")
    log_in(page, "amara")
    _refuse_a_story(page)
    _summary_is_focused_and_on_screen(page)
    assert_accessible(page)
    page.get_by_role("link", name="Title (optional): Use at most 200 characters").click()
    expect(page.get_by_label("Title (optional)")).to_be_focused()
    expect(page.get_by_label("Title (optional)")).to_have_value("x" * 201)


@both_sizes
def test_a_refused_story_opens_on_its_error_summary_without_javascript(
    browser: Browser, live_server: Any, size: str
) -> None:
    make_member("amara")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=SIZES[size]
    )
    page = context.new_page()
    page.set_default_timeout(SLOW)
    log_in(page, "amara")
    _refuse_a_story(page)
    _summary_is_focused_and_on_screen(page)
    context.close()
