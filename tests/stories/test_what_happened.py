"""Issue 15: every confirmation says exactly what happened, blocking asks first, an empty
search says nothing matched, a members-only story does not read as removed, a refused story
has an error summary at the top, and the footer's line before a country is chosen."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.stories.models import Block, StoryMute
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

FOOTER = re.compile(r'<p class="crisis-line">(.*?)</p>', re.S)


def _story_form(**fields: str) -> dict[str, str]:
    data = {"body": "It happened.", "signature": "pseudonym", "visibility": "public"}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("visibility", "said"),
    [
        ("private", "Your draft is saved. Only you can see it."),
        ("members", "Your story is shared with signed-in members."),
        ("public", "Your story is shared with everyone."),
    ],
)
def test_sharing_says_who_can_read_it(alice_client: Client, visibility: str, said: str) -> None:
    response = alice_client.post("/stories/new/", _story_form(visibility=visibility), follow=True)
    assert said in response.content.decode()


def test_editing_says_who_can_read_it_now(alice: User, alice_client: Client) -> None:
    story = publish(alice)
    response = alice_client.post(
        f"/stories/{story.public_id}/edit/", _story_form(visibility="private"), follow=True
    )
    assert "Your changes are saved. It is a private draft: only you can see it." in (
        response.content.decode()
    )


def test_blocking_asks_first_and_writes_nothing_until_confirmed(
    alice: User, bob_client: Client
) -> None:
    story = publish(alice, title="Signed")
    page = bob_client.get(f"/stories/{story.public_id}/").content.decode()
    assert f'href="/block/?story={story.public_id}"' in page
    question = bob_client.get("/block/", {"story": story.public_id}).content.decode()
    assert "Block <span" in question
    assert "alice" in question
    assert "You can undo this" in question
    assert not Block.objects.exists()
    bob_client.post("/block/", {"story": story.public_id})
    assert Block.objects.filter(blocked=alice).exists()


def test_muting_an_anonymous_story_asks_without_naming_anyone(
    alice: User, bob_client: Client
) -> None:
    story = publish(alice, title="Unsigned", signature="anonymous")
    question = bob_client.get("/block/", {"story": story.public_id}).content.decode()
    assert "Mute this story?" in question
    assert "alice" not in question
    assert not StoryMute.objects.exists()


def test_the_account_page_leads_to_blocks_and_muted_stories(alice_client: Client) -> None:
    assert 'href="/account/blocks/"' in alice_client.get("/account/").content.decode()


def test_unblocking_asks_first_then_says_what_changed(
    alice: User, bob: User, bob_client: Client
) -> None:
    Block.objects.create(blocker=bob, blocked=alice)
    # The blocks page's button only asks (a GET form): nothing is undone by one tap.
    blocks = bob_client.get("/account/blocks/").content.decode()
    assert 'method="get" action="/account/blocks/undo/"' in blocks
    question = bob_client.get("/account/blocks/undo/", {"member": "alice"})
    assert question.status_code == 200
    assert 'Unblock <span class="user-text"><bdi>alice</bdi></span>?' in question.content.decode()
    assert Block.objects.exists()
    response = bob_client.post("/account/blocks/undo/", {"member": "alice"}, follow=True)
    assert "Unblocked \u2068alice\u2069." in response.content.decode()
    assert not Block.objects.exists()
    # Asked again (Back, then the button), there is nothing to undo, and nothing is done.
    again = bob_client.get("/account/blocks/undo/", {"member": "alice"}, follow=True)
    assert "already undone" in again.content.decode()
    assert bob_client.post("/account/blocks/").status_code == 405


def test_an_empty_search_says_nothing_matched_and_offers_to_clear_it(client: Client) -> None:
    page = client.get("/search/", {"q": "nothingatall"}).content.decode()
    assert 'No story matched “<span class="user-text"><bdi>nothingatall</bdi></span>”.' in page
    assert '<a href="/search/">Clear the search and show every story</a>' in page
    assert "No stories here yet." not in page


def test_a_members_only_story_asks_a_signed_out_reader_to_log_in(alice: User) -> None:
    story = publish(alice, visibility="members")
    page = Client().get(f"/stories/{story.public_id}/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "shared only with signed-in members" in text
    assert "removed" not in text
    # The same answer as for a story that does not exist: nothing tells which.
    gone = publish(alice)
    gone_id = gone.public_id
    gone.delete()
    missing = Client().get(f"/stories/{gone_id}/").content.decode()
    assert text.replace(story.public_id, "X") == missing.replace(gone_id, "X")


def test_a_refused_story_has_a_focused_summary_linked_to_its_fields(
    alice_client: Client,
) -> None:
    response = alice_client.post("/stories/new/", _story_form(body="  ", title="x" * 201))
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index('id="error-summary"'))
    ]
    assert 'tabindex="-1" autofocus' in summary
    assert 'href="#id_body"' in summary
    assert 'href="#id_title"' in summary
    assert page.index('id="error-summary"') < page.index('id="id_title"')


def test_the_footer_offers_to_find_a_line_until_a_country_is_chosen(client: Client) -> None:
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "find a line where you are" in footer
    assert "tel:" not in footer


def test_the_operator_sets_the_footers_default_line(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEFAULT_CRISIS_LINE = {
        "name": "A fictional line",
        "phone": "+1 800-656-4673",
        "dial": "+18006564673",
    }
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert 'href="tel:+18006564673"' in footer
    assert "A fictional line" in footer
