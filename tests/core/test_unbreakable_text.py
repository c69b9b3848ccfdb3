"""Issue 15, item 1: one symbol (an extended grapheme cluster) cannot wrap, so hundreds of
characters joined into one would widen every page that shows them and push quick exit off a
phone's screen. Every kind of member-written text refuses them, whichever door it came by;
ordinary writing in every script, emoji families and flags included, is accepted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from notalone.accounts.models import User, username_validator
from notalone.core.unitext import MAX_CLUSTER_CODE_POINTS, overlong_cluster
from notalone.moderation import services as moderation
from notalone.moderation.services._text import clean_text
from notalone.stories import schema
from notalone.stories import services as stories
from tests.conftest import PASSWORD, make_member
from tests.stories.factories import publish

ZWJ = "\u200d"
UNBREAKABLE = {
    "emoji joined by ZWJ": ("👩" + ZWJ + "💻" + ZWJ) * 60,
    "Hangul leading jamo": "\u1100" * 300,
    "vowel signs after one letter": "\u0915" + "\u093e" * 300,
    "a letter under many marks": "a" + "\u0301" * 40,
}
ORDINARY = [
    "w" * 500,
    "https://example.org/" + "a" * 280,
    "नमस्ते आपका स्वागत है स्त्र्य क्ष्म्य",
    "ฉันก็เคยเจอเรื่องแบบเดียวกัน" * 19,
    "我也经历过同样的事情米兔" * 40,
    "مرحبا بكم في الموقع",
    "👨🏻"
    + ZWJ
    + "👩🏻"
    + ZWJ
    + "👧🏻"
    + ZWJ
    + "👦🏻 and 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "🇫🇷" * 100,
    "Tiếng Việt có dấu: người, đường, nghĩ",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_writing_in_every_script_has_no_overlong_symbol(text: str) -> None:
    assert overlong_cluster(text) is None
    assert schema.check_body(text) == text


@pytest.mark.parametrize("name", UNBREAKABLE)
def test_an_unbreakable_symbol_is_found(name: str) -> None:
    cluster = overlong_cluster(UNBREAKABLE[name])
    assert cluster is not None
    assert len(cluster) > MAX_CLUSTER_CODE_POINTS


@pytest.mark.django_db
@pytest.mark.parametrize("name", UNBREAKABLE)
def test_stories_replies_reports_appeals_and_reasons_refuse_it(name: str) -> None:
    text = UNBREAKABLE[name]
    author = make_member("amara")
    reader = make_member("bao")
    for fields in ({"title": text[:150]}, {"body": f"It happened at work. {text}"}):
        with pytest.raises(ValidationError, match=r"joins .* characters into one symbol"):
            publish(author, **fields)
    story = publish(author)
    with pytest.raises(ValidationError, match="into one symbol"):
        stories.reply_post(story_id=story.public_id, author=reader, body=f"I believe you {text}")
    with pytest.raises(ValidationError, match="into one symbol"):
        moderation.report_create(
            reporter=reader, story_id=story.public_id, reason="other", note=text
        )
    # Appeals and moderators' reasons share one check.
    with pytest.raises(ValidationError, match="into one symbol"):
        clean_text(text, field="text", max_length=2000, empty_message="empty")


@pytest.mark.django_db
def test_the_form_says_why_and_keeps_what_was_written(client: Client) -> None:
    client.force_login(make_member("amara"))
    response = client.post(
        "/stories/new/",
        {
            "title": UNBREAKABLE["emoji joined by ZWJ"][:150],
            "body": "It happened at work.",
            "hashtags": "#MeToo",
            "signature": "anonymous",
            "visibility": "public",
            "idempotency_key": "k" * 32,
        },
    )
    assert response.status_code == 400
    assert "into one symbol" in response.content.decode()


def test_a_username_cannot_stack_marks_on_one_letter() -> None:
    with pytest.raises(ValidationError, match="into one symbol"):
        username_validator("a" + "\u0301" * 29)
    # Names people write keep their marks.
    for name in ("प्रिया", "Nguyễn", "ฉันก็เคย", "a" + "\u0301"):
        username_validator(name)


@pytest.mark.django_db
def test_sign_up_refuses_a_stacked_name(client: Client) -> None:
    response = client.post("/signup/", {"username": "a" + "\u0301" * 29, "password": PASSWORD})
    assert "into one symbol" in response.content.decode()
    assert not User.objects.exists()
