"""A second review of issue 15: the error summary counts the errors it lists (in every
language), the PII step comes only after the form's own checks, the story's address carries no
"#pii-found" after sharing or editing, and blocking names the member as the blocker sees them."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from notalone.accounts.models import User
from notalone.stories import services
from notalone.stories.models import Story
from notalone.stories.services.blocks import Blocked, BlockPlan
from notalone.stories.views.blocking import _shown_name
from tests.stories.factories import publish

STORY = "My manager Mr. Haddad kept calling me on 07700 900123 after work. I never answered."
TOO_LONG = "#" + "a" * 80  # longer than any hashtag may be
SUMMARY_TITLE = re.compile(r'<h2 id="error-summary-title">(.*?)</h2>', re.S)


def _story_form(**extra: str) -> dict[str, str]:
    return {
        "body": STORY,
        "visibility": "public",
        "signature": "pseudonym",
        "allow_replies": "on",
        "idempotency_key": "k-review-1",
        **extra,
    }


def _summary_title(html: str) -> str:
    match = SUMMARY_TITLE.search(html)
    assert match is not None, "no error summary"
    return " ".join(match.group(1).split())


def _list_items(html: str) -> int:
    summary = html.split('id="error-summary"')[1].split("</ul>")[0]
    return summary.count("<li>")


def test_the_summary_counts_two_errors_of_one_field(alice_client: Client) -> None:
    response = alice_client.post(
        "/stories/new/",
        _story_form(body="It happened.", hashtags=f"{TOO_LONG} {TOO_LONG}b"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _list_items(html) == 2
    assert _summary_title(html) == "2 things to change before sending"


class _TwoFields(forms.Form):
    first = forms.CharField()
    second = forms.CharField()


@pytest.mark.parametrize(
    ("language", "one", "two", "three"),
    [
        ("en", "One thing to change", "2 things to change", "3 things to change"),
        ("es", "Una cosa que cambiar", "2 cosas que cambiar", "3 cosas que cambiar"),
        ("fr", "Une chose à changer", "2 choses à changer", "3 choses à changer"),
        ("hi", "एक चीज़ बदलनी है", "2 चीज़ें बदलनी हैं", "3 चीज़ें बदलनी हैं"),
        ("ar", "شيء واحد", "شيئان", "3 أشياء"),
    ],
)
def test_the_summary_heading_takes_the_plural_of_each_language(
    language: str, one: str, two: str, three: str
) -> None:
    """The count is the number of listed errors (a form's own error, each field's), with the
    plural form the language takes for it."""
    expected = {1: one, 2: two, 3: three}
    for count in (1, 2, 3):
        form = _TwoFields(data={"first": "x", "second": "y"})
        assert form.is_valid()
        errors = ["First.", "Second.", "Third."][:count]
        form.add_error(None, errors[0])
        for index, text in enumerate(errors[1:]):
            form.add_error("first" if index == 0 else "second", text)
        with translation.override(language):
            html = render_to_string("core/_error_summary.html", {"form": form})
        assert _list_items(html) == count
        assert expected[count] in _summary_title(html)


def test_the_pii_step_waits_for_a_story_that_can_otherwise_be_shared(
    alice_client: Client,
) -> None:
    refused = alice_client.post("/stories/new/", _story_form(hashtags=TOO_LONG))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Nothing is shared yet" not in html  # no PII step for a form that is refused anyway
    assert _summary_title(html) == "One thing to change before sending"
    # Corrected: now the PII step, once, then the story is shared.
    step = alice_client.post("/stories/new/", _story_form(hashtags="#MeToo"))
    assert step.status_code == 200
    assert "Nothing is shared yet" in step.content.decode()
    seen = step.content.decode().split('name="pii_seen" value="')[1].split('"')[0]
    shared = alice_client.post("/stories/new/", _story_form(hashtags="#MeToo", pii_seen=seen))
    assert shared.status_code == 302
    assert Story.objects.get().body == STORY


def test_the_preview_without_javascript_still_works_on_a_refused_form(
    alice_client: Client,
) -> None:
    """The "Check for personal details" button shows the panel whatever else is wrong."""
    page = alice_client.post("/stories/new/", _story_form(hashtags=TOO_LONG, pii_preview="1"))
    assert page.status_code == 200
    assert '<mark class="pii-phone">07700 900123</mark>' in page.content.decode()


def test_sharing_and_editing_open_the_story_without_the_pii_fragment(
    alice_client: Client,
) -> None:
    """The form posts to "#pii-found"; a redirect without a fragment of its own would keep it."""
    shared = alice_client.post("/stories/new/", _story_form(body="It happened. I am okay now."))
    story = Story.objects.get()
    assert shared["Location"] == f"/stories/{story.public_id}/#main"
    edited = alice_client.post(
        f"/stories/{story.public_id}/edit/",
        _story_form(body="It happened. I am fine now.", idempotency_key=""),
    )
    assert edited["Location"] == f"/stories/{story.public_id}/#main"


def test_keeping_a_member_out_names_them_as_the_author_sees_them(
    alice: User, bob: User, alice_client: Client
) -> None:
    story = publish(alice, body="Shared without a name.", signature="anonymous")
    reply, _created = services.reply_post(story_id=story.public_id, author=bob, body="Me too.")
    done = alice_client.post("/block/", {"reply": reply.public_id}, follow=True)
    html = done.content.decode()
    assert "Done: \u2068bob\u2069 can no longer see this story" in html
    assert "This member" not in html


def test_the_block_message_never_names_an_anonymous_author() -> None:
    plan = BlockPlan(kind=Blocked.THREAD, story=Story())
    assert _shown_name(plan) == "the author of this anonymous story"
