# ruff: noqa: RUF001, RUF002, RUF003  (look-alikes in other scripts are the point of these tests)
"""Hashtags that pass for others, stacked marks, and Arabic-script letters (review of issue 11).

An abuser must not be able to open a page that looks like #MeToo's (``#metоo`` with a Cyrillic
"о", or ``#МеТоо`` all in Cyrillic): UTS #39's Moderately Restrictive level and confusable
skeletons, from ICU. Persian and Arabic spellings of one letter are one tag and one search.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from notalone.accounts.models import User
from notalone.core.unitext import encode_term
from notalone.stories import selectors, services
from notalone.stories.models import Hashtag, Story, StorySearchDocument
from notalone.stories.selectors import FeedFilters
from notalone.stories.text import InvalidHashtag, look_alike, normalize_hashtag
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def found(query: str) -> list[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query), limit=50)
    return [story.pk for story in page.items]


def tagged(tag: str) -> set[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(hashtag=tag))
    return {story.pk for story in page.items}


def refusal(typed: str) -> str:
    with pytest.raises(InvalidHashtag) as error:
        normalize_hashtag(typed)
    return str(error.value)


@pytest.mark.parametrize(
    ("typed", "scripts"),
    [("#metоo", "Latin, Cyrillic"), ("#MeТoo", "Latin, Cyrillic"), ("#abcΩ", "Latin, Greek")],
)
def test_a_tag_mixing_latin_with_cyrillic_or_greek_is_refused(typed: str, scripts: str) -> None:
    message = refusal(typed)
    assert scripts in message
    assert "Write it in one alphabet" in message


@pytest.mark.parametrize(
    "typed", ["#MeToo米兔", "#MeTooIndia", "#セクハラ反対", "#미투운동", "#MeTooहिंसा", "#Ελλάδα"]
)
def test_scripts_that_go_together_are_kept(typed: str) -> None:
    assert normalize_hashtag(typed)[0] == typed[1:]


def test_the_refusal_is_translated() -> None:
    with translation.override("es"):
        message = refusal("#metоo")
    assert "alfabeto" in message


def test_a_cyrillic_tag_that_looks_like_an_existing_one_is_refused(alice: User, bob: User) -> None:
    publish(alice, hashtags=["#MeToo"])
    assert look_alike("МеТоо") == look_alike("MeToo") == look_alike("metoo")
    with pytest.raises(ValidationError) as error:
        publish(bob, hashtags=["#МеТоо"])
    assert "looks the same as the tag" in str(error.value)
    assert list(Hashtag.objects.values_list("key", flat=True)) == ["metoo"]


def test_a_cyrillic_word_that_looks_like_no_tag_is_its_own_tag(alice: User) -> None:
    publish(alice, hashtags=["#MeToo"])
    story = publish(alice, hashtags=["#ЯТоже"])
    assert story.written_hashtags == ["ЯТоже"]


def test_the_refusal_reaches_the_form_as_a_message(alice: User, client: Client) -> None:
    publish(alice, hashtags=["#MeToo"])
    client.force_login(alice)
    response = client.post("/stories/new/", {"body": "It happened at work.", "hashtags": "#МеТоо"})
    assert response.status_code in (200, 400)
    assert "looks the same as the tag" in response.content.decode()


def test_stacked_marks_are_refused_like_in_any_other_text() -> None:
    assert "one symbol" in refusal("#é" + "\u0301" * 30)
    assert normalize_hashtag("#é\u0301")[1] == "e"  # two marks are a letter, not a stack


@pytest.mark.parametrize("typed", ["#_", "#__", "#_\u00b7_"])
def test_a_tag_needs_a_letter_or_digit(typed: str) -> None:
    message = refusal(typed)
    assert "letter" in message or "medial" in message or "middle dot" in message


def test_superscript_digits_are_refused_as_uax31_does() -> None:
    """XID_Continue is closed under NFKC, so ``¹²³`` (which would fold to ``123``) is not in
    it: the tag is refused, not silently made ``#123``."""
    assert "use letters, digits" in refusal("#¹²³")
    assert normalize_hashtag("#123") == ("123", "123")


@pytest.mark.parametrize(
    ("persian", "arabic"),
    [("کتاب", "كتاب"), ("ایران", "ايران"), ("مدرسه", "مدرسة"), ("علی", "على")],
)
def test_persian_and_arabic_letter_forms_are_one_tag(persian: str, arabic: str) -> None:
    assert normalize_hashtag(f"#{persian}")[1] == normalize_hashtag(f"#{arabic}")[1]


def test_persian_and_arabic_spellings_meet_in_search_and_tags(alice: User, bob: User) -> None:
    persian = publish(alice, body="این کتاب به من کمک کرد", hashtags=["#کتاب"])
    arabic = publish(bob, body="هذا الكتاب ساعدني في مدرسة البنات", hashtags=["#كتاب"])
    assert Hashtag.objects.filter(key__in=["كتاب", "کتاب"]).count() == 1
    assert tagged("#کتاب") == tagged("#كتاب") == {persian.pk, arabic.pk}
    assert set(found("كتاب")) == set(found("کتاب")) == {persian.pk, arabic.pk}
    assert found("مدرسه") == [arabic.pk]
    assert Story.objects.get(pk=persian.pk).written_hashtags == ["کتاب"]


def test_the_migration_merges_old_keys_fills_look_alikes_and_reindexes(
    alice: User, bob: User
) -> None:
    """Before the change ``#کتاب`` and ``#كتاب`` were two tags and ``مدرسة`` was indexed with
    its TEH MARBUTA."""
    arabic = publish(alice, hashtags=["#كتاب"])
    persian = publish(bob, hashtags=["#کتاب"])
    both = publish(bob, hashtags=["#كتاب"])
    story = publish(alice, body="في مدرسة", hashtags=[])
    # As the old code left them: a second tag keyed with KEHEH, holding two stories, one of
    # which also carries the other spelling's tag.
    keeper = Hashtag.objects.get()
    old = Hashtag.objects.create(name="کتاب", key="کتاب", public_story_count=2)
    persian.storyhashtag_set.update(hashtag=old)
    both.storyhashtag_set.create(hashtag=old, name="کتاب")
    Hashtag.objects.update(look_alike="")
    old_terms = " ".join(encode_term(term) for term in ("في", "مدرسة"))
    StorySearchDocument.objects.filter(story=story).update(terms=old_terms)
    assert found("مدرسة") == []

    migration = import_module("notalone.stories.migrations.0015_hashtag_look_alike_arabic_letters")
    migration.refold_keys(apps, None)
    migration.fill_look_alike(apps, None)
    migration.reindex_arabic_letters(apps, None)

    assert list(Hashtag.objects.values_list("pk", flat=True)) == [keeper.pk]
    assert tagged("#کتاب") == {arabic.pk, persian.pk, both.pk}
    assert Story.objects.get(pk=persian.pk).written_hashtags == ["کتاب"]
    assert Story.objects.get(pk=both.pk).storyhashtag_set.count() == 1
    assert Hashtag.objects.get().look_alike == look_alike("كتاب")
    assert Hashtag.objects.get().public_story_count == 3
    assert found("مدرسة") == [story.pk]


def test_a_latin_tag_that_looks_like_an_existing_cyrillic_one_is_refused(
    alice: User, bob: User, client: Client
) -> None:
    """The break-it review's case: ``#РОРЕ`` (Cyrillic) first, then ``#POPE`` (Latin). The
    rule is symmetric, whichever alphabet came first; the Cyrillic tag's page stays up and
    its story stays editable."""
    cyrillic = publish(alice, body="Это случилось на работе.", hashtags=["#РОРЕ"])
    with pytest.raises(ValidationError) as error:
        publish(bob, hashtags=["#POPE"])
    assert "looks the same as the tag" in str(error.value)
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["РОРЕ"]
    assert client.get("/tags/РОРЕ/").status_code == 200
    assert tagged("#РОРЕ") == {cyrillic.pk}
    services.story_edit(
        story=cyrillic,
        editor=alice,
        fields=services.StoryFields(body=cyrillic.body, hashtags=["#РОРЕ"]),
    )


def test_two_look_alikes_in_one_story_are_refused(alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        publish(alice, hashtags=["#РОРЕ", "#POPE"])
    assert "looks the same as the tag" in str(error.value)
    assert not Hashtag.objects.exists()


def test_look_alikes_stored_before_the_rule_both_stay_reachable_and_editable(
    alice: User, bob: User, client: Client
) -> None:
    """Two look-alike tags made before the rule was symmetric: neither page is hidden, and
    neither author is locked out of saving their story unchanged."""
    cyrillic = publish(alice, body="Это случилось на работе.", hashtags=["#РОРЕ"])
    Hashtag.objects.create(name="POPE", key="pope", look_alike=look_alike("POPE"))
    latin = publish(bob, hashtags=["#POPE"])
    for address in ("/tags/РОРЕ/", "/tags/POPE/"):
        assert client.get(address).status_code == 200
    for story, author, tag in ((cyrillic, alice, "#РОРЕ"), (latin, bob, "#POPE")):
        services.story_edit(
            story=story, editor=author, fields=services.StoryFields(body=story.body, hashtags=[tag])
        )
    assert tagged("#РОРЕ") == {cyrillic.pk}
    assert tagged("#POPE") == {latin.pk}


def test_latin_look_alikes_of_each_other_are_still_two_tags(alice: User) -> None:
    publish(alice, hashtags=["#burn"])
    assert publish(alice, hashtags=["#bum"]).written_hashtags == ["bum"]


@pytest.mark.parametrize(
    ("typed", "mark"),
    [
        ("#\u0301MeToo", "U+0301 COMBINING ACUTE ACCENT"),
        ("#\u0338MeToo", "U+0338 COMBINING LONG SOLIDUS OVERLAY"),
        ("#\u064bأنا", "U+064B ARABIC FATHATAN"),
        ("#\u093fहिंसा", "U+093F DEVANAGARI VOWEL SIGN I"),
        ("#\u05b7שלום", "U+05B7 HEBREW POINT PATAH"),
        ("#\u3099セクハラ", "U+3099 COMBINING KATAKANA-HIRAGANA VOICED SOUND MARK"),
        ("#aujourd'\u0301hui", "U+0301 COMBINING ACUTE ACCENT"),
    ],
)
def test_a_tag_cannot_start_with_a_combining_mark(typed: str, mark: str) -> None:
    """UAX #31: no identifier starts with a combining mark (nor, here, a part after an
    apostrophe or middle dot); ``#\u0301MeToo`` had its own page, keyed ``\u0301metoo``."""
    message = refusal(typed)
    assert mark in message
    assert "belongs on a letter" in message


def test_a_leading_mark_is_refused_in_the_form_and_on_a_tag_page(
    alice: User, client: Client
) -> None:
    client.force_login(alice)
    response = client.post("/stories/new/", {"body": "It happened.", "hashtags": "#\u0301MeToo"})
    assert "U+0301 COMBINING ACUTE ACCENT" in response.content.decode()
    assert not Hashtag.objects.exists()
    assert Client().get("/tags/%CC%81MeToo/").status_code == 404


def test_marks_inside_a_tag_are_kept() -> None:
    assert normalize_hashtag("#हिंसा")[0] == "हिंसा"
    assert normalize_hashtag("#e\u0301cole")[1] == "ecole"
    assert normalize_hashtag("#أنًا")[0] == "أنًا"


LOOK_ALIKES_IN_OTHER_SCRIPTS = [
    "#ꓟꓰꓔꓳꓳ",  # Lisu letters
    "#ᎷᎬᎢᎾᎾ",  # Cherokee letters
    "#metօօ",  # Latin with the Armenian letter oh
    "#MeTo〇",  # Latin with the ideographic zero
]


@pytest.mark.parametrize("disguise", LOOK_ALIKES_IN_OTHER_SCRIPTS)
def test_a_look_alike_in_any_other_script_is_refused_whichever_came_first(
    alice: User, bob: User, disguise: str
) -> None:
    """The verification of the review's fixes: not only Cyrillic and Greek letters can spell
    #MeToo. A pair whose scripts differ is compared, in both orders."""
    publish(alice, hashtags=["#MeToo"])
    with pytest.raises(ValidationError) as error:
        publish(bob, hashtags=[disguise])
    assert "looks the same as the tag" in str(error.value)
    Hashtag.objects.all().delete()
    Story.objects.all().delete()
    publish(alice, hashtags=[disguise])
    with pytest.raises(ValidationError):
        publish(bob, hashtags=["#MeToo"])


def test_a_letter_that_folds_away_cannot_leave_a_key_starting_with_a_mark() -> None:
    # U+02BC MODIFIER LETTER APOSTROPHE is a letter, but folds to an apostrophe, which the key
    # drops: "#ʼ\u0301MeToo" had the key "\u0301metoo", whose page no address reached.
    with pytest.raises(InvalidHashtag, match="U\\+0301"):
        normalize_hashtag("#\u02bc\u0301MeToo")
