# ruff: noqa: RUF001, RUF002  (the Turkish dotless i is the point of these tests)
"""A story shows its hashtags as its author wrote them (review of issue 11).

Hashtags match by a folded key ("año" and "ano", "sık" and "sik" are one tag), but the
spelling shown on a story, in its edit form, its export and the API is its author's own: a
member who used the other spelling first must not be able to print it on someone else's story.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.test import Client

from notalone.stories import services
from notalone.stories.models import Hashtag, Story
from tests.conftest import make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def _tags_html(client: Client, story: Story) -> str:
    html = client.get(f"/stories/{story.public_id}/").content.decode()
    return html.split('class="story-tags">', 1)[1].split("</p>", 1)[0]


def test_a_story_keeps_its_authors_spelling_of_a_shared_tag(client: Client) -> None:
    troll = make_member("first_user")
    survivor = make_member("survivor")
    publish(troll, hashtags=["#ano", "#sik"])
    story = publish(survivor, body="Este año lo conté.", hashtags=["#año", "#sık"])

    assert Hashtag.objects.filter(key__in=["ano", "sik"]).count() == 2  # one tag per key
    assert story.written_hashtags == ["año", "sık"]
    assert services.story_fields_of(story).hashtags == ["año", "sık"]
    tags = _tags_html(client, story)
    assert "#año" in tags
    assert "#sık" in tags
    assert "#ano" not in tags
    assert "#sik" not in tags


def test_an_edit_can_change_the_spelling_of_a_kept_tag(client: Client) -> None:
    author = make_member("author")
    story = publish(author, hashtags=["#ano"])
    fields = dataclasses.replace(services.story_fields_of(story), hashtags=["#AÑO"])
    services.story_edit(story=story, editor=author, fields=fields)
    story.refresh_from_db()
    assert story.written_hashtags == ["AÑO"]
    assert "#AÑO" in _tags_html(client, story)


def test_the_tag_page_heading_is_the_spelling_that_led_to_it(client: Client) -> None:
    publish(make_member("first_user"), hashtags=["#sik"])
    publish(make_member("survivor"), hashtags=["#sık"])
    page = client.get("/tags/sık/").content.decode()
    assert "<h1><bdi>#sık</bdi></h1>" in page
