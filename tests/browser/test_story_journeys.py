"""Journeys no other browser test walks: replying through the form (as a reader and as the
author of an anonymous story), editing and deleting a story, blocking and muting (and undoing
it), and the feed's filters. axe-core checks each page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from notalone.accounts.models import User
from notalone.stories.models import Block, Story, StoryMute
from tests.browser.conftest import assert_accessible
from tests.browser.test_stories_flow import log_in, log_out
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_replying_through_the_form(page: Page) -> None:
    author = make_member("amara")
    make_member("bao")
    story = publish(author, body="I was new there.", title="First week", signature="anonymous")

    log_in(page, "bao")
    page.goto(f"/stories/{story.public_id}/")
    page.get_by_role("button", name="Send my reply").click()
    expect(page.get_by_text("Write a few words before sending your reply.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your reply").fill("I believe you. It was not your fault.")
    page.get_by_role("button", name="Send my reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    expect(page.get_by_text("I believe you. It was not your fault.")).to_be_visible()
    log_out(page)

    log_in(page, "amara")
    page.goto(f"/stories/{story.public_id}/")
    expect(page.get_by_text("signed “the person who shared”")).to_be_visible()
    page.get_by_label("Your reply").fill("Thank you for reading it.")
    page.get_by_role("button", name="Send my reply").click()
    reply = page.locator("article.reply", has_text="Thank you for reading it.")
    expect(reply.get_by_text("The person who shared")).to_be_visible()
    expect(reply).not_to_contain_text("amara")
    assert_accessible(page)


def test_editing_and_deleting_my_story(page: Page) -> None:
    author = make_member("amara")
    story = publish(author, body="The first words.", title="Before")

    log_in(page, "amara")
    page.goto(f"/stories/{story.public_id}/")
    page.get_by_role("link", name="Edit").click()
    assert_accessible(page)
    # Nothing is cut silently: a title too long is refused with the reason, and kept.
    page.get_by_label("Title (optional)").fill("x" * 201)
    page.get_by_role("textbox", name="Your story").fill("   ")
    page.get_by_role("button", name="Save my changes").click()
    # Each reason shows twice: in the summary at the top (a link) and by its field.
    expect(page.get_by_text("Write your story before sharing it.").first).to_be_visible()
    expect(
        page.get_by_text("Use at most 200 characters for the title (this one has 201).").first
    ).to_be_visible()
    expect(page.get_by_label("Title (optional)")).to_have_value("x" * 201)
    page.get_by_label("Title (optional)").fill("After")
    page.get_by_role("textbox", name="Your story").fill("The words I chose instead.")
    page.get_by_label("Only me (a private draft)").check()
    page.get_by_role("button", name="Save my changes").click()
    expect(page.get_by_text("Your changes are saved. It is a private draft")).to_be_visible()
    expect(page.get_by_role("heading", name="After")).to_be_visible()
    expect(page.get_by_text("private draft: only you can see it").first).to_be_visible()

    page.get_by_role("link", name="Delete").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Delete your story?")).to_be_visible()
    page.get_by_role("button", name="Delete it for good").click()
    expect(page.get_by_text("Your story is deleted.")).to_be_visible()
    assert not Story.objects.filter(pk=story.pk).exists()
    response = page.goto(f"/stories/{story.public_id}/")
    assert response is not None
    assert response.status == 404


def test_blocking_a_member_and_muting_an_anonymous_story(page: Page) -> None:
    writer = make_member("cleo")
    reader = make_member("bao")
    signed = publish(writer, body="Signed with my username.", title="Signed")
    anonymous = publish(
        writer, body="Shared without a name.", title="Unsigned", signature="anonymous"
    )

    log_in(page, "bao")
    page.goto(f"/stories/{signed.public_id}/")
    page.get_by_role("link", name="Block the person who shared it").click()
    expect(page.get_by_role("heading", name="Block cleo?")).to_be_visible()
    assert not Block.objects.exists()
    page.get_by_role("button", name="Block", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Blocked \W?cleo\W?\."))
    expect(page.get_by_role("link", name="Signed", exact=True)).to_be_hidden()
    # The anonymous story of the same member is still there: a block never looks at it.
    expect(page.get_by_role("link", name="Unsigned")).to_be_visible()
    assert Block.objects.filter(blocker=reader, blocked=writer).exists()

    page.goto(f"/stories/{anonymous.public_id}/")
    page.get_by_role("link", name="Mute this story").click()
    expect(page.get_by_role("heading", name="Mute this story?")).to_be_visible()
    page.get_by_role("button", name="Mute it").click()
    expect(page.get_by_text("Muted.")).to_be_visible()
    expect(page.get_by_role("link", name="Unsigned")).to_be_hidden()
    assert StoryMute.objects.filter(member=reader, story=anonymous).exists()
    assert Block.objects.filter(blocker=reader).count() == 1

    page.goto("/account/blocks/")
    assert_accessible(page)
    expect(page.get_by_text("cleo", exact=True).first).to_be_visible()
    expect(page.get_by_text("Unsigned")).to_be_visible()
    page.get_by_role("button", name="Unblock cleo").click()
    # Undoing asks first, too: nothing changes until the question is answered.
    expect(page.get_by_role("heading", name="Unblock cleo?")).to_be_visible()
    assert_accessible(page)
    assert Block.objects.filter(blocker=reader).exists()
    page.get_by_role("button", name="Unblock", exact=True).click()
    expect(page.get_by_text("Unblocked \u2068cleo\u2069.")).to_be_visible()
    page.get_by_role("button", name="Show it again").click()
    expect(page.get_by_role("heading", name="Show this story again?")).to_be_visible()
    page.get_by_role("button", name="Show it again").click()
    expect(page.get_by_text("This story is no longer muted")).to_be_visible()
    page.goto("/stories/")
    expect(page.get_by_role("link", name="Signed", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Unsigned")).to_be_visible()


def test_the_feed_filters_at_phone_width(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    writer: User = make_member("amara")
    publish(writer, body="At the office.", title="Office", where="workplace", country="FR")
    publish(writer, body="On campus.", title="Campus", where="school", country="IN")
    publish(writer, body="Online, in my messages.", title="Messages", where="online", country="FR")

    page.goto("/stories/")
    assert_accessible(page)
    page.get_by_text("Filter by what, where, who, country or language").click()
    page.get_by_label("Where:").select_option("workplace")
    page.get_by_role("button", name="Show stories").click()
    expect(page.get_by_role("link", name="Office")).to_be_visible()
    expect(page.get_by_role("link", name="Campus")).to_be_hidden()
    expect(page.get_by_role("link", name="Messages")).to_be_hidden()

    page.get_by_label("Where:").select_option("")
    page.get_by_label("Country:").select_option("FR")
    page.get_by_role("button", name="Show stories").click()
    expect(page.get_by_role("link", name="Office")).to_be_visible()
    expect(page.get_by_role("link", name="Messages")).to_be_visible()
    expect(page.get_by_role("link", name="Campus")).to_be_hidden()

    page.get_by_label("Search stories").fill("campus")
    page.get_by_label("Country:").select_option("")
    page.get_by_role("button", name="Show stories").click()
    expect(page.get_by_role("link", name="Campus")).to_be_visible()
    expect(page.get_by_role("link", name="Office")).to_be_hidden()
    assert_accessible(page)

    page.goto("/stories/?where=moon")
    expect(page.get_by_text("'moon' is not a known place.")).to_be_visible()
    assert_accessible(page)
