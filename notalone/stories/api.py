"""The stories part of ``/api/v1``: the same services as the pages, as JSON."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router, Schema, Status

from notalone.accounts.models import User
from notalone.api.auth import BearerToken, member, optional_viewer
from notalone.api.errors import errors
from notalone.stories import selectors, services
from notalone.stories.models import Reply, Story

router = Router(tags=["stories"])

ReactionKindPath = Literal["me_too", "i_believe_you", "sending_strength"]


class StoryIn(Schema):
    body: str = Field(..., max_length=1_000_000)
    title: str = Field("", max_length=10_000)
    content_warnings: list[str] = Field(default_factory=list, max_length=20)
    what: str = Field("", max_length=100)
    where: str = Field("", max_length=100)
    who: str = Field("", max_length=100)
    year: int | None = Field(None, ge=0, le=100_000)
    country: str = Field("", max_length=100)
    language: str = Field("", max_length=100)
    hashtags: list[str] | None = Field(None, max_length=50)
    signature: Literal["pseudonym", "anonymous"] = "pseudonym"
    visibility: Literal["public", "members", "private"] = "public"
    allow_replies: bool = True


class StoryPatch(Schema):
    body: str | None = Field(None, max_length=1_000_000)
    title: str | None = Field(None, max_length=10_000)
    content_warnings: list[str] | None = Field(None, max_length=20)
    what: str | None = Field(None, max_length=100)
    where: str | None = Field(None, max_length=100)
    who: str | None = Field(None, max_length=100)
    year: int | None = Field(None, ge=0, le=100_000)
    country: str | None = Field(None, max_length=100)
    language: str | None = Field(None, max_length=100)
    hashtags: list[str] | None = Field(None, max_length=50)
    signature: Literal["pseudonym", "anonymous"] | None = None
    visibility: Literal["public", "members", "private"] | None = None
    allow_replies: bool | None = None


class Reactions(Schema):
    me_too: int
    i_believe_you: int
    sending_strength: int
    mine: list[str]


class StoryOut(Schema):
    id: int
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
    reactions: Reactions
    reply_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None


class FeedQuery(Schema):
    hashtag: str = Field("", max_length=300)
    what: str = Field("", max_length=300)
    where: str = Field("", max_length=300)
    who: str = Field("", max_length=300)
    country: str = Field("", max_length=300)
    language: str = Field("", max_length=300)
    q: str = Field("", max_length=300)
    sort: Literal["latest", "supported"] = "latest"
    cursor: str = Field("", max_length=200)
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class ReplyIn(Schema):
    body: str = Field(..., max_length=1_000_000)


class ReplyOut(Schema):
    id: int
    story_id: int
    author: str
    body: str
    body_html: str
    hidden_by_author: bool
    created_at: datetime.datetime


class ReplyHideIn(Schema):
    hidden: bool


class BlockIn(Schema):
    story_id: int | None = None
    reply_id: int | None = None


def story_out(
    story: Story, viewer: User | AnonymousUser, mine: set[str] | None = None
) -> dict[str, object]:
    is_mine = isinstance(viewer, User) and story.author_id == viewer.pk
    return {
        "id": story.pk,
        "url": f"/stories/{story.pk}/",
        "title": story.title,
        "body": story.body,
        "body_html": story.body_html,
        "signed_as": story.shown_name,
        "is_mine": is_mine,
        "content_warnings": list(story.content_warnings),
        "what": story.what,
        "where": story.where,
        "who": story.who,
        "year": story.year,
        "country": story.country,
        "language": story.language,
        "hashtags": getattr(story, "hashtag_names", None) or [h.name for h in story.hashtags.all()],
        "visibility": story.visibility,
        "allow_replies": story.allow_replies,
        "reactions": {
            "me_too": story.me_too_count,
            "i_believe_you": story.i_believe_you_count,
            "sending_strength": story.sending_strength_count,
            "mine": sorted(mine or ()),
        },
        "reply_count": story.reply_count,
        "created_at": story.created_at,
        "updated_at": story.updated_at,
    }


def reply_out(reply: Reply) -> dict[str, object]:
    return {
        "id": reply.pk,
        "story_id": reply.story_id,
        "author": reply.author.username,
        "body": reply.body,
        "body_html": reply.body_html,
        "hidden_by_author": reply.hidden_by_author,
        "created_at": reply.created_at,
    }


def _fields(payload: StoryIn) -> services.StoryFields:
    return services.StoryFields(**payload.dict())


IdempotencyKey: Any = Header(None, alias="Idempotency-Key", max_length=64)  # type: ignore[type-arg]


@router.post(
    "/stories",
    auth=BearerToken(),
    response={201: StoryOut, **errors(400, 401, 403)},
    summary="Share a story",
)
def create_story(
    request: HttpRequest,
    response: HttpResponse,
    payload: StoryIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Status[Any]:
    story, created = services.story_publish(
        author=member(request), fields=_fields(payload), idempotency_key=idempotency_key or ""
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
        story = Story.objects.prefetch_related("hashtags").get(pk=story.pk)
    return Status(201, story_out(story, member(request)))


@router.get("/stories", response={200: StoryPage, **errors(400)}, summary="A feed of stories")
def list_stories(request: HttpRequest, filters: Query[FeedQuery]) -> dict[str, object]:
    viewer = optional_viewer(request)
    page = selectors.story_feed(
        viewer=viewer,
        filters=selectors.FeedFilters(**filters.dict(exclude={"cursor", "limit"})),
        cursor=filters.cursor or None,
        limit=filters.limit,
    )
    return {
        "items": [story_out(s, viewer, page.reacted.get(s.pk)) for s in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/stories/{story_id}", response={200: StoryOut, **errors(404)}, summary="One story")
def get_story(request: HttpRequest, story_id: int) -> dict[str, object]:
    viewer = optional_viewer(request)
    story = selectors.story_for_reader(story_id=story_id, viewer=viewer)
    return story_out(
        story, viewer, selectors.reactions_of(viewer=viewer, stories=[story])[story.pk]
    )


@router.patch(
    "/stories/{story_id}",
    auth=BearerToken(),
    response={200: StoryOut, **errors(400, 401, 403, 404)},
    summary="Edit my story",
)
def patch_story(request: HttpRequest, story_id: int, payload: StoryPatch) -> dict[str, object]:
    user = member(request)
    story = selectors.story_for_reader(story_id=story_id, viewer=user)
    # A PATCH changes only what it names; null clears the year and keeps everything else.
    changes = {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if value is not None or key == "year"
    }
    fields = dataclasses.replace(services.story_fields_of(story), **changes)
    story = services.story_edit(story=story, editor=user, fields=fields)
    story = Story.objects.prefetch_related("hashtags").get(pk=story.pk)
    return story_out(story, user)


@router.delete(
    "/stories/{story_id}",
    auth=BearerToken(),
    response={204: None, **errors(401, 403, 404)},
    summary="Delete my story for good",
)
def delete_story(request: HttpRequest, story_id: int) -> Status[Any]:
    user = member(request)
    story = selectors.story_for_reader(story_id=story_id, viewer=user)
    services.story_delete(story=story, actor=user)
    return Status(204, None)


def _react(request: HttpRequest, story_id: int, kind: str, on: bool) -> dict[str, object]:
    user = member(request)
    story = services.reaction_set(story_id=story_id, member=user, kind=kind, on=on)
    mine = selectors.reactions_of(viewer=user, stories=[story])[story.pk]
    return {
        "me_too": story.me_too_count,
        "i_believe_you": story.i_believe_you_count,
        "sending_strength": story.sending_strength_count,
        "mine": sorted(mine),
    }


REACTION_RESPONSES = {200: Reactions, **errors(400, 401, 403, 404)}


@router.post(
    "/stories/{story_id}/reactions/{kind}", auth=BearerToken(), response=REACTION_RESPONSES
)
def add_reaction(request: HttpRequest, story_id: int, kind: ReactionKindPath) -> dict[str, object]:
    """Say "me too", "I believe you" or "sending strength". Saying it twice counts once."""
    return _react(request, story_id, kind, True)


@router.delete(
    "/stories/{story_id}/reactions/{kind}", auth=BearerToken(), response=REACTION_RESPONSES
)
def remove_reaction(
    request: HttpRequest, story_id: int, kind: ReactionKindPath
) -> dict[str, object]:
    return _react(request, story_id, kind, False)


@router.get("/stories/{story_id}/replies", response={200: list[ReplyOut], **errors(404)})
def list_replies(request: HttpRequest, story_id: int) -> list[dict[str, object]]:
    viewer = optional_viewer(request)
    story = selectors.story_for_reader(story_id=story_id, viewer=viewer)
    return [reply_out(r) for r in selectors.replies_for_reader(story=story, viewer=viewer)[:500]]


@router.post(
    "/stories/{story_id}/replies",
    auth=BearerToken(),
    response={201: ReplyOut, **errors(400, 401, 403, 404)},
)
def create_reply(
    request: HttpRequest,
    response: HttpResponse,
    story_id: int,
    payload: ReplyIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Status[Any]:
    reply, created = services.reply_post(
        story_id=story_id,
        author=member(request),
        body=payload.body,
        idempotency_key=idempotency_key or "",
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, reply_out(Reply.objects.select_related("author").get(pk=reply.pk)))


@router.post(
    "/replies/{reply_id}/hidden",
    auth=BearerToken(),
    response={200: ReplyOut, **errors(401, 403, 404)},
    summary="Hide or show a reply on my story",
)
def hide_reply(request: HttpRequest, reply_id: int, payload: ReplyHideIn) -> dict[str, object]:
    reply = Reply.objects.select_related("story", "author").get(pk=reply_id)
    services.reply_hide_by_story_author(
        reply=reply, story_author=member(request), hidden=payload.hidden
    )
    return reply_out(reply)


@router.post(
    "/blocks",
    auth=BearerToken(),
    response={204: None, **errors(400, 401, 404)},
    summary="Block the author of a story or reply",
)
def create_block(request: HttpRequest, payload: BlockIn) -> Status[Any]:
    if payload.story_id is not None:
        author_id = Story.objects.values_list("author_id", flat=True).get(pk=payload.story_id)
    elif payload.reply_id is not None:
        author_id = Reply.objects.values_list("author_id", flat=True).get(pk=payload.reply_id)
    else:
        raise Story.DoesNotExist
    blocked = User.objects.get(pk=author_id)
    services.block_set(blocker=member(request), blocked=blocked, on=True)
    return Status(204, None)
