# ruff: noqa: RUF001  (text in other scripts around the emoji is the point of these tests)
"""Emoji are searchable (issue 11 review): a search for 💜 found nothing even when stories
held it, because folding removed the joiners and selectors emoji are built with and UAX #29
keeps no emoji as a word. The rule (``core.emoji``): one term per emoji sequence (one
extended grapheme cluster), presentation selectors and skin tones folded away; a document
also answers for each emoji of a ZWJ sequence. On both databases."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from notalone.accounts.models import User
from notalone.core import emoji, unitext
from notalone.stories import search, selectors
from notalone.stories.models import StorySearchDocument, StorySearchTerm
from notalone.stories.selectors import FeedFilters
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

PURPLE_HEART = "\U0001f49c"
HUG = "\U0001fac2"  # PEOPLE HUGGING (Unicode 13)
IRAN = "\U0001f1ee\U0001f1f7"
IRAQ = "\U0001f1ee\U0001f1f6"
ZWJ = "\u200d"
WOMAN, GIRL, BOY = "\U0001f469", "\U0001f467", "\U0001f466"
FAMILY_GIRL = ZWJ.join([WOMAN, WOMAN, GIRL])
FAMILY_BOY = ZWJ.join([WOMAN, WOMAN, BOY])
THUMBS_UP = "\U0001f44d"
TONES = ["\U0001f3fb", "\U0001f3fc", "\U0001f3fd", "\U0001f3fe", "\U0001f3ff"]
RED_HEART = "\u2764"
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
FACEPALM_WOMAN = "\U0001f926\u200d\u2640\ufe0f"
KEYCAP_ONE = "1\ufe0f\u20e3"


def found(query: str) -> list[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query), limit=50)
    return [story.pk for story in page.items]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        (f"Thank you all {PURPLE_HEART}", PURPLE_HEART),  # the example
        (f"Sending a {HUG} to everyone", HUG),
        (f"I was a student in Tehran {IRAN}", IRAN),
        (f"My family {FAMILY_GIRL} stood by me", FAMILY_GIRL),
        (f"Well done {THUMBS_UP}{TONES[2]}", THUMBS_UP),  # a skin tone folded away
        (f"Well done {THUMBS_UP}", THUMBS_UP + TONES[4]),
        (f"Well done {THUMBS_UP}{TONES[0]}", THUMBS_UP + TONES[3]),
        (f"With love {RED_HEART}\ufe0f", RED_HEART),  # the emoji presentation selector
        (f"With love {RED_HEART}", RED_HEART + "\ufe0f"),
        (f"Proud {RAINBOW_FLAG}", RAINBOW_FLAG),
        (f"From Glasgow {SCOTLAND}", SCOTLAND),
        (f"Me at that meeting {FACEPALM_WOMAN}", FACEPALM_WOMAN),
        (f"Step {KEYCAP_ONE}: tell someone", KEYCAP_ONE),
        # A document answers for each emoji of a ZWJ sequence.
        (f"My family {FAMILY_GIRL} stood by me", GIRL),
        (f"Me at that meeting {FACEPALM_WOMAN}", "\U0001f926"),
        # Inside text of other scripts, with or without spaces.
        (f"私は職場で{PURPLE_HEART}ありがとう", PURPLE_HEART),
        (f"أنا معك {HUG}", HUG),
        (f"मैं तुम्हारे साथ हूँ{PURPLE_HEART}", PURPLE_HEART),
        (f"Жіночий марш {IRAN}{IRAQ}", IRAQ),
        (f"שלום{RED_HEART}\ufe0fלכולן", RED_HEART),
        (f"我支持米兔{HUG}", f"米兔 {HUG}"),  # an emoji and a word: both must be there
    ],
)
def test_an_emoji_is_found(alice: User, body: str, query: str) -> None:
    story = publish(alice, body=body, hashtags=[])
    publish(alice, body="Nothing but words here.", hashtags=[])
    assert found(query) == [story.pk]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        (f"Thank you {RED_HEART}", PURPLE_HEART),
        (f"From {IRAN}", IRAQ),  # another flag
        (f"My family {FAMILY_GIRL}", FAMILY_BOY),  # another family
        (f"Me {FACEPALM_WOMAN}", "\U0001f926\u200d\u2642\ufe0f"),  # the man facepalming
        (f"Thank you {PURPLE_HEART}", f"{PURPLE_HEART} tehran"),  # every term must be there
        (f"Only {WOMAN}", FAMILY_GIRL),  # a query looks for the sequence whole
    ],
)
def test_another_emoji_finds_nothing(alice: User, body: str, query: str) -> None:
    publish(alice, body=body, hashtags=[])
    assert found(query) == []


def test_the_example_through_every_door(alice: User, client: Client) -> None:
    story = publish(alice, title=f"For you {HUG}", body=f"Thank you {PURPLE_HEART}", hashtags=[])
    for response in (
        client.get("/search/", {"q": PURPLE_HEART}),
        client.get("/search/", {"q": HUG}),
        client.get("/api/v1/stories", {"q": PURPLE_HEART}),
    ):
        assert response.status_code == 200
        assert story.public_id in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        FAMILY_GIRL,
        RAINBOW_FLAG,
        SCOTLAND,
        FACEPALM_WOMAN,
        IRAN + IRAQ,
        KEYCAP_ONE,
        THUMBS_UP + TONES[1],
        f"{WOMAN}{TONES[2]}\u200d\U0001f91d\u200d{WOMAN}{TONES[0]}",
        "\U0001f469\u200d\U0001f9b0",  # a hair component
        HUG + HUG,
    ],
)
def test_an_emoji_term_is_one_grapheme_cluster(text: str) -> None:
    sequences = [match.group() for match in emoji._SEQUENCE.finditer(text)]
    assert sequences == unitext.graphemes(text)


def test_tones_and_selectors_fold_in_a_sequence_too() -> None:
    holding_hands = f"{WOMAN}{TONES[2]}\u200d\U0001f91d\u200d{WOMAN}{TONES[0]}"
    assert unitext.terms(holding_hands)[0] == f"{WOMAN}\u200d\U0001f91d\u200d{WOMAN}"
    assert unitext.terms(RAINBOW_FLAG)[0] == "\U0001f3f3\u200d\U0001f308"


def test_symbols_that_nfkc_makes_letters_stay_words() -> None:
    assert unitext.terms("Brand™ \u2139\ufe0f") == ["brandtm", "i"]


def test_emoji_terms_are_ascii_for_both_databases() -> None:
    for term in unitext.terms(f"{FAMILY_GIRL} {SCOTLAND} {IRAN}"):
        assert unitext.encode_term(term).isalpha()
        assert unitext.encode_term(term).isascii()


def test_the_migration_indexes_stories_written_before(alice: User) -> None:
    story = publish(alice, body=f"Thank you {PURPLE_HEART} from {IRAN}", hashtags=[])
    plain = publish(alice, body="Words only", hashtags=[])
    # As the code before this rule left it: no emoji term.
    StorySearchDocument.objects.filter(story=story).update(
        terms=" ".join(unitext.encode_term(word) for word in ("thank", "you", "from"))
    )
    search.rebuild_term_counts()
    assert found(PURPLE_HEART) == []
    untouched = StorySearchDocument.objects.get(story=plain).terms

    import_module("notalone.stories.migrations.0016_emoji_search_terms").reindex_emoji(apps, None)

    assert found(PURPLE_HEART) == found(IRAN) == [story.pk]
    assert StorySearchDocument.objects.get(story=plain).terms == untouched
    counts = dict(StorySearchTerm.objects.filter(stories__gt=0).values_list("term", "stories"))
    search.rebuild_term_counts()
    assert counts == dict(
        StorySearchTerm.objects.filter(stories__gt=0).values_list("term", "stories")
    )
