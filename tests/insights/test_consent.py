"""The author's choice, through the one story schema: the form and the API agree."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts import services as accounts
from notalone.accounts.models import User
from notalone.insights.models import StoryFact
from notalone.stories.models import Story
from tests.conftest import PASSWORD
from tests.insights.conftest import share

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(db: None) -> User:
    return User.objects.create_user("writer", PASSWORD)


def _api(writer: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {accounts.api_token_create(user=writer)}"}


def _post_form(writer: User, **fields: str) -> Story:
    client = Client()
    client.force_login(writer)
    data = {"body": "Told through the form.", "signature": "anonymous", "visibility": "public"}
    response = client.post("/stories/new/", data | fields)
    assert response.status_code == 302, response.content[:500]
    return Story.objects.latest("pk")


@pytest.mark.parametrize(
    ("visibility", "choice", "counted"),
    [
        ("public", "", True),
        ("public", "no", False),
        ("members", "", False),
        ("members", "yes", True),
        ("private", "yes", True),
    ],
)
def test_the_form_asks_and_defaults_by_audience(
    writer: User, visibility: str, choice: str, counted: bool
) -> None:
    story = _post_form(writer, visibility=visibility, in_statistics=choice)
    assert StoryFact.objects.filter(story=story).exists() is counted


def test_the_form_explains_the_choice_in_one_sentence(writer: User) -> None:
    client = Client()
    client.force_login(writer)
    html = client.get("/stories/new/").content.decode()
    assert "Count my story in the statistics" in html
    assert "never your words" in html


@pytest.mark.parametrize(
    ("visibility", "choice", "counted"),
    [
        ("public", None, True),
        ("public", False, False),
        ("members", None, False),
        ("members", True, True),
    ],
)
def test_the_api_agrees_with_the_form(
    writer: User, client: Client, visibility: str, choice: bool | None, counted: bool
) -> None:
    body = {"body": "Told through the API.", "visibility": visibility}
    if choice is not None:
        body["in_statistics"] = choice
    response = client.post("/api/v1/stories", body, content_type="application/json", **_api(writer))
    assert response.status_code == 201, response.content
    story = Story.objects.get(public_id=response.json()["id"])
    assert StoryFact.objects.filter(story=story).exists() is counted


def test_withdrawing_through_the_api_takes_the_story_out(writer: User, client: Client) -> None:
    story = share(writer)
    assert StoryFact.objects.filter(story=story).exists()
    response = client.patch(
        f"/api/v1/stories/{story.public_id}",
        {"in_statistics": False},
        content_type="application/json",
        **_api(writer),
    )
    assert response.status_code == 200, response.content
    assert not StoryFact.objects.filter(story=story).exists()
    client.patch(
        f"/api/v1/stories/{story.public_id}",
        {"in_statistics": None},
        content_type="application/json",
        **_api(writer),
    )
    assert StoryFact.objects.filter(story=story).exists()


def test_deleting_an_account_that_keeps_its_stories_unties_their_facts(writer: User) -> None:
    share(writer)
    share(writer)
    accounts.account_delete(user=writer, keep_stories=True)
    assert list(StoryFact.objects.values_list("author_id", flat=True)) == [None, None]
