"""Pages rendered in French and Spanish show no English the interface should have translated
(issue 11, part 2).

``test_marked`` reads the templates; this renders the pages with their data (decisions,
reasons, flags, releases, escrow states) and compares each page in English with the same page
in another language: a visible text node or user-facing attribute that is identical in both
and holds an English word is interface text that escaped translation (a string built in
Python without gettext, a label from a model, a lazily translated string forced too early).
Text written by members (marked ``dir="auto"`` or ``<bdi>``), code, numbers, and the reviewed
names of ``test_marked.ALLOWED_TEXT`` are left out.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pycountry
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from notalone.accounts.models import Role, User
from notalone.core import places
from notalone.escrow import client as escrow_client
from notalone.help.models import Jurisdiction, Measure, Resource
from notalone.help.place import region_name
from notalone.insights.release import release_period
from notalone.insights.snapshot import rebuild_snapshot
from notalone.moderation.models import Notice
from notalone.moderation.services import (
    appeal_create,
    flag_raise,
    moderation_act,
    report_create,
)
from notalone.stories.services import reply_post
from tests.conftest import make_member
from tests.escrow.conftest import counselor_keys, escrow_demo, transport_for  # noqa: F401
from tests.help.conftest import seed_all
from tests.i18n.test_marked import ALLOWED_TEXT, VERBATIM_ELEMENTS
from tests.insights.conftest import AFTER, PERIOD, params
from tests.insights.conftest import share as share_in_period
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "es", "hi", "ar")
ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "aria-description"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Member-written text of this scene, names of the cast, and words that are the same in French
# or Spanish (reviewed: each is correct in both languages as it stands).
SCENE_WORDS = {"alice", "bob", "mod", "op", "counsel", "author0", "author1", "author2"}
SAME_IN_EVERY_LANGUAGE = ALLOWED_TEXT | {"English", "Español", "Français"}
# Words whose translation is the same word (reviewed in the catalogs).
SAME_WORDS: dict[str, set[str]] = {"fr": {"Hashtag", "Hashtags", "Violence", "Pages", "Source"}}


class _Text(HTMLParser):
    """Visible text nodes and user-facing attributes, without members' text and code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, whether it starts an excluded part)
        self._excluded = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        excluded = (
            tag in VERBATIM_ELEMENTS
            or tag in ("bdi", "time")  # dates follow the locale through Django's formats
            or values.get("dir") == "auto"
            or values.get("translate") == "no"
        )
        if not self._excluded:
            for name in ATTRIBUTES:
                if values.get(name):
                    self.texts.append(f"[{name}] {' '.join(str(values[name]).split())}")
            button = tag in ("input", "button") and values.get("type") in ("submit", "button")
            if button and values.get("value"):
                self.texts.append(f"[value] {values['value']}")
        if tag in {"br", "input", "img", "meta", "link", "hr", "source", "wbr", "area"}:
            return
        self._stack.append((tag, excluded))
        self._excluded += excluded

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, excluded = self._stack.pop()
            self._excluded -= excluded
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._excluded:
            self.texts.append(text)


def visible_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.texts


# Member-written text isolated inside an interface sentence (``unitext.isolate``), and tags.
ISOLATED = re.compile("\u2068[^\u2069]*\u2069|#\\w+")


@cache
def names_in(language: str) -> set[str]:
    """Words of country, region and language names in ``language``: "Argentina" is right in
    Spanish, "Canada" in French, "Lagos" in both."""
    with translation.override(language):
        names = {*places._country_names(language).values()}
        names |= {*places._language_names(language).values()}
        names |= {region_name(subdivision.code) for subdivision in pycountry.subdivisions}
    words = {word for name in names for word in ENGLISH_WORD.findall(name)}
    return words | places.country_codes() | SAME_WORDS.get(language, set())


URL = re.compile(r"\bhttps?://\S+")


def directory_data() -> list[str]:
    """What the help directory and the laws tracker show as their sources give it: names,
    descriptions, notes, law titles and summaries (in the reader's language only where the
    source has one), longest first so a name inside a longer one is not cut out first."""
    texts: set[str] = set()
    for row in Resource.objects.values("name", "description", "sms_note", "hours"):
        texts.update(value for value in row.values() if value)
    for row in Measure.objects.values("title", "summary"):
        texts.update(value for value in row.values() if value)
    texts.update(Jurisdiction.objects.filter(code__contains="-").values_list("name", flat=True))
    return sorted(texts, key=len, reverse=True)


def english_left(text: str, allowed: set[str], data: list[str]) -> bool:
    """Whether ``text`` holds an English word that is not a name or an allowed word."""
    body = text.split("] ", 1)[1] if text.startswith("[") else text
    for value in data:
        if value in body:
            body = body.replace(value, " ")
    body = URL.sub(" ", ISOLATED.sub(" ", body))
    if body in SAME_IN_EVERY_LANGUAGE:
        return False
    words = [
        word
        for word in ENGLISH_WORD.findall(body)
        if word not in SAME_IN_EVERY_LANGUAGE and word not in allowed
    ]
    return any(word.lower() not in SCENE_WORDS for word in words)


def untranslated(client: Client, path: str, language: str) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(path)
    assert english.status_code == 200, path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    other = client.get(path)
    assert other.status_code == 200, path
    assert f'lang="{language}"' in other.content.decode(), path
    same = set(visible_texts(english.content.decode())) & set(visible_texts(other.content.decode()))
    allowed, data = names_in(language), directory_data()
    return sorted(text for text in same if english_left(text, allowed, data))


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scene(escrow_demo: Path, settings: Any) -> dict[str, Any]:  # noqa: F811
    alice, bob = make_member("alice"), make_member("bob")
    mod = make_member("mod", Role.MODERATOR)
    counsel = make_member("counsel", Role.COUNSELOR)
    operator = User.objects.create_superuser("op", "x" * 20)
    story = publish(
        alice, title="At work", body="It happened at work, and I stayed quiet.", hashtags=["#MeToo"]
    )
    reply, _ = reply_post(story_id=story.public_id, author=bob, body="I believe you.")
    other = publish(bob, body="Another story from a member.")
    report_create(reporter=bob, story_id=story.public_id, reason="harassment", note="Off.")
    report_create(reporter=alice, reply_id=reply.public_id, reason="spam", note="")
    flag_raise(
        story=story,
        reason="harassment",
        score=0.9,
        detector="reply-guard",
        detector_version="3",
        note="Words that read as abuse.",
    )
    action = moderation_act(
        moderator=mod, action="hide", reason="It names someone's workplace.", story=other
    )
    notice = Notice.objects.get(action=action, member=action.member)
    appeal_create(member=bob, notice_id=notice.public_id, text="Please look again.")
    config = escrow_client.fetch_config(transport_for(alice))
    escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], {"what": "x"})
    authors = [User.objects.create_user(f"author{i}", "x" * 20) for i in range(3)]
    for author in authors:
        share_in_period(author, what="harassment", country="FR")
    release_period(period=PERIOD, params=params(), now=AFTER)
    rebuild_snapshot()
    seed_all()
    return {
        "anonymous": Client(),
        "alice": logged_in(alice),
        "bob": logged_in(bob),
        "mod": logged_in(mod),
        "counsel": logged_in(counsel),
        "operator": logged_in(operator),
        "story": story,
        "reply": reply,
    }


PAGES = [
    ("mod", "/moderation/"),
    ("mod", "/moderation/log/"),
    ("mod", "/moderation/appeals/"),
    ("bob", "/moderation/notices/"),
    ("anonymous", "/escrow/"),
    ("alice", "/escrow/new/"),
    ("alice", "/escrow/mine/"),
    ("counsel", "/escrow/counselor/"),
    ("operator", "/escrow/operator/"),
    ("anonymous", "/insights/"),
    ("anonymous", "/insights/releases/"),
    ("anonymous", f"/insights/{PERIOD}/1/"),
    ("anonymous", "/"),
    ("anonymous", "/stories/"),
    ("alice", "/stories/new/"),
    ("anonymous", "/help/"),
    ("anonymous", "/help/now/"),
    ("anonymous", "/login/"),
    ("anonymous", "/signup/"),
    ("anonymous", "/guidelines/"),
    ("anonymous", "/staying-safe/"),
    ("anonymous", "/search/?q=work"),
    ("anonymous", "/tags/metoo/"),
    ("alice", "/stories/mine/"),
    ("alice", "/account/"),
    ("alice", "/account/access/"),
    ("alice", "/account/blocks/"),
    ("anonymous", "/help/legal/"),
    ("anonymous", "/help/legal/preparing/"),
    ("anonymous", "/help/laws/"),
    ("anonymous", "/help/laws/since-2017/"),
    ("anonymous", "/help/laws/c190/"),
    ("anonymous", "/help/laws/US/"),
    ("anonymous", "/help/r/us-rainn-hotline/"),
    ("operator", "/help/manage/"),
]


def test_no_page_keeps_english_in_another_language(scene: dict[str, Any]) -> None:
    """Each page's text nodes identical in English and in French or Spanish, by page."""
    story, reply = scene["story"].public_id, scene["reply"].public_id
    pages = [
        *PAGES,
        ("alice", f"/stories/{story}/"),
        ("alice", f"/stories/{story}/edit/"),
        ("mod", f"/moderation/item/?story={story}"),
        ("mod", f"/moderation/item/?reply={reply}"),
        ("bob", f"/moderation/report/?story={story}"),
    ]
    found = {
        f"{language} {who} {path}": left
        for who, path in pages
        for language in LANGUAGES
        if (left := untranslated(scene[who], path, language))
    }
    assert found == {}
