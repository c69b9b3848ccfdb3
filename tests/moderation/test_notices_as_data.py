"""Notices are stored as a kind and its parameters and worded when read, in the reader's
language: nothing in the row is a sentence in the moderator's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from notalone.accounts.models import User
from notalone.moderation import services
from notalone.moderation.models import Notice
from notalone.moderation.wording import notice_text
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def test_a_notice_is_data_worded_when_read(alice: User, mod: User, alice_client: Client) -> None:
    story = publish(alice, body="What I wrote.")
    services.moderation_act(
        moderator=mod, action="hide", reason="Please see the guidelines.", story=story
    )
    notice = Notice.objects.get()
    assert notice.kind == "hide"
    assert notice.params == {
        "what": "What I wrote.",
        "reason": "Please see the guidelines.",
        "on_reply": False,
        "on_content": True,
        "until": None,
        "appealed": "",
    }
    page = alice_client.get("/moderation/notices/").content.decode()
    assert "A moderator hid your story" in page
    assert "Please see the guidelines." in page
    calls: list[str] = []
    original = translation.gettext

    def spy(message: str) -> str:
        calls.append(translation.get_language() or "")
        return original(message)

    with translation.override("en"):
        import notalone.moderation.wording as wording

        wording._ = spy  # type: ignore[attr-defined]
        try:
            notice_text(notice)
        finally:
            wording._ = original  # type: ignore[attr-defined]
    # Worded now, through the translation catalogue of the reader's language.
    assert calls
    assert set(calls) == {"en"}


def test_a_suspension_notice_keeps_its_date_as_data(alice: User, mod: User) -> None:
    services.moderation_act(
        moderator=mod, action="suspend", reason="Harassment.", member=alice, suspend_days=3
    )
    notice = Notice.objects.get()
    assert notice.params["until"] is not None
    assert "Your account is paused until" in notice_text(notice)
