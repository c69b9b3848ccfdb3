"""Moderation in a real browser (fixtures from tests/browser, imported in conftest.py), without JavaScript help: report, decide, notice, appeal.
axe-core checks every moderation page for serious or critical violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from notalone.accounts.models import Role, User
from notalone.moderation.models import Appeal, ModerationAction
from notalone.stories.models import Story
from tests.browser.conftest import assert_accessible, log_in, log_out
from tests.conftest import make_member
from tests.moderation.conftest import share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_hide_notice_and_appeal(page: Page, alice: User, bob: User, mod: User) -> None:
    story = share(
        alice, "It happened at work. I have never told anyone.", content_warnings=["sexual-assault"]
    )

    log_in(page, "bob")
    page.goto(f"/moderation/report/?story={story.public_id}")
    assert_accessible(page)
    page.get_by_label("Personal information (doxxing)").check()
    page.get_by_label("Anything the moderators should know (optional)").fill("It names a shop.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    log_in(page, "mod")
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_text("Flagged as: Personal information (doxxing)")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Content warning: Sexual assault. Open the story").click()
    expect(page.get_by_text("I have never told anyone.")).to_be_visible()
    page.get_by_label("Hide it").check()
    page.get_by_label("Reason", exact=True).fill("It names a shop, which could identify someone.")
    page.get_by_role("button", name="Apply this decision").click()
    expect(page.get_by_text("Hidden. The author has been told why")).to_be_visible()
    page.get_by_role("link", name="Log", exact=True).click()
    expect(page.get_by_text("It names a shop, which could identify someone.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    log_in(page, "alice")
    page.get_by_role("link", name="Notices (new)").click()
    expect(page.get_by_text("A moderator hid your story")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Appeal this decision (you can do this once)").click()
    page.get_by_label("Why should this decision change?").fill(
        "The shop is a chain with 500 branches."
    )
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.get_by_text("Your appeal is sent.")).to_be_visible()
    expect(page.get_by_role("link", name="Notices", exact=True)).to_be_visible()
    log_out(page)

    # The moderator who hid the story does not decide its appeal; another moderator does.
    log_in(page, "mod")
    page.goto("/moderation/appeals/")
    expect(page.get_by_text("The shop is a chain with 500 branches.")).to_be_visible()
    expect(page.get_by_text("You took this decision")).to_be_visible()
    expect(page.get_by_role("button", name="Decide")).to_have_count(0)
    assert_accessible(page)
    log_out(page)

    make_member("sage", Role.MODERATOR)
    log_in(page, "sage")
    page.goto("/moderation/appeals/")
    assert_accessible(page)
    page.get_by_label("Reverse the decision").check()
    page.get_by_label("Reason (the member will read it)").fill("You are right; it is restored.")
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Decided. The member has been told.")).to_be_visible()

    assert Story.objects.get(pk=story.pk).moderation_status == "visible"
    assert Appeal.objects.get().decision == "granted"
    assert list(ModerationAction.objects.values_list("action", flat=True)) == [
        "appeal_granted",
        "hide",
    ]
