# ruff: noqa: RUF001, RUF002  (the look-alike apostrophes are the point of these tests)
"""Both apostrophes behave the same in a hashtag (issue 11 review): ``#İstanbul'da`` with
U+0027 was refused while ``#İstanbul’da`` with U+2019 was accepted. The rule
(``core.uax31``): every apostrophe that ``fold`` reads as U+0027 is a UAX #31 medial, joining
two parts of a tag and never starting or ending one; a tag is one tag whichever apostrophe
was typed, in the story form, the API, a search's hashtag filter and a ``/tags/`` address."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from notalone.accounts import services as accounts
from notalone.accounts.models import User
from notalone.core import uax31
from notalone.stories import selectors
from notalone.stories.models import Hashtag, Story
from notalone.stories.selectors import FeedFilters
from notalone.stories.text import InvalidHashtag, normalize_hashtag
from tests.stories.factories import publish

# Every apostrophe that folds to U+0027 and is punctuation (U+02BC and U+02BB are letters).
APOSTROPHES = ["'", "\u2019", "\u2018", "\uff07", "\u055a"]
PAIRS = [
    ("İstanbul{}da", "istanbul'da"),  # the example (Turkish)
    ("aujourd{}hui", "aujourd'hui"),  # French
    ("l{}école", "l'ecole"),
    ("пам{}ять", "пам'ять"),  # Ukrainian writes an apostrophe inside words
    ("c{}hoari", "c'hoari"),  # Breton
    ("Ankara{}ya", "ankara'ya"),
]


def tagged(tag: str) -> set[int]:
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(hashtag=tag))
    return {story.pk for story in page.items}


@pytest.mark.parametrize("apostrophe", APOSTROPHES[:4])
@pytest.mark.parametrize(("spelling", "key"), PAIRS)
def test_every_apostrophe_is_accepted_with_one_key(
    apostrophe: str, spelling: str, key: str
) -> None:
    name = spelling.format(apostrophe)
    assert uax31.identifier_problem(name) is None
    assert normalize_hashtag(f"#{name}") == (name, key)


@pytest.mark.parametrize(
    ("tag", "key"), [("#İstanbul՚da", "istanbul'da"), ("#Երևան՚ում", "երեւան'ում")]
)
def test_the_armenian_apostrophe_is_one_too(tag: str, key: str) -> None:
    # (In a Cyrillic word it is refused for mixing scripts: it is Armenian punctuation.)
    assert normalize_hashtag(tag)[1] == key


@pytest.mark.parametrize(
    "tag", ["#il·lusió", "#İstanbulʼda", "#ʻōlelo", "#ג'ירפה", "#ג׳ירפה", "#צה״ל", "#Me'Too'India"]
)
def test_other_medials_and_letters_still_work(tag: str) -> None:
    normalize_hashtag(tag)


@pytest.mark.parametrize("apostrophe", APOSTROPHES)
@pytest.mark.parametrize("template", ["#'{}", "#{}'", "#a{}", "#{}a", "#a{}'b", "#a'{}b", "#{}"])
def test_an_apostrophe_only_joins_two_parts(apostrophe: str, template: str) -> None:
    tag = template.replace("{}", apostrophe) if "{}" in template else template + apostrophe
    with pytest.raises(InvalidHashtag, match="can only join two parts"):
        normalize_hashtag(tag)


@pytest.mark.django_db
@pytest.mark.parametrize(("spelling", "_key"), PAIRS)
def test_one_tag_and_one_page_whichever_apostrophe(
    alice: User, client: Client, spelling: str, _key: str
) -> None:
    straight = publish(alice, hashtags=["#" + spelling.format("'")])
    curly = publish(alice, hashtags=["#" + spelling.format("’")])
    assert Hashtag.objects.count() == 1
    for apostrophe in ("'", "’"):
        name = spelling.format(apostrophe)
        assert tagged(name) == {straight.pk, curly.pk}
        page = client.get(f"/tags/{name}/")
        assert page.status_code == 200
        assert straight.public_id in page.content.decode()
        assert curly.public_id in page.content.decode()
        listed = client.get("/api/v1/stories", {"hashtag": name})
        assert listed.status_code == 200
        assert {item["id"] for item in listed.json()["items"]} == {
            straight.public_id,
            curly.public_id,
        }
        assert client.get("/search/", {"hashtag": name}).status_code == 200


@pytest.mark.django_db
def test_the_story_form_takes_the_ascii_apostrophe(alice: User, alice_client: Client) -> None:
    """The example, typed in a story: ``#İstanbul'da`` with U+0027."""
    response = alice_client.post(
        "/stories/new/",
        {"body": "Geçen yıl İstanbul'da oldu.", "hashtags": "#İstanbul'da #aujourd'hui #il·lusió"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get()
    assert story.written_hashtags == ["İstanbul'da", "aujourd'hui", "il·lusió"]
    assert tagged("#İstanbul’da") == {story.pk}


@pytest.mark.django_db
def test_the_api_takes_both_apostrophes(alice: User, client: Client) -> None:
    token = accounts.api_token_create(user=alice)
    for tags in (["#İstanbul'da"], ["#İstanbul’da"]):
        response = client.post(
            "/api/v1/stories",
            {"body": "It happened there.", "hashtags": tags},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, response.content.decode()
    assert list(Hashtag.objects.values_list("key", flat=True)) == ["istanbul'da"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tag", "query"),
    [
        ("#İstanbul’da", "#İstanbul'da"),
        ("#İstanbul'da", "#İstanbul’da"),
        ("#l'école", "l’école"),
        ("#пам’ять", "пам'ять"),
    ],
)
def test_a_search_for_the_tag_finds_it_whichever_apostrophe(
    alice: User, tag: str, query: str
) -> None:
    story = publish(alice, body="A story.", hashtags=[tag])
    publish(alice, body="Another story.", hashtags=["#Other"])
    page = selectors.story_feed(viewer=AnonymousUser(), filters=FeedFilters(q=query), limit=50)
    assert [item.pk for item in page.items] == [story.pk]
