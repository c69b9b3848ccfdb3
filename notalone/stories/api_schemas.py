"""The JSON shapes of the stories API: requests (types only, documented from the story
schema) and answers (``story_out``, ``reply_out``, shaped by the story policy)."""

from __future__ import annotations

import dataclasses
import datetime
import typing
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from ninja import Field, Path, Schema
from pydantic import ConfigDict, create_model

from notalone.accounts.models import User
from notalone.core.ids import PUBLIC_ID_PATTERN, DigitsInt
from notalone.stories import policy, schema_docs, selectors
from notalone.stories.models import Reply, Story


def _documented(fields: dict[str, str]) -> ConfigDict:
    def extra(json_schema: dict[str, Any]) -> None:
        for name, prop in json_schema.get("properties", {}).items():
            prop.update(schema_docs.json_schema(fields.get(name, name)))

    return ConfigDict(json_schema_extra=extra)


# Any other value is answered 404, like an identifier that was never given out.
StoryId: Any = Path(  # type: ignore[type-arg]
    ..., description=f"The story's public identifier ({PUBLIC_ID_PATTERN})"
)
ReplyId: Any = Path(  # type: ignore[type-arg]
    ..., description=f"The reply's public identifier ({PUBLIC_ID_PATTERN})"
)


class StoryIn(Schema):
    model_config = _documented({})

    body: str
    title: str = ""
    content_warnings: list[str] = Field(default_factory=list)
    what: str = ""
    where: str = ""
    who: str = ""
    year: int | str | None = None
    country: str = ""
    language: str = ""
    hashtags: list[str] | None = None
    signature: str = "pseudonym"
    visibility: str = "public"
    allow_replies: bool = True
    in_statistics: bool | None = None
    hold_blaming_replies: bool = True


class StoryPatch(Schema):
    """Only what is named changes; ``"year": null`` clears the year."""

    model_config = _documented({})

    body: str | None = None
    title: str | None = None
    content_warnings: list[str] | None = None
    what: str | None = None
    where: str | None = None
    who: str | None = None
    year: int | str | None = None
    country: str | None = None
    language: str | None = None
    hashtags: list[str] | None = None
    signature: str | None = None
    visibility: str | None = None
    allow_replies: bool | None = None
    in_statistics: bool | None = None
    hold_blaming_replies: bool | None = None


class Reactions(Schema):
    me_too: int
    i_believe_you: int
    sending_strength: int
    mine: list[str]


class StoryOut(Schema):
    id: str
    url: str
    title: str
    body: str
    body_html: str
    signed_as: str
    is_mine: bool
    content_warnings: list[str]
    what: str
    where: str
    who: str
    year: int | None
    country: str
    language: str
    hashtags: list[str]
    visibility: str
    allow_replies: bool
    hold_blaming_replies: bool
    reactions: Reactions
    reply_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None


# The feed's filters are ``selectors.FeedFilters``' own fields (names, types and defaults), so
# a filter added there is a query parameter here too.
_FILTER_FIELDS: dict[str, Any] = {
    f.name: (typing.get_type_hints(selectors.FeedFilters)[f.name], f.default)
    for f in dataclasses.fields(selectors.FeedFilters)
}
_FeedFilterFields = create_model("FeedFilterFields", __base__=Schema, **_FILTER_FIELDS)


class FeedQuery(_FeedFilterFields):  # type: ignore[misc,valid-type]
    model_config = _documented({})

    cursor: str = Field("", max_length=200)
    limit: DigitsInt = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class ReplyIn(Schema):
    model_config = _documented({"body": "reply_body"})

    body: str


class ReplyOut(Schema):
    id: str
    story_id: str
    signed_as: str
    is_mine: bool
    body: str
    body_html: str
    hidden_by_author: bool
    created_at: datetime.datetime


class ReplyHideIn(Schema):
    hidden: bool


class BlockIn(Schema):
    """Give one of the two. Blocking from an anonymous story, or from its author's reply in
    its thread, mutes that story for you instead of blocking anyone."""

    story_id: str | None = None
    reply_id: str | None = None


class BlockedOut(Schema):
    """``member``: a block between accounts; ``story``: the story is muted for you;
    ``thread``: your own anonymous story is closed to that member."""

    blocked: Literal["member", "story", "thread"]


class ClosedThreadOut(Schema):
    story_id: str
    member: str


class BlocksOut(Schema):
    members: list[str]
    muted_stories: list[str]
    closed_threads: list[ClosedThreadOut]


class Choice(Schema):
    value: str
    label: str


class StoryOptions(Schema):
    what: list[Choice]
    where: list[Choice]
    who: list[Choice]
    signature: list[Choice]
    visibility: list[Choice]
    content_warnings: list[Choice]
    countries: list[Choice]
    languages: list[Choice]
    limits: dict[str, int]


def to_the_minute(moment: datetime.datetime) -> datetime.datetime:
    """Times are published to the minute: a timestamp to the microsecond can tie two pieces
    of writing together (an anonymous story and a signed one changed by one request)."""
    return moment.replace(second=0, microsecond=0)


def story_out(
    story: Story, viewer: User | AnonymousUser, mine: set[str] | None = None
) -> dict[str, object]:
    return {
        "id": story.public_id,
        "url": f"/stories/{story.public_id}/",
        "title": story.title,
        "body": story.body,
        "body_html": story.body_html,
        "signed_as": story.shown_name,
        "is_mine": policy.is_author(viewer, story),
        "content_warnings": list(story.content_warnings),
        "what": story.what,
        "where": story.where,
        "who": story.who,
        "year": story.year,
        "country": story.country,
        "language": story.language,
        "hashtags": story.written_hashtags,
        "visibility": story.visibility,
        "allow_replies": story.allow_replies,
        "hold_blaming_replies": story.hold_blaming_replies,
        "reactions": {
            "me_too": story.me_too_count,
            "i_believe_you": story.i_believe_you_count,
            "sending_strength": story.sending_strength_count,
            "mine": sorted(mine or ()),
        },
        "reply_count": story.reply_count,
        "created_at": to_the_minute(story.created_at),
        "updated_at": to_the_minute(story.updated_at),
    }


def reply_out(reply: Reply, story: Story, viewer: User | AnonymousUser) -> dict[str, object]:
    member = policy.member_of(viewer)
    return {
        "id": reply.public_id,
        "story_id": story.public_id,
        "signed_as": policy.reply_shown_name(reply, story),
        "is_mine": member is not None and reply.author_id == member.pk,
        "body": reply.body,
        "body_html": reply.body_html,
        "hidden_by_author": reply.hidden_by_author,
        "created_at": to_the_minute(reply.created_at),
    }
