from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.stories.models import Reaction, Reply, Story
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

FORM = {
    "title": "The summer job",
    "body": "It happened at my summer job.\n\nI told no one.",
    "content_warnings": ["sexual-harassment"],
    "hashtags": "#MeToo #BalanceTonPorc",
    "what": "harassment",
    "where": "workplace",
    "who": "boss",
    "year": "2015",
    "country": "FR",
    "language": "fr",
    "signature": "pseudonym",
    "visibility": "public",
    "allow_replies": "on",
    "idempotency_key": "form-1",
}


def test_sharing_a_story_through_the_form(alice_client: Client) -> None:
    response = alice_client.post("/stories/new/", FORM)
    story = Story.objects.get()
    assert response["Location"] == f"/stories/{story.public_id}/#main"
    assert story.country == "FR"
    assert sorted(h.name for h in story.hashtags.all()) == ["BalanceTonPorc", "MeToo"]
    page = alice_client.get(response["Location"]).content.decode()
    assert "Content warning: Sexual harassment" in page
    assert "<details" in page


def test_a_double_submitted_form_makes_one_story(alice_client: Client) -> None:
    alice_client.post("/stories/new/", FORM)
    response = alice_client.post("/stories/new/", FORM)
    assert Story.objects.count() == 1
    assert response.status_code == 302


def test_a_failed_form_keeps_everything_typed(alice_client: Client) -> None:
    response = alice_client.post("/stories/new/", {**FORM, "hashtags": "#not valid!"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a valid hashtag" in page
    assert "It happened at my summer job." in page
    assert 'value="The summer job"' in page
    assert 'value="form-1"' in page
    assert not Story.objects.exists()


def test_sharing_needs_an_account(client: Client) -> None:
    response = client.get("/stories/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_story_page_for_everyone(client: Client, alice: User) -> None:
    story = publish(alice, title="Heard")
    response = client.get(f"/stories/{story.public_id}/")
    assert response.status_code == 200
    assert "Heard" in response.content.decode()
    # Row numbers say how many stories exist: a story is only ever found by its public id.
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_anonymous_stories_do_not_show_the_username(
    client: Client, bob_client: Client, alice: User
) -> None:
    story = publish(alice, signature="anonymous")
    for viewer in (client, bob_client):
        page = viewer.get(f"/stories/{story.public_id}/").content.decode()
        assert "Anonymous" in page
        assert "alice" not in page
        assert "alice" not in viewer.get("/stories/").content.decode()
        assert "alice" not in viewer.get(f"/api/v1/stories/{story.public_id}").content.decode()


def test_private_and_members_stories_are_not_found_by_others(
    client: Client, bob_client: Client, alice: User
) -> None:
    draft = publish(alice, visibility="private")
    members = publish(alice, visibility="members")
    assert bob_client.get(f"/stories/{draft.public_id}/").status_code == 404
    assert client.get(f"/stories/{members.public_id}/").status_code == 404
    assert bob_client.get(f"/stories/{members.public_id}/").status_code == 200


def test_edit_and_delete_are_for_the_author_only(
    alice_client: Client, bob_client: Client, alice: User
) -> None:
    story = publish(alice)
    assert bob_client.get(f"/stories/{story.public_id}/edit/").status_code == 404
    assert bob_client.post(f"/stories/{story.public_id}/delete/").status_code == 404
    assert alice_client.get(f"/stories/{story.public_id}/edit/").status_code == 200
    response = alice_client.post(
        f"/stories/{story.public_id}/edit/", {**FORM, "body": "Changed words"}
    )
    assert response.status_code == 302
    assert Story.objects.get().body == "Changed words"
    assert alice_client.post(f"/stories/{story.public_id}/delete/").status_code == 302
    assert not Story.objects.exists()


def test_reacting_without_javascript_redirects_back(bob_client: Client, alice: User) -> None:
    story = publish(alice)
    response = bob_client.post(f"/stories/{story.public_id}/react/me_too/", {"on": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/stories/{story.public_id}/#reactions"
    page = bob_client.get(f"/stories/{story.public_id}/").content.decode()
    assert "1 person said me too" in page
    assert 'aria-pressed="true"' in page
    for kind in ("me_too", "i_believe_you", "sending_strength"):
        assert f'action="/stories/{story.public_id}/react/{kind}/"' in page
        assert f'hx-post="/stories/{story.public_id}/react/{kind}/"' in page


def test_reacting_with_htmx_returns_the_reactions_block(bob_client: Client, alice: User) -> None:
    story = publish(alice)
    response = bob_client.post(
        f"/stories/{story.public_id}/react/i_believe_you/", {"on": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="reactions"')
    assert "1 person said I believe you" in html
    bob_client.post(
        f"/stories/{story.public_id}/react/i_believe_you/", {"on": "0"}, HTTP_HX_REQUEST="true"
    )
    assert not Reaction.objects.exists()


def test_counts_are_words_and_zero_says_nothing(
    bob_client: Client, charlie_client: Client, alice: User
) -> None:
    story = publish(alice)
    page = bob_client.get(f"/stories/{story.public_id}/").content.decode()
    assert "0 people" not in page
    bob_client.post(f"/stories/{story.public_id}/react/me_too/", {"on": "1"})
    charlie_client.post(f"/stories/{story.public_id}/react/me_too/", {"on": "1"})
    assert "2 people said me too" in bob_client.get(f"/stories/{story.public_id}/").content.decode()


def test_reacting_needs_an_account_and_post(
    client: Client, bob_client: Client, alice: User
) -> None:
    story = publish(alice)
    assert client.post(f"/stories/{story.public_id}/react/me_too/").status_code == 302
    assert bob_client.get(f"/stories/{story.public_id}/react/me_too/").status_code == 405
    assert bob_client.post(f"/stories/{story.public_id}/react/like/").status_code == 404
    assert bob_client.post("/stories/999999/react/me_too/").status_code == 404


def test_replying_and_hiding_a_reply(
    alice_client: Client, bob_client: Client, charlie_client: Client, alice: User
) -> None:
    story = publish(alice)
    response = bob_client.post(
        f"/stories/{story.public_id}/replies/", {"body": "I believe you.", "idempotency_key": "r1"}
    )
    assert response.status_code == 302
    bob_client.post(
        f"/stories/{story.public_id}/replies/", {"body": "I believe you.", "idempotency_key": "r1"}
    )
    reply = Reply.objects.get()
    assert (
        charlie_client.post(f"/replies/{reply.public_id}/hide/", {"hidden": "1"}).status_code == 404
    )
    alice_client.post(f"/replies/{reply.public_id}/hide/", {"hidden": "1"})
    assert (
        "I believe you." not in charlie_client.get(f"/stories/{story.public_id}/").content.decode()
    )
    assert "I believe you." in alice_client.get(f"/stories/{story.public_id}/").content.decode()


def test_an_empty_reply_is_explained(bob_client: Client, alice: User) -> None:
    story = publish(alice)
    response = bob_client.post(f"/stories/{story.public_id}/replies/", {"body": "  "})
    assert response.status_code == 400
    assert (
        "This field is required" in response.content.decode()
        or "Write a few words" in response.content.decode()
    )


def test_blocking_from_a_story_hides_both_ways(
    alice_client: Client, bob_client: Client, alice: User, bob: User
) -> None:
    alices = publish(alice)
    bobs = publish(bob)
    response = bob_client.post("/block/", {"story": alices.public_id}, follow=True)
    # The message names who was blocked, isolated (FSI … PDI) as every name inside a sentence.
    assert "Blocked \u2068alice\u2069. You will no longer" in response.content.decode()
    assert bob_client.get(f"/stories/{alices.public_id}/").status_code == 404
    assert alice_client.get(f"/stories/{bobs.public_id}/").status_code == 404
    # What Alice can no longer see, she cannot block from either: as for no story at all.
    assert alice_client.post("/block/", {"story": bobs.public_id}).status_code == 404


def test_blocking_from_an_anonymous_story_mutes_only_that_story(
    alice_client: Client, bob_client: Client, alice: User, bob: User
) -> None:
    # Blocking never consults who wrote anonymous writing: the story goes for Bob, and
    # nothing else changes between Alice and Bob (neither learns anything about the other).
    story = publish(alice, signature="anonymous")
    alices_other = publish(alice, body="Signed with my username.")
    bobs = publish(bob)
    response = bob_client.post("/block/", {"story": story.public_id}, follow=True)
    assert "Muted." in response.content.decode()
    assert bob_client.get(f"/stories/{story.public_id}/").status_code == 404
    assert bob_client.get(f"/stories/{alices_other.public_id}/").status_code == 200
    assert alice_client.get(f"/stories/{bobs.public_id}/").status_code == 200


def test_hashtag_page_counts_and_timeline(client: Client, alice: User, bob: User) -> None:
    publish(alice, hashtags=["MeTooIndia"])
    publish(bob, hashtags=["metooindia"])
    page = client.get("/tags/METOOINDIA/").content.decode()
    assert "2 stories shared with everyone carry this hashtag" in page
    assert "<table" in page
    assert "<caption>" in page
    assert client.get("/tags/unknown/").status_code == 404
    assert client.get("/tags/not valid/").status_code == 404


def test_unknown_filters_on_the_feed_page_are_explained(client: Client) -> None:
    response = client.get("/stories/?what=nothing&country=ZZ")
    assert response.status_code == 400
    page = response.content.decode()
    assert "&#x27;nothing&#x27; is not a known kind of harm. Choose one of: harassment" in page
    assert "is not a country code" in page


def test_my_stories_and_export(alice_client: Client, alice: User) -> None:
    publish(alice, title="Only mine", visibility="private", signature="anonymous")
    assert "Only mine" in alice_client.get("/stories/mine/").content.decode()
    import json

    data = json.loads(alice_client.post("/account/export/").content)
    assert data["stories"][0]["title"] == "Only mine"
    assert data["stories"][0]["signed_as"] == "anonymous"


def test_guidelines_page(client: Client) -> None:
    page = client.get("/guidelines/").content.decode()
    assert "never" in page
    assert "demand proof" in page


def test_a_suspended_member_sees_why_the_form_fails(alice_client: Client, alice: User) -> None:
    from django.utils import timezone

    alice.suspended_until = timezone.now() + timezone.timedelta(days=2)
    alice.save(update_fields=("suspended_until",))
    response = alice_client.post("/stories/new/", FORM)
    assert response.status_code == 400
    assert "suspended" in response.content.decode()
    assert "It happened at my summer job." in response.content.decode()


def test_readers_not_signed_in_get_a_cached_page_that_never_outlives_a_deletion(
    client: Client, alice_client: Client, alice: User
) -> None:
    story = publish(alice, title="First words")
    assert "First words" in client.get("/stories/").content.decode()
    publish(alice, title="Newer words")
    # Within the cache time, readers who are not signed in see the cached page...
    assert "Newer words" not in client.get("/stories/").content.decode()
    # ...members always see a fresh one...
    assert "Newer words" in alice_client.get("/stories/").content.decode()
    # ...and a deletion reaches everyone at once.
    alice_client.post(f"/stories/{story.public_id}/delete/")
    page = client.get("/stories/").content.decode()
    assert "First words" not in page
    assert "Newer words" in page
    assert client.get(f"/stories/{story.public_id}/").status_code == 404


def test_cached_pages_carry_no_csrf_token_or_cookie(client: Client, alice: User) -> None:
    publish(alice)
    first = client.get("/stories/")
    second = client.get("/stories/")
    assert "X-CSRFToken" not in second.content.decode()
    assert not second.cookies
    assert first.content == second.content


def test_the_author_downloads_a_story_as_a_pdf(
    alice_client: Client, bob_client: Client, alice: User
) -> None:
    import hashlib
    import io

    from pypdf import PdfReader

    story = publish(alice, title="For my lawyer", body="What happened, in my words.")
    assert bob_client.post(f"/stories/{story.public_id}/pdf/").status_code == 404
    # Never a plain link: another site could tell a download from a "not found".
    assert alice_client.get(f"/stories/{story.public_id}/pdf/").status_code == 405
    response = alice_client.post(f"/stories/{story.public_id}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    digest = hashlib.sha256(b"For my lawyer\n\nWhat happened, in my words.").hexdigest()
    assert digest[:16] in text.replace(" ", "").replace("\n", "")
