"""Anonymity that holds: nothing a reader gets depends on who wrote an anonymous story.

Two anonymous stories with the same words, one by a member the reader has blocked (or who
blocked the reader) and one by a stranger, must answer every request the same way, through
the pages and the API; blocking from an anonymous story must never name, block or hide its
author; and what the reader may not see answers exactly as what does not exist.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from notalone.accounts import services as accounts
from notalone.accounts.models import User
from notalone.moderation import services as moderation
from notalone.stories import services
from notalone.stories.models import Block, Story
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

# CSRF tokens (masked afresh on every page), idempotency keys (new in every form), public
# identifiers and times.
_VARYING = re.compile(
    r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"|\b[0-9a-f]{32}\b'
    r"|\b[a-km-np-z2-9]{16}\b|\d{4}-\d\d-\d\dT[\d:.]+(?:\+00:00|Z)?"
)


def _same_shape(text: str) -> str:
    return _VARYING.sub("…", text)


def _api(user: User | None) -> Any:
    def call(method: str, path: str, body: Any = None) -> Any:
        headers = {}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {accounts.api_token_create(user=user)}"
        return getattr(Client(), method)(
            f"/api/v1{path}", data=body, content_type="application/json", **headers
        )

    return call


def _answers(viewer: User, story: Story, *, writes: bool) -> list[tuple[int, str]]:
    """What the viewer gets asking about one story, as (status, page with ids blanked):
    the reads, or the writes."""
    html = Client()
    html.force_login(viewer)
    api = _api(viewer)
    sid = story.public_id
    if writes:
        responses = [
            api("post", f"/stories/{sid}/reactions/me_too"),
            api("post", f"/stories/{sid}/replies", {"body": "I believe you."}),
            html.post(reverse("moderation:report") + f"?story={sid}", {"reason": "other"}),
        ]
    else:
        responses = [
            html.get(reverse("stories:detail", args=[sid])),
            html.get(reverse("moderation:report") + f"?story={sid}"),
            api("get", f"/stories/{sid}"),
            api("get", f"/stories/{sid}/replies"),
        ]
    return [(r.status_code, _same_shape(r.content.decode())) for r in responses]


@pytest.fixture
def scene(alice: User, bob: User, charlie: User) -> dict[str, Any]:
    """alice and charlie each share an anonymous story with the same words; bob blocked
    alice (from one of her pseudonymous stories) and dan is blocked by alice."""
    dan = make_member("dan")
    signed = publish(alice, body="A story signed with my username.")
    services.block_from_story(blocker=bob, story_id=signed.public_id)
    other = publish(dan, body="Dan's own story, signed.")
    services.block_from_story(blocker=alice, story_id=other.public_id)
    return {
        "alices": publish(alice, body="The lantern story.", signature="anonymous"),
        "charlies": publish(charlie, body="The lantern story.", signature="anonymous"),
        "bob": bob,
        "dan": dan,
    }


@pytest.mark.parametrize("viewer", ["bob", "dan"])
def test_a_block_changes_nothing_about_anonymous_stories(
    scene: dict[str, Any], viewer: str
) -> None:
    """bob blocked alice; alice blocked dan. Neither can tell which anonymous story is hers."""
    member = scene[viewer]
    reads = [_answers(member, scene[s], writes=False) for s in ("alices", "charlies")]
    assert [status for status, _ in reads[0]] == [200, 200, 200, 200]
    assert reads[0] == reads[1]
    html = Client()
    html.force_login(member)
    for page in (
        html.get(reverse("stories:feed")).content.decode(),
        html.get(reverse("stories:search"), {"q": "lantern"}).content.decode(),
    ):
        cards = [_same_shape(_card_of(page, "The lantern story.", n)) for n in (0, 1)]
        assert cards[0] == cards[1]
    writes = [_answers(member, scene[s], writes=True) for s in ("alices", "charlies")]
    assert [status for status, _ in writes[0]] == [200, 201, 302]
    assert writes[0] == writes[1]


def test_blocking_from_an_anonymous_story_mutes_it_and_nothing_else(
    alice: User, bob: User, bob_client: Client
) -> None:
    anonymous = publish(alice, body="Shared without my name.", signature="anonymous")
    also_anonymous = publish(alice, body="Another one without my name.", signature="anonymous")
    signed = publish(alice, body="Signed with my username.")
    cards_before = _cards(bob_client.get(reverse("stories:feed")).content.decode())

    response = bob_client.post(reverse("stories:block"), {"story": anonymous.public_id})

    assert response.status_code == 302
    assert not Block.objects.exists()
    assert bob_client.get(reverse("stories:detail", args=[anonymous.public_id])).status_code == 404
    for other in (also_anonymous, signed):
        assert bob_client.get(reverse("stories:detail", args=[other.public_id])).status_code == 200
    cards_after = _cards(bob_client.get(reverse("stories:feed")).content.decode())
    # Every other story is shown exactly as before; the muted one is gone.
    assert cards_after == [card for card in cards_before if "Shared without my name." not in card]
    export = bob_client.post(reverse("accounts:export")).json()
    assert export["blocks"] == {
        "members": [],
        "muted_stories": [anonymous.public_id],
        "closed_threads": [],
    }
    assert "alice" not in str(export)


def _cards(page: str) -> list[str]:
    return [
        _same_shape('<article class="story-card"' + card.split("</article>")[0])
        for card in page.split('<article class="story-card"')[1:]
    ]


def _card_of(page: str, words: str, which: int = 0) -> str:
    """The story card in a feed page that holds these words (the first, or another)."""
    cards = [
        '<article class="story-card"' + card.split("</article>")[0] + "</article>"
        for card in page.split('<article class="story-card"')[1:]
        if words in card
    ]
    assert len(cards) > which, f"no card with {words!r}"
    return cards[which]


def test_the_api_mutes_too_and_says_so(alice: User, bob: User) -> None:
    anonymous = publish(alice, body="Shared without my name.", signature="anonymous")
    response = _api(bob)("post", "/blocks", {"story_id": anonymous.public_id})
    assert response.status_code == 200
    assert response.json() == {"blocked": "story"}
    assert not Block.objects.exists()
    blocks = _api(bob)("get", "/blocks").json()
    assert blocks == {
        "members": [],
        "muted_stories": [anonymous.public_id],
        "closed_threads": [],
    }


def test_the_authors_reply_on_an_anonymous_story_is_never_signed_with_a_username(
    alice: User, alice_client: Client, bob_client: Client, mod_client: Client, mod: User
) -> None:
    story = publish(alice, body="Shared without my name.", signature="anonymous")
    form = alice_client.get(reverse("stories:detail", args=[story.public_id])).content.decode()
    assert "signed “the person who shared”" in form
    alice_client.post(reverse("stories:reply", args=[story.public_id]), {"body": "Thank you all."})
    reply = story.replies.get()

    page = bob_client.get(reverse("stories:detail", args=[story.public_id])).content.decode()
    assert "The person who shared" in page
    assert "alice" not in page
    replies = _api(None)("get", f"/stories/{story.public_id}/replies").json()
    assert replies[0]["signed_as"] == "The person who shared"
    assert "alice" not in str(replies)

    moderation.report_create(
        reporter=User.objects.get(username="bob"), reply_id=reply.public_id, reason="other"
    )
    for url in (
        reverse("moderation:queue"),
        reverse("moderation:target") + f"?reply={reply.public_id}",
    ):
        assert "alice" not in mod_client.get(url).content.decode()
    mod_client.post(
        reverse("moderation:act"),
        {"reply": reply.public_id, "action": "warn", "reason": "A gentle word."},
    )
    assert "alice" not in mod_client.get(reverse("moderation:log")).content.decode()


def test_blocking_from_the_authors_anonymous_reply_mutes_the_story(
    alice: User, bob: User, bob_client: Client
) -> None:
    story = publish(alice, body="Shared without my name.", signature="anonymous")
    reply, _created = services.reply_post(story_id=story.public_id, author=alice, body="Thanks.")
    bob_client.post(reverse("stories:block"), {"reply": reply.public_id})
    assert not Block.objects.exists()
    assert bob_client.get(reverse("stories:detail", args=[story.public_id])).status_code == 404


@pytest.mark.parametrize("state", ["private", "hidden", "members-only to a stranger", "unknown"])
def test_what_you_may_not_see_answers_as_what_does_not_exist(
    alice: User, bob: User, mod: User, state: str
) -> None:
    story = publish(
        alice, body="Not for you.", visibility="private" if state == "private" else "public"
    )
    if state == "hidden":
        moderation.moderation_act(moderator=mod, action="hide", reason="Spam.", story=story)
    unknown = "abcdefghijkmnpqr"
    target = unknown if state == "unknown" else story.public_id
    client = Client()
    viewer = bob
    if state == "members-only to a stranger":
        story.visibility = "members"
        story.save()
        viewer = None  # not signed in: the block and report routes send to log-in first
    if viewer is not None:
        client.force_login(viewer)
        page = client.post(reverse("stories:block"), {"story": target})
        missing = client.post(reverse("stories:block"), {"story": unknown})
        assert (page.status_code, _same_shape(page.content.decode())) == (
            missing.status_code,
            _same_shape(missing.content.decode()),
        )
        assert page.status_code == 404
        assert not Block.objects.exists()
    api = _api(viewer)
    for method, path, body in (
        ("get", f"/stories/{target}", None),
        ("get", f"/stories/{target}/replies", None),
        ("post", f"/stories/{target}/reactions/me_too", None),
    ):
        answer = api(method, path, body)
        blank = api(method, path.replace(target, unknown), body)
        assert (answer.status_code, answer.json()) == (blank.status_code, blank.json())
        signed_in_first = method == "post" and viewer is None
        assert answer.status_code == (401 if signed_in_first else 404)
    if viewer is not None:
        answer = api("post", "/blocks", {"story_id": target})
        assert (answer.status_code, answer.json()) == (404, {"detail": "Not found."})


@pytest.mark.parametrize("through", ["page", "api"])
def test_the_anonymous_author_blocking_in_their_own_thread_reveals_nothing(
    alice: User, bob: User, alice_client: Client, through: str
) -> None:
    """bob replied to alice's anonymous story; alice keeps him out of it. bob must not learn
    that alice wrote it: her signed story stays exactly as it was for him."""
    anonymous = publish(alice, body="Shared without my name.", signature="anonymous")
    signed = publish(alice, body="Signed with my username.")
    reply, _created = services.reply_post(
        story_id=anonymous.public_id, author=bob, body="Prove it."
    )
    bob_html = Client()
    bob_html.force_login(bob)
    before = [
        _same_shape(c) for c in _cards(bob_html.get(reverse("stories:feed")).content.decode())
    ]

    if through == "page":
        alice_client.post(reverse("stories:block"), {"reply": reply.public_id})
    else:
        answer = _api(alice)("post", "/blocks", {"reply_id": reply.public_id})
        assert answer.json() == {"blocked": "thread"}

    assert not Block.objects.exists()
    assert bob_html.get(reverse("stories:detail", args=[anonymous.public_id])).status_code == 404
    assert _api(bob)("get", f"/stories/{signed.public_id}").status_code == 200
    after = _cards(bob_html.get(reverse("stories:feed")).content.decode())
    assert after == [card for card in before if "Shared without my name." not in card]
    # His reply stays where it was, for everyone and for alice too: she can still hide or
    # report it (a reply the thread's owner could not see would stay public out of her reach).
    page = alice_client.get(reverse("stories:detail", args=[anonymous.public_id])).content.decode()
    assert "Prove it." in page
    assert (
        "Prove it."
        in Client().get(reverse("stories:detail", args=[anonymous.public_id])).content.decode()
    )
    # bob's own blocks page and export know nothing of it; alice's list it, and she can undo it.
    assert _api(bob)("get", "/blocks").json()["closed_threads"] == []
    assert _api(alice)("get", "/blocks").json()["closed_threads"] == [
        {"story_id": anonymous.public_id, "member": "bob"}
    ]
    question = alice_client.get(
        reverse("stories:blocks_undo"), {"story": anonymous.public_id, "reopen": "bob"}
    ).content.decode()
    assert "back into your story?" in question
    assert bob_html.get(reverse("stories:detail", args=[anonymous.public_id])).status_code == 404
    alice_client.post(
        reverse("stories:blocks_undo"), {"story": anonymous.public_id, "reopen": "bob"}
    )
    assert bob_html.get(reverse("stories:detail", args=[anonymous.public_id])).status_code == 200


def test_deleting_an_account_and_keeping_its_stories_does_not_tie_them_together(
    alice: User, bob: User
) -> None:
    signed = publish(alice, body="Signed with my username.")
    anonymous = publish(alice, body="Shared without my name.", signature="anonymous")
    before = {
        story["id"]: story["updated_at"] for story in _api(bob)("get", "/stories").json()["items"]
    }
    accounts.account_delete(user=alice, keep_stories=True)
    after = {
        story["id"]: story["updated_at"] for story in _api(bob)("get", "/stories").json()["items"]
    }
    assert after == before
    assert {signed.public_id, anonymous.public_id} <= set(after)
    # Published times say the minute, not the microsecond.
    assert all(value.endswith(":00Z") or value.endswith(":00+00:00") for value in after.values())


@pytest.mark.parametrize("state", ["private", "hidden", "members", "deleted"])
def test_a_hashtag_only_unseen_stories_carry_answers_as_one_never_used(
    alice: User, mod: User, client: Client, state: str
) -> None:
    story = publish(
        alice,
        body="Not for everyone.",
        hashtags=["QuietTag"],
        visibility={"private": "private", "members": "members"}.get(state, "public"),
    )
    if state == "hidden":
        moderation.moderation_act(moderator=mod, action="hide", reason="Spam.", story=story)
    if state == "deleted":
        services.story_delete(story=story, actor=alice)
    used = client.get("/tags/QuietTag/")
    never = client.get("/tags/NeverUsedTag/")
    assert used.status_code == never.status_code == 404
    assert used.content == never.content
