# ruff: noqa: RUF001  (scripts other than Latin are the point of these tests)
"""Hashtags and search in every script (issue 11, part 1; issue 15, item 9), on either
database: the same answers on SQLite and PostgreSQL, because both search the same terms."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client

from notalone.accounts.models import User
from notalone.stories import selectors
from notalone.stories.models import Hashtag, HashtagDay, Story, StoryHashtag
from notalone.stories.selectors import FeedFilters
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def found(query: str) -> list[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query), limit=50)
    return [story.pk for story in page.items]


# ---------------------------------------------------------------------------------------
# Hashtags


@pytest.mark.parametrize("tag", ["نرم\u200cافزار", "il·lusió", "أنا_أيضا", "米兔", "MeTooIndia"])
def test_hashtags_of_every_script_are_accepted_as_written(alice: User, tag: str) -> None:
    story = publish(alice, hashtags=[f"#{tag}"])
    assert [h.name for h in story.hashtags.all()] == [tag]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("#İstanbul", "#istanbul"),
        ("#català", "#catala"),
        ("#نرم\u200cافزار", "#نرمافزار"),
        ("#MeToo", "#ＭｅＴｏｏ"),
        ("#أنا_أيضا", "#أَنَا_أَيْضًا"),
    ],
)
def test_one_tag_whatever_the_spelling(alice: User, first: str, second: str) -> None:
    one = publish(alice, hashtags=[first])
    other = publish(alice, hashtags=[second])
    assert Hashtag.objects.filter(stories__in=[one, other]).distinct().count() == 1
    # The tag keeps its first author's spelling.
    assert Hashtag.objects.get(stories=other).name == first.removeprefix("#")
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(hashtag=second))
    assert {s.pk for s in page.items} == {one.pk, other.pk}


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("#米兔，#性侵", ["#米兔", "#性侵"]),  # full-width comma
        ("#米兔、#性侵", ["#米兔", "#性侵"]),  # ideographic comma
        ("#米兔\u3000#MeToo", ["#米兔", "#MeToo"]),  # ideographic space
        ("#أنا_أيضا، #MeToo", ["#أنا_أيضا", "#MeToo"]),  # Arabic comma
        ("#MeToo, #YoTambién", ["#MeToo", "#YoTambién"]),
    ],
)
def test_tags_typed_with_any_scripts_comma_are_separate(typed: str, tags: list[str]) -> None:
    """The story form's hashtag field: a Chinese or Arabic keyboard's comma separated
    nothing, and two tags joined by a full-width comma were refused as one with a stray comma."""
    from notalone.stories.text import split_hashtags

    assert split_hashtags(typed) == tags


def test_the_hashtag_page_answers_for_every_spelling(alice: User, client: Client) -> None:
    publish(alice, hashtags=["#català"])
    assert client.get("/tags/catala/").status_code == 200
    assert client.get("/tags/CATALÀ/").status_code == 200


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("#a\u200cb", "invisible joining character"),
        ("#·illusio", "middle dot"),
        ("#me too", "letters, digits and underscores"),
    ],
)
def test_hashtags_that_break_the_rules_are_refused_with_a_reason(
    alice: User, tag: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        publish(alice, hashtags=[tag])
    assert words in " ".join(refused.value.message_dict["hashtags"])


def test_existing_tags_are_refolded_and_merged(alice: User, bob: User) -> None:
    """The data migration: old keys (NFKC casefold) for #català and #catala were two tags."""
    first = publish(alice, hashtags=["#català"])
    second = publish(bob, hashtags=["#catala"])
    both = publish(bob, hashtags=["#catala", "#İstanbul"])
    keeper = Hashtag.objects.get(name="català")
    # As the old code left them: two tags, each with its own stories and counts.
    Hashtag.objects.filter(pk=keeper.pk).update(key="català")
    old = Hashtag.objects.create(name="catala", key="catala", public_story_count=2)
    StoryHashtag.objects.filter(story__in=[second, both], hashtag=keeper).update(hashtag=old)
    StoryHashtag.objects.create(story=both, hashtag=keeper, counted=True)
    Hashtag.objects.filter(name="İstanbul").update(key="i̇stanbul")

    import_module("notalone.stories.migrations.0007_hashtag_keys_folded_like_search").refold(
        apps, None
    )

    keeper.refresh_from_db()
    assert keeper.key == "catala"
    assert not Hashtag.objects.filter(pk=old.pk).exists()
    assert set(keeper.stories.values_list("pk", flat=True)) == {first.pk, second.pk, both.pk}
    assert keeper.public_story_count == 3
    assert sum(HashtagDay.objects.filter(hashtag=keeper).values_list("story_count", flat=True)) == 3
    assert Hashtag.objects.get(name="İstanbul").key == "istanbul"


# ---------------------------------------------------------------------------------------
# Search


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("私は職場でセクハラを受けました", "セクハラ"),  # Japanese, no spaces
        ("我在公司遭遇了性侵，后来才说出来。", "性侵"),  # Chinese, a two-character word
        ("我也是米兔的一员", "米兔"),
        ("회사에서 성희롱을 당했습니다", "성희롱"),  # Korean, a particle attached
        ("ฉันถูกล่วงละเมิดทางเพศที่ทำงาน", "ล่วงละเมิด"),  # Thai, no spaces
        ("تعرضت للتحرّش في العمل", "للتحرش"),  # Arabic, shadda in the text only
        ("تعرضت للتحرش في العمل", "لِلتَّحَرُّش"),  # and in the query only
        ("הוא הטריד אותִי בַּעֲבוֹדָה", "בעבודה"),  # Hebrew niqqud
        ("Tôi bị quấy rối ở nơi làm việc", "quay roi"),  # Vietnamese diacritics
        ("Tôi bị quấy rối ở nơi làm việc", "QUẤY RỐI"),
        ("Vaig viure una il·lusió a la feina", "il·lusio"),
        ("Er war mein Vorgesetzter in İstanbul", "istanbul"),
        ("मुझे काम पर हिंसा का सामना करना पड़ा", "हिंसा"),  # Devanagari
        ("কর্মস্থলে যৌন হয়রানির শিকার হয়েছি", "হয়রানির"),  # Bengali
        ("பணியிடத்தில் துன்புறுத்தல் நடந்தது", "துன்புறுத்தல்"),  # Tamil
        ("Le harcèlement au travail", "HARCELEMENT"),
        ("ＭｅＴｏｏ at work", "metoo"),
    ],
)
def test_search_finds_words_in_every_script(alice: User, body: str, query: str) -> None:
    story = publish(alice, body=body, hashtags=[])
    publish(alice, body="Nothing to do with it.", hashtags=[])
    assert found(query) == [story.pk]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("उसने हंस की तस्वीर भेजी", "हिंसा"),  # a combining mark is not a word break
        ("আমি কজ করি", "কাজ"),  # Bengali vowel sign kept
        ("セクシーな服", "セクハラ"),  # two of three bigrams are not a match
        ("性别平等", "性侵"),
    ],
)
def test_search_does_not_match_another_word(alice: User, body: str, query: str) -> None:
    publish(alice, body=body, hashtags=[])
    assert found(query) == []


def test_a_single_han_character_finds_the_words_it_starts(alice: User) -> None:
    story = publish(alice, body="我遭遇了性侵", hashtags=[])
    assert found("性") == [story.pk]


MI_TU_STORIES = [
    {"body": "我支持米兔"},  # the word ends the text
    {"body": "A story.", "title": "米兔"},
    {"body": "A story.", "title": "我的米兔故事"},
    {"body": "A story.", "hashtags": ["#米兔"]},
    {"body": "A story.", "hashtags": ["#米兔MeToo"]},
    {"body": "我也是＃米兔。"},  # full-width number sign, ideographic full stop
    {"body": "「米兔」运动"},
    {"body": "米兔2018"},
    {"body": "ＭｅＴｏｏ米兔"},
    {"body": "米\u200b兔，我也是"},  # a zero-width space (default ignorable) inside
    {"body": "⽶兔"},  # KANGXI RADICAL RICE, NFKC 米
]


@pytest.mark.parametrize("fields", MI_TU_STORIES, ids=[str(f) for f in MI_TU_STORIES])
@pytest.mark.parametrize("query", ["米兔", "#米兔", "＃米兔", " 米兔。", "米 兔", "兔", "米"])
def test_mi_tu_is_found_wherever_it_is_written(
    alice: User, fields: dict[str, object], query: str
) -> None:
    """The review's "米兔 found nothing": a lone character looked for as a prefix never
    found the last character of a run (``兔`` in ``我支持米兔``), so neither ``兔`` nor
    ``米 兔`` did. Documents now keep each run's last character alone too."""
    story = publish(alice, **{"hashtags": [], **fields})
    publish(alice, body="兔子 and 大米, but not the word.", hashtags=[])
    if len(query.replace(" ", "")) == 1 or query == "米 兔":
        assert story.pk in found(query)  # lone characters also find the other story
    else:
        assert found(query) == [story.pk]


def test_mi_tu_is_found_through_every_door(alice: User, client: Client) -> None:
    story = publish(alice, body="我支持米兔", hashtags=["#米兔"])
    for response in (
        client.get("/search/", {"q": "米 兔"}),
        client.get("/api/v1/stories", {"q": "兔"}),
        client.get("/tags/米兔/"),
    ):
        assert response.status_code == 200
        assert story.public_id in response.content.decode()


def test_term_counts_follow_every_change_and_match_a_recount(alice: User) -> None:
    from notalone.core.unitext import encode_term
    from notalone.stories import search, services
    from notalone.stories.models import StorySearchTerm

    def counts() -> dict[str, int]:
        return dict(StorySearchTerm.objects.filter(stories__gt=0).values_list("term", "stories"))

    one = publish(alice, body="米兔 lighthouse", hashtags=["#Harbour"])
    other = publish(alice, body="lighthouse keeper", hashtags=[])
    assert counts()[encode_term("lighthouse")] == 2
    services.story_edit(
        story=one, editor=alice, fields=services.StoryFields(body="米兔 only", hashtags=[])
    )
    services.story_delete(story=other, actor=alice)
    kept = counts()
    assert encode_term("lighthouse") not in kept
    assert kept[encode_term("米兔")] == kept[encode_term("only")] == 1
    search.rebuild_term_counts()
    assert counts() == kept
    Story.objects.filter(pk=one.pk).delete()  # a cascade, as an account's deletion makes
    assert counts() == {}


@pytest.mark.parametrize("query", ["#MeToo", "MeToo", "metoo", "#metoo"])
def test_search_matches_hashtags(alice: User, query: str) -> None:
    tagged = publish(alice, body="A story with no tag in its words.", hashtags=["MeToo"])
    publish(alice, body="Another story.", hashtags=["Other"])
    assert found(query) == [tagged.pk]


@pytest.mark.parametrize("query", ["米兔", "#米兔", "#أنا_أيضا", "أنا أيضا", "انا"])
def test_search_matches_hashtags_in_every_script(alice: User, query: str) -> None:
    tagged = publish(alice, body="A story.", hashtags=["米兔", "أنا_أيضا"])
    publish(alice, body="Another story.", hashtags=["Other"])
    assert found(query) == [tagged.pk]


def test_a_tag_removed_by_an_edit_no_longer_finds_the_story(alice: User) -> None:
    from notalone.stories import services

    story = publish(alice, body="A story.", hashtags=["Lighthouse"])
    assert found("lighthouse") == [story.pk]
    services.story_edit(
        story=story, editor=alice, fields=services.StoryFields(body="A story.", hashtags=[])
    )
    assert found("lighthouse") == []


def test_the_search_page_finds_a_japanese_word(alice: User, client: Client) -> None:
    story = publish(alice, body="私は職場でセクハラを受けました", hashtags=[])
    response = client.get("/search/", {"q": "セクハラ"})
    assert response.status_code == 200
    assert story.public_id in response.content.decode()


@pytest.mark.parametrize(
    ("few", "probe", "walk_ms"),
    [(0, 1, 50), (1, 51, 50), (2000, 51, 50), (2000, 1, 50), (2000, 1, 0)],
)
def test_search_answers_alike_however_many_match(
    alice: User, monkeypatch: pytest.MonkeyPatch, few: int, probe: int, walk_ms: int
) -> None:
    """PostgreSQL walks newest first when more than ``FEW_MATCHES`` stories are expected to
    match (several words only when the walk finds a page in time), and otherwise takes the
    matching ids (a list when few, a semi-join when many): every way gives the same stories
    in the same order. (A timeout of 0 disables it: the walk then always runs.)"""
    from notalone.stories import search

    monkeypatch.setattr(search, "FEW_MATCHES", few)
    monkeypatch.setattr(search, "PAGE_PROBE", probe)
    monkeypatch.setattr(search, "WALK_MILLISECONDS", walk_ms)
    made = [publish(alice, body=f"セクハラ story {n}", hashtags=[]).pk for n in range(3)]
    publish(alice, body="Nothing to do with it.", hashtags=[])
    assert found("セクハラ") == sorted(made, reverse=True)
    page = selectors.story_feed(
        viewer=AnonymousUser(), filters=FeedFilters(q="#MeToo セクハラ"), limit=2
    )
    assert page.items == []
    first = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q="story"), limit=2)
    second = selectors.story_feed(
        viewer=AnonymousUser(), filters=FeedFilters(q="story"), cursor=first.next_cursor, limit=2
    )
    assert [s.pk for s in first.items + second.items] == sorted(made, reverse=True)
