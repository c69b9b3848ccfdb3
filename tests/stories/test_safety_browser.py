"""Issue 13 in a real browser (Debian's chromium), with the detectors' plain rules: a name
and a phone number highlighted as they are typed (htmx) and replaced in one click each, the
story published with the replacements; its page lists stories like it and, since it speaks
of danger now, the crisis lines; a blaming reply is nudged, then held."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from notalone.accounts.models import User
from notalone.stories import similar
from notalone.stories.models import ModerationStatus, Reply, Story
from tests.browser.conftest import assert_accessible, log_in
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "My manager Mr. Haddad kept calling me on 07700 900123 after the office party. "
    "He is outside my door right now and I am scared."
)


def test_pii_replaced_similar_listed_crisis_lines_and_a_reply_nudged(
    page: Page, alice: User, bob: User
) -> None:
    similar.rebuild_index()
    other = publish(
        bob,
        "My manager kept calling me after the office party and HR did nothing.",
        title="After the office party",
    )

    log_in(page, "alice")
    page.goto("/stories/new/")
    page.locator("#id_body").fill(BODY)
    panel = page.locator("#pii-panel")
    expect(panel.locator("mark.pii-person")).to_have_text("Haddad")
    expect(panel.locator("mark.pii-phone")).to_have_text("07700 900123")
    assert_accessible(page)
    page.get_by_role("button", name="Replace with [my manager]").click()
    expect(page.locator("#id_body")).to_have_value(re.compile(r"Mr\. \[my manager\] kept"))
    page.get_by_role("button", name="Replace with [a phone number]").click()
    expect(page.locator("#id_body")).to_have_value(re.compile(r"on \[a phone number\] after"))
    page.get_by_label("Title (optional)").fill("The office party")
    page.get_by_role("button", name="Share my story").click()

    expect(page.locator("#crisis-lines")).to_be_visible()
    # No country chosen, no operator's default line: the box leads to the lines where the
    # writer is (never a US number for everyone).
    expect(page.locator("#crisis-lines a[href='/help/now/']").first).to_be_visible()
    story = Story.objects.get(title="The office party")
    assert "07700" not in story.body
    assert "Haddad" not in story.body
    expect(page.locator("#similar")).to_contain_text("After the office party")
    expect(page.locator(f"#similar a[href='/stories/{other.public_id}/']")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()

    log_in(page, "bob")
    page.goto(f"/stories/{story.public_id}/")
    page.locator("#id_body").fill("What were you wearing that night?")
    page.get_by_role("button", name="Send my reply").click()
    expect(page.locator("#reply-nudge")).to_be_visible()
    assert not Reply.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Send it anyway").click()
    expect(page.get_by_text("Your reply is waiting for a moderator")).to_be_visible()
    assert Reply.objects.get().moderation_status == ModerationStatus.HIDDEN


def test_pii_panel_in_a_language_no_model_reads(page: Page, alice: User) -> None:
    """Spanish text (as Catalan, Turkish…) is read by the patterns and the cues only: the
    panel highlights what they find, says that names are not looked for, and replaces."""
    log_in(page, "alice")
    page.goto("/stories/new/")
    page.locator("#id_body").fill(
        "Mi jefe, la Sra. García, me llamaba al +34 612 345 678 todas las noches."
    )
    panel = page.locator("#pii-panel")
    expect(panel.locator("mark.pii-person")).to_have_text("García")
    expect(panel.locator("mark.pii-phone")).to_have_text("+34 612 345 678")
    expect(panel).to_contain_text("not names, places or organisations")
    page.get_by_role("button", name="Replace with [a phone number]").click()
    expect(page.locator("#id_body")).to_have_value(
        re.compile(r"me llamaba al \[a phone number\] todas")
    )
    assert_accessible(page)
