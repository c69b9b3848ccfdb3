"""One story schema: the form, the API and the service accept and refuse the same values,
with the same messages (property-based, with hypothesis).

Each generated story is sent three ways: to the service directly, through the story form
(HTTP POST, as a browser sends it) and through the API (JSON). All three must agree on
whether it is accepted and, when it is not, on every message for every field. The feed
filters are checked the same way against the story fields they share.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notalone.accounts import services as accounts
from notalone.accounts.models import User
from notalone.stories import schema, schema_hashtags, services
from notalone.stories.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Signature,
    Visibility,
    What,
    Where,
    Who,
)

pytestmark = pytest.mark.django_db

# Printable text without surrogates (which no form or JSON body can carry).
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def _around(limit: int) -> st.SearchStrategy[str]:
    """Text just under, at and just over a length limit, with spaces at either end."""
    return st.builds(
        lambda n, pad: " " * pad + "x" * n + " " * pad,
        st.integers(limit - 2, limit + 2),
        st.integers(0, 2),
    )


def _choice(values: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.sampled_from(values), _TEXT)


_TAG = st.one_of(
    st.sampled_from(["#MeToo", "MeToo", "#YoTambién", "#米兔", "#", "#two words", "#a" * 30]),
    st.text(
        st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=12
    ).filter(lambda t: "," not in t),
)

STORIES = st.fixed_dictionaries(
    {
        "body": st.one_of(_TEXT, st.just("   "), _around(BODY_MAX_LENGTH)),
        "title": st.one_of(_TEXT, _around(TITLE_MAX_LENGTH)),
        "what": _choice(What.values),
        "where": _choice(Where.values),
        "who": _choice(Who.values),
        "signature": st.sampled_from([*Signature.values, "", "someone"]),
        "visibility": st.sampled_from([*Visibility.values, "", "everyone"]),
        "year": st.one_of(
            st.none(),
            st.integers(1890, 2040),
            st.integers(-5, 10**7),
            # The form sends text; the API may too: digits of other scripts, and nonsense.
            st.sampled_from(
                [
                    "2019",
                    "\u0662\u0660\u0661\u0669",
                    "\uff11\uff19\uff19\uff19",
                    " 2001 ",
                    "",
                    "1e3",
                    "abc",
                    "2O19",
                ]
            ),
        ),
        "country": st.one_of(st.sampled_from(["FR", "in", "", "XX", "France"]), _TEXT),
        "language": st.one_of(st.sampled_from(["en", "ES", "", "xx", "english"]), _TEXT),
        "hashtags": st.lists(_TAG.filter(lambda t: not any(c.isspace() for c in t)), max_size=12),
        "content_warnings": st.lists(
            st.sampled_from(["violence", "self-harm", "not-a-warning"]), max_size=3
        ),
        "allow_replies": st.booleans(),
    }
)


def _service(author: User, story: dict[str, Any]) -> dict[str, list[str]] | None:
    try:
        services.story_publish(author=author, fields=schema.StoryFields(**story))
    except ValidationError as error:
        return {field: sorted(messages) for field, messages in error.message_dict.items()}
    return None


def _form(client: Client, story: dict[str, Any]) -> dict[str, list[str]] | None:
    data: dict[str, Any] = {
        key: value for key, value in story.items() if key not in ("hashtags", "allow_replies")
    }
    data["year"] = "" if story["year"] is None else str(story["year"])  # text, as typed
    data["hashtags"] = " ".join(story["hashtags"])
    if story["allow_replies"]:
        data["allow_replies"] = "on"
    response = client.post("/stories/new/", data)
    if response.status_code == 302:
        return None
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    found: dict[str, list[str]] = {}
    for field, items in re.findall(
        r'<ul class="errorlist" id="id_(\w+)_error">(.*?)</ul>', page, flags=re.S
    ):
        found[field] = sorted(html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", items, re.S))
    return found


def _api(token: str, story: dict[str, Any]) -> dict[str, list[str]] | None:
    response = Client().post(
        "/api/v1/stories",
        data=json.dumps(story),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    if response.status_code == 201:
        return None
    assert response.status_code == 400, (response.status_code, response.content[:300])
    return {field: sorted(messages) for field, messages in response.json()["errors"].items()}


@pytest.fixture
def three_ways(alice: User, alice_client: Client) -> tuple[User, Client, str]:
    return alice, alice_client, accounts.api_token_create(user=alice)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(story=STORIES)
def test_the_form_the_api_and_the_service_agree(
    three_ways: tuple[User, Client, str], story: dict[str, Any]
) -> None:
    author, client, token = three_ways
    by_service = _service(author, story)
    by_form = _form(client, story)
    by_api = _api(token, story)
    assert by_form == by_service
    assert by_api == by_service


FILTERS = st.fixed_dictionaries(
    {
        "what": _choice(What.values),
        "where": _choice(Where.values),
        "who": _choice(Who.values),
        "country": st.sampled_from(["FR", "in", "", "XX"]),
        "language": st.sampled_from(["en", "", "xx"]),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filters=FILTERS)
def test_feed_filters_refuse_what_a_story_refuses_with_the_same_words(
    alice: User, filters: dict[str, str]
) -> None:
    story = {"body": "A story.", **filters}
    refused_story = _service(alice, story) or {}
    pages = Client().get("/stories/", filters)
    api = Client().get("/api/v1/stories", filters)
    if refused_story:
        assert pages.status_code == api.status_code == 400
        api_errors = api.json()["errors"]
        page = html.unescape(pages.content.decode())
        for field, messages in refused_story.items():
            assert sorted(api_errors[field]) == messages
            for message in messages:
                assert message in page
    else:
        assert pages.status_code == api.status_code == 200


def test_the_api_document_promises_the_schema_limits(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    story_in = document["components"]["schemas"]["StoryIn"]["properties"]
    assert story_in["title"]["maxLength"] == TITLE_MAX_LENGTH
    assert story_in["body"]["maxLength"] == BODY_MAX_LENGTH
    assert story_in["year"]["minimum"] == schema.YEAR_MIN
    assert story_in["year"]["maximum"] == schema.year_max()
    assert story_in["what"]["enum"] == ["", *What.values]
    assert story_in["hashtags"]["maxItems"] == schema_hashtags.MAX_HASHTAGS
    options = client.get("/api/v1/story-options").json()
    assert options["limits"]["title_max_length"] == TITLE_MAX_LENGTH
    assert [c["value"] for c in options["visibility"]] == list(Visibility.values)
