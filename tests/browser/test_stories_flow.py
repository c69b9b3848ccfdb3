"""Issue 3's journey in a real browser: share with a content warning and #MeToo, find it,
open the warning, say "me too", see the count, report a reply, hide it, see the notice.
axe-core checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from notalone.accounts.models import Role, User
from notalone.stories import services
from notalone.stories.models import Story
from tests.browser.conftest import assert_accessible, log_in, log_out
from tests.conftest import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_share_support_report_and_moderate(page: Page) -> None:
    make_member("amara")
    make_member("bao")
    replier = make_member("cleo")
    make_member("moss", Role.MODERATOR)

    # A shares a story with a content warning and #MeToo.
    log_in(page, "amara")
    page.get_by_role("link", name="Share your story").first.click()
    assert_accessible(page)
    page.get_by_label("Title (optional)").fill("The night shift")
    page.get_by_role("textbox", name="Your story").fill(
        "My supervisor cornered me in the stock room.\n\nI left that job."
    )
    page.get_by_label("Sexual harassment").check()
    expect(page.get_by_label("Hashtags")).to_have_value("#MeToo")
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", name="The night shift")).to_be_visible()
    assert_accessible(page)
    story = Story.objects.get(title="The night shift")
    services.reply_post(
        story_id=story.public_id,
        author=User.objects.get(username="cleo"),
        body="You should have reported it.",
    )
    log_out(page)

    # B finds it in the feed and on the #MeToo page, opens the warning, says "me too".
    log_in(page, "bao")
    page.get_by_role("link", name="Stories", exact=True).click()
    expect(page.get_by_role("link", name="The night shift")).to_be_visible()
    assert_accessible(page)
    page.goto("/tags/MeToo/")
    expect(page.get_by_text("1 story shared with everyone carries this hashtag")).to_be_visible()
    assert_accessible(page)
    card = page.locator("article.story-card", has_text="The night shift")
    body = card.get_by_text("My supervisor cornered me")
    expect(body).to_be_hidden()
    card.get_by_text("Content warning: Sexual harassment").click()
    expect(body).to_be_visible()
    card.get_by_role("button", name="Me too").click()
    expect(card.get_by_text("1 person said me too")).to_be_visible()  # swapped in by htmx
    expect(card.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")

    # B reports the blaming reply.
    page.get_by_role("link", name="The night shift").click()
    page.get_by_role("link", name="Report this reply").click()
    assert_accessible(page)
    page.get_by_label("Blaming or doubting a survivor").check()
    page.get_by_role("button", name="Send the report").click()
    log_out(page)

    # A sees the count.
    log_in(page, "amara")
    page.goto(f"/stories/{story.public_id}/")
    expect(page.get_by_text("1 person said me too")).to_be_visible()
    log_out(page)

    # A moderator hides the reply, with a reason.
    log_in(page, "moss")
    page.get_by_role("link", name="Moderation").click()
    assert_accessible(page)
    page.get_by_label("Hide it").check()
    page.get_by_label("Reason", exact=True).fill("Replies here support; they do not blame.")
    page.get_by_role("button", name="Apply this decision").click()
    expect(page.get_by_text("Hidden. The author has been told why")).to_be_visible()
    log_out(page)

    # The reply's author sees the notice and why.
    log_in(page, "cleo")
    page.get_by_role("link", name="Notices (new)").click()
    expect(page.get_by_text("Replies here support; they do not blame.")).to_be_visible()
    assert_accessible(page)
    assert replier.replies.get().moderation_status == "hidden"
    page.goto(f"/stories/{story.public_id}/")
    expect(page.get_by_text("You should have reported it.")).to_be_hidden()
