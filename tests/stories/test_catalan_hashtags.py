# ruff: noqa: RUF001  (scripts other than Latin and their digits are the point of these tests)
"""Catalan's ``l·l`` typed ``l.l`` (issue 11): one tag, one page, and search finds either
spelling with the other; a tag that ends a sentence (``#MeToo.``) keeps the full stop out.
Turkish, Persian and digits of other scripts are checked again beside it, since the folding
they go through changed."""

from __future__ import annotations

import unicodedata
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from notalone.accounts.models import User
from notalone.core import uax31, unitext
from notalone.stories import selectors
from notalone.stories.models import Hashtag, Story, StorySearchDocument
from notalone.stories.search import document_terms
from notalone.stories.selectors import FeedFilters
from notalone.stories.text import normalize_hashtag
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def found(query: str) -> list[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query), limit=50)
    return [story.pk for story in page.items]


def tagged(tag: str) -> set[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(hashtag=tag))
    return {story.pk for story in page.items}


@pytest.mark.parametrize("spelling", ["#il.lusio", "#IL.LUSIÓ", "#il‧lusió", "#iŀlusió"])
def test_the_ela_geminada_without_a_middle_dot_is_the_same_tag(alice: User, spelling: str) -> None:
    first = publish(alice, hashtags=["#il·lusió"])
    second = publish(alice, hashtags=[spelling])
    assert Hashtag.objects.filter(key="il·lusio").count() == 1
    assert Hashtag.objects.count() == 1
    assert tagged(spelling) == tagged("#il·lusió") == {first.pk, second.pk}
    assert second.written_hashtags == [spelling.removeprefix("#")]


def test_both_spellings_lead_to_one_page(alice: User, client: Client) -> None:
    story = publish(alice, hashtags=["#il·lusió"])
    for path in ("/tags/il.lusio/", "/tags/il·lusió/", "/tags/IL.LUSIO/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f"/stories/{story.public_id}/" in response.content.decode(), path


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("Tenia molta il·lusió per la feina nova", "il.lusio"),
        ("Tenia molta il.lusió per la feina nova", "il·lusió"),
        ("Al col.legi ningú no em va creure", "COL·LEGI"),
    ],
)
def test_search_finds_either_spelling(alice: User, body: str, query: str) -> None:
    story = publish(alice, body=body, hashtags=[])
    publish(alice, body="Una il·lusionista al teatre, una altra paraula.", hashtags=[])
    assert found(query) == [story.pk]


@pytest.mark.parametrize(
    "typed", ["#MeToo.", "#ＭｅＴｏｏ．", "#米兔。", "#il.lusió.", "#मीटू।", "#أنا_أيضا۔"]
)
def test_a_tag_that_ends_a_sentence_leaves_the_full_stop_out(alice: User, typed: str) -> None:
    story = publish(alice, hashtags=[typed])
    name = typed.removeprefix("#")[:-1]
    assert story.written_hashtags == [unicodedata.normalize("NFC", name)]
    assert tagged(typed) == {story.pk}


def test_a_story_ending_with_a_tag_is_found_by_it(alice: User) -> None:
    story = publish(alice, body="Per fi ho vaig dir: #MeToo.", hashtags=[])
    assert found("#MeToo") == [story.pk]
    assert found("#MeToo.") == [story.pk]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("il.", "character"),
        ("Me.Too", "character"),
        ("il..lusio", "character"),
        (".ll", "character"),
    ],
)
def test_only_a_full_stop_between_two_ls_joins_a_tag(name: str, problem: str) -> None:
    assert uax31.identifier_problem(name) == problem


def test_other_words_with_a_full_stop_are_not_folded() -> None:
    assert unitext.fold("mail.com") == "mail.com"
    assert unitext.fold("Vol. 1") == "vol. 1"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("#İSTANBUL", "istanbul"),
        ("#ıstanbul", "istanbul"),  # dotless i
        ("#نرم\u200cافزار", "نرمافزار"),  # Persian ZWNJ
        ("#٢٠١٨", "2018"),  # Arabic-Indic digits
        ("#۲۰۱۸", "2018"),  # Persian digits
        ("#मीटू२०१८", "मीटू2018"),  # Devanagari digits, vowel signs kept
    ],
)
def test_other_scripts_keep_their_keys(typed: str, key: str) -> None:
    assert normalize_hashtag(typed)[1] == key


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("İşyerinde taciz, İstanbul", "ISTANBUL"),
        ("ıstanbul", "İstanbul"),
        ("این نرم‌افزار به من کمک کرد", "نرمافزار"),
        ("في عام ٢٠١٨ تحدثت", "2018"),
        ("२०१८ में मैंने बताया", "2018"),
    ],
)
def test_search_in_other_scripts_still_matches(alice: User, body: str, query: str) -> None:
    story = publish(alice, body=body, hashtags=[])
    assert found(query) == [story.pk]


def test_the_migration_merges_old_keys_and_reindexes(alice: User, bob: User) -> None:
    """Before the change "il.lusio" was refused and "il‧lusió" was its own tag; a story with
    "col.legi" in its text was indexed under that spelling."""
    dotted = publish(alice, hashtags=["#il·lusió"])
    hyphen_point = publish(bob, hashtags=["#il‧lusió"])
    story = publish(alice, body="Al col.legi ningú no em va creure", hashtags=[])
    # As the old code left them.
    keeper = Hashtag.objects.get()
    old = Hashtag.objects.create(name="il‧lusió", key="il‧lusio", public_story_count=1)
    hyphen_point.storyhashtag_set.update(hashtag=old)
    old_terms = document_terms(title="", body="Al colxlegi", hashtags=[])
    StorySearchDocument.objects.filter(story=story).update(terms=old_terms)
    assert found("col·legi") == []

    migration = import_module("notalone.stories.migrations.0013_hashtag_keys_catalan_full_stop")
    migration.refold_keys(apps, None)
    migration.reindex_ela_geminada(apps, None)

    assert list(Hashtag.objects.values_list("pk", flat=True)) == [keeper.pk]
    assert tagged("#il.lusio") == {dotted.pk, hyphen_point.pk}
    assert Story.objects.get(pk=hyphen_point.pk).written_hashtags == ["il‧lusió"]
    assert found("col·legi") == [story.pk]
