# ruff: noqa: RUF001  (Arabic and Hebrew text is the point of these tests)
"""Member-written text inside a sentence of the interface is isolated (UAX #9): ``<bdi>`` in
HTML, FSI … PDI in plain text (notices, messages, errors), so an Arabic or Hebrew name, title
or quote does not reorder the sentence around it (issue 11, part 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from notalone.accounts.models import User
from notalone.core.unitext import FSI, PDI, isolate
from notalone.moderation.models import ActionKind
from notalone.moderation.services import moderation_act
from notalone.moderation.wording import decision_text
from notalone.stories import services
from notalone.stories.models import Visibility
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "حدث ذلك في العمل"
HEBREW_REASON = "שפה פוגענית כלפי אחרים"


def test_isolate_wraps_in_first_strong_isolate() -> None:
    assert isolate("שלום") == "\u2068שלום\u2069"


@pytest.mark.parametrize("action", [ActionKind.HIDE, ActionKind.RESTORE, ActionKind.WARN])
def test_a_notice_isolates_the_quote_and_the_reason(action: str) -> None:
    text = decision_text(
        action, reason=HEBREW_REASON, what=ARABIC_TITLE, on_reply=False, on_content=True
    )
    assert f"{FSI}{ARABIC_TITLE}{PDI}" in text
    assert f"{FSI}{HEBREW_REASON}{PDI}" in text


def test_the_notices_page_shows_an_arabic_quote_isolated(alice: User, mod: User) -> None:
    story = publish(alice, title=ARABIC_TITLE, body="قصتي كاملة هنا.", hashtags=[])
    moderation_act(moderator=mod, action="hide", reason=HEBREW_REASON, story=story)
    client = Client()
    client.force_login(alice)
    page = client.get("/moderation/notices/").content.decode()
    assert f"{FSI}{HEBREW_REASON}{PDI}" in page
    assert FSI + ARABIC_TITLE in page


def test_a_refused_hashtag_is_quoted_isolated(alice: User) -> None:
    with pytest.raises(ValidationError) as refused:
        publish(alice, hashtags=["#أنا!"])
    message = " ".join(refused.value.message_dict["hashtags"])
    assert f"#{FSI}أنا!{PDI}" in message


def test_an_author_replying_in_their_thread_is_named_isolated(alice: User) -> None:
    from notalone.stories import policy
    from notalone.stories.models import Signature

    author = make_member("سارة")
    story = publish(author, signature=Signature.PSEUDONYM, hashtags=[])
    reply, _created = services.reply_post(story_id=story.public_id, author=author, body="شكرا")
    assert policy.reply_shown_name(reply, story).startswith(f"{FSI}سارة{PDI}")


def test_pages_isolate_names_titles_and_queries(alice: User, alice_client: Client) -> None:
    author = make_member("דנה")
    story = publish(author, body="סיפור.", hashtags=["#أنا_أيضا"])
    publish(alice, title=ARABIC_TITLE, body="قصتي.", hashtags=[], visibility=Visibility.PUBLIC)
    feed = alice_client.get("/stories/").content.decode()
    assert "<bdi>דנה</bdi>" in feed  # "Shared by <name>"
    empty = alice_client.get("/search/", {"q": "لا شيء هنا"}).content.decode()
    assert "<bdi>لا شيء هنا</bdi>" in empty
    confirm = alice_client.get("/block/", {"story": story.public_id}).content.decode()
    assert "<bdi>דנה</bdi>" in confirm
    tag = alice_client.get("/tags/أنا_أيضا/").content.decode()
    assert "<bdi>#أنا_أيضا</bdi>" in tag
    assert f"<title>{FSI}#أنا_أيضا{PDI}" in tag
    mine = alice_client.get("/stories/mine/").content.decode()
    assert f"<bdi>{ARABIC_TITLE}</bdi>" in mine


def test_a_refused_phone_number_is_quoted_isolated() -> None:
    from notalone.help.phones import PhoneError, parse_phone

    with pytest.raises(PhoneError) as refused:
        parse_phone("٩٨٨ ☎", "US")
    assert f"“{FSI}٩٨٨ ☎{PDI}”" in str(refused.value)
