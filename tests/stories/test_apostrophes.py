# ruff: noqa: RUF001, RUF002  (the look-alike apostrophes and Hebrew marks are the point of these tests)
"""An apostrophe inside a word (issue 11): ``istanbul`` finds ``İstanbul'da``.

UAX #29 keeps an apostrophe between two letters inside the word (WB6, WB7; Hebrew WB7a-c), so
``İstanbul'da`` was one term and a search for ``istanbul`` never met it; each look-alike
apostrophe also made its own term (``İstanbul’da`` and ``İstanbul'da`` did not find each
other). The rule (``core.unitext``): every apostrophe folds to U+0027, a geresh or gershayim
(or ``'`` and ``"`` typed for them) after a Hebrew letter is removed, a document keeps such a
word whole and each of its parts (not the stem of English ``n't``), and a query looks for the
word as typed. On both databases."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from notalone.accounts.models import User
from notalone.core import unitext
from notalone.core.unitext import encode_term
from notalone.stories import search, selectors
from notalone.stories.models import (
    Hashtag,
    Story,
    StoryHashtag,
    StorySearchDocument,
    StorySearchTerm,
)
from notalone.stories.selectors import FeedFilters
from notalone.stories.text import normalize_hashtag
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

APOSTROPHES = ["'", "\u2019", "\u2018", "\u02bc", "\u02bb", "\u055a", "\u05f3", "\uff07"]


def found(query: str) -> list[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query), limit=50)
    return [story.pk for story in page.items]


def tagged(tag: str) -> set[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(hashtag=tag))
    return {story.pk for story in page.items}


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("Geçen yıl İstanbul'da bir işyerinde çalışıyordum", "istanbul"),
        ("Geçen yıl İstanbul’da bir işyerinde çalışıyordum", "istanbul"),
        ("Geçen yıl İstanbul'da bir işyerinde çalışıyordum", "İstanbul'da"),
        ("Geçen yıl İstanbul’da bir işyerinde çalışıyordum", "İstanbul'da"),
        ("Geçen yıl İstanbul'da bir işyerinde çalışıyordum", "İSTANBUL’DA"),
        ("Geçen yıl İstanbulʼda bir işyerinde çalışıyordum", "istanbul'da"),
        ("Geçen yıl İstanbul＇da bir işyerinde çalışıyordum", "istanbul"),
        ("Ayşe'nin müdürü bana bağırdı", "ayse"),
        ("Sonra Ankara'ya taşındım", "Ankara"),
        ("I don't feel safe at work", "don’t"),
        ("I don’t feel safe at work", "don't"),
        ("I donʼt feel safe at work", "DON'T"),
        ("Sarah's manager laughed", "sarah"),
        ("Dans la cour de l'école", "école"),
        ("Dans la cour de l’école", "ecole"),
        ("Dans la cour de l'école", "l’ecole"),
        ("C'était aujourd'hui", "aujourd’hui"),
        ('שירתתי בבסיס של צה"ל שנתיים', "צה״ל"),
        ("שירתתי בבסיס של צה״ל שנתיים", 'צה"ל'),
        ("שירתתי בבסיס של צה״ל שנתיים", "צהל"),
        ("ראיתי ג'ירפה בגן החיות", "ג׳ירפה"),
        ("ראיתי ג׳ירפה בגן החיות", "ג'ירפה"),
        ("Ho visto Hawaiʻi", "hawai'i"),
        ("Я не їм м’ясо", "м'ясо"),
    ],
)
def test_a_word_with_an_apostrophe_is_found(alice: User, body: str, query: str) -> None:
    story = publish(alice, body=body, hashtags=[])
    publish(alice, body="Nothing to do with it.", hashtags=[])
    assert found(query) == [story.pk]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("I don't know what to do", "don"),  # "don" is not the stem of "don't"
        ("They can’t make me stay", "can"),
        ("İstanbul'da", "istanbul'dan"),  # another word
    ],
)
def test_a_part_that_is_not_a_word_finds_nothing(alice: User, body: str, query: str) -> None:
    publish(alice, body=body, hashtags=[])
    assert found(query) == []


def test_don_finds_the_name_and_not_the_contraction(alice: User) -> None:
    don = publish(alice, body="Don was my supervisor.", hashtags=[])
    publish(alice, body="I don't want to talk about it.", hashtags=[])
    assert found("don") == [don.pk]


@pytest.mark.parametrize("apostrophe", APOSTROPHES)
def test_every_apostrophe_folds_alike(apostrophe: str) -> None:
    assert unitext.fold(f"İstanbul{apostrophe}da") == "istanbul'da"
    assert unitext.terms(f"İstanbul{apostrophe}da") == ["istanbul'da", "istanbul", "da"]
    assert [t.text for t in unitext.query_terms(f"İstanbul{apostrophe}da")] == ["istanbul'da"]


@pytest.mark.parametrize("typed", ['צה"ל', "צה״ל", "צהל"])
def test_a_gershayim_is_not_part_of_the_word(typed: str) -> None:
    assert unitext.terms(typed) == ["צהל"]


@pytest.mark.parametrize(
    "query",
    ["'", "''", '"', "'\"'", "don't\"", "\"don't", "İstanbul'da OR", "'İstanbul'*", 'צה"ל"'],
)
def test_quotes_in_a_query_cannot_break_it(alice: User, client: Client, query: str) -> None:
    publish(alice, body="I don't know. İstanbul'da. צה\"ל", hashtags=[])
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/api/v1/stories", {"q": query}).status_code == 200
    found(query)


# ---------------------------------------------------------------------------------------
# Hashtags


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("#İstanbul’da", "#istanbulʼda"),
        ("#צה״ל", "#צהל"),
        ("#ג׳ירפה", "#גירפה"),
        ("#ʻōlelo", "#olelo"),  # an okina at the start is not part of the word
    ],
)
def test_one_tag_whichever_apostrophe(alice: User, first: str, second: str) -> None:
    one = publish(alice, hashtags=[first])
    other = publish(alice, hashtags=[second])
    assert normalize_hashtag(first)[1] == normalize_hashtag(second)[1]
    assert Hashtag.objects.count() == 1
    assert tagged(second) == tagged(first) == {one.pk, other.pk}


@pytest.mark.parametrize(("tag", "query"), [("#İstanbul’da", "istanbul"), ("#צה״ל", "צהל")])
def test_search_finds_a_tag_with_an_apostrophe(alice: User, tag: str, query: str) -> None:
    story = publish(alice, body="A story.", hashtags=[tag])
    publish(alice, body="Another story.", hashtags=["#Other"])
    assert found(query) == [story.pk]


# ---------------------------------------------------------------------------------------
# Existing stories


def _old_terms(*words: str) -> str:
    """A document as the code before this change left it: each UAX #29 word whole, with the
    apostrophe it was written with."""
    return " ".join(encode_term(word) for word in words)


def test_the_migration_reindexes_old_documents_and_merges_tags(alice: User, bob: User) -> None:
    turkish = publish(alice, body="İstanbul’da", hashtags=["#İstanbul’da"])
    hebrew = publish(bob, body='צה"ל', hashtags=["#צה״ל"])
    plain = publish(bob, body="Plain words", hashtags=["#İstanbulʼda"])
    # As the old code left them: one term per word, and a tag per apostrophe.
    StorySearchDocument.objects.filter(story=turkish).update(terms=_old_terms("istanbul’da"))
    StorySearchDocument.objects.filter(story=hebrew).update(terms=_old_terms('צה"ל', "צה״ל"))
    StorySearchDocument.objects.filter(story=plain).update(
        terms=_old_terms("plain", "words", "istanbulʼda")
    )
    keeper = Hashtag.objects.get(stories=turkish)
    Hashtag.objects.filter(pk=keeper.pk).update(key="istanbul’da")
    old = Hashtag.objects.create(name="İstanbulʼda", key="istanbulʼda", public_story_count=1)
    StoryHashtag.objects.filter(story=plain).update(hashtag=old)
    Hashtag.objects.exclude(pk__in=[keeper.pk, old.pk]).update(key="צה״ל")
    search.rebuild_term_counts()
    assert found("istanbul") == []
    assert found("צהל") == []

    migration = import_module("notalone.stories.migrations.0014_apostrophes_inside_words")
    migration.refold_keys(apps, None)
    migration.reindex_apostrophes(apps, None)

    # The tag's name is searched too.
    assert found("istanbul") == found("İstanbul'da") == [plain.pk, turkish.pk]
    assert found("צהל") == [hebrew.pk]
    assert set(Hashtag.objects.values_list("key", flat=True)) == {"istanbul'da", "צהל"}
    assert tagged("#İstanbul’da") == {turkish.pk, plain.pk}
    assert Story.objects.get(pk=plain.pk).written_hashtags == ["İstanbulʼda"]
    counts = dict(StorySearchTerm.objects.filter(stories__gt=0).values_list("term", "stories"))
    search.rebuild_term_counts()
    assert counts == dict(
        StorySearchTerm.objects.filter(stories__gt=0).values_list("term", "stories")
    )
