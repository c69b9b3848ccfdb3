"""The stories part of ``/api/v1``: the same policy and services as the pages, as JSON.

Request schemas parse types only and document every limit and choice from ``stories.schema``
(the OpenAPI document), leaving the checks to the services, so the API refuses exactly what
the pages refuse, with the same messages (400). Stories and replies are addressed by their
public identifiers.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from ninja import Header, Query, Router, Status

from notalone.accounts.auth import BearerToken, member, optional_viewer
from notalone.accounts.models import User
from notalone.core.api import errors
from notalone.core.places import country_choices, language_choices
from notalone.safety import classify_reply
from notalone.stories import policy, schema, schema_docs, selectors, services
from notalone.stories.api_schemas import (
    BlockedOut,
    BlockIn,
    BlocksOut,
    FeedQuery,
    Reactions,
    ReplyHideIn,
    ReplyId,
    ReplyIn,
    ReplyOut,
    StoryId,
    StoryIn,
    StoryOptions,
    StoryOut,
    StoryPage,
    StoryPatch,
    reply_out,
    story_out,
)
from notalone.stories.models import IDEMPOTENCY_KEY_MAX_LENGTH, Reply, Story

router = Router(tags=["stories"])

ReactionKindPath = Literal["me_too", "i_believe_you", "sending_strength"]


def _read(viewer: User | AnonymousUser, story_id: str) -> Story:
    return policy.story_for(viewer=viewer, story_id=story_id)


IdempotencyKey: Any = Header(  # type: ignore[type-arg]
    None, alias="Idempotency-Key", max_length=IDEMPOTENCY_KEY_MAX_LENGTH
)


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
    """A repeated ``Idempotency-Key`` with the same story answers with the first one
    (``Idempotent-Replayed: true``); with a different story, 422."""
    user = member(request)
    story, created = services.story_publish(
        author=user,
        fields=schema.StoryFields(**payload.dict()),
        idempotency_key=idempotency_key or "",
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, story_out(_read(user, story.public_id), user))


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


@router.get(
    "/story-options",
    response={200: StoryOptions},
    summary="The choices and limits of a story (the story schema)",
)
def story_options(request: HttpRequest) -> dict[str, object]:
    def pairs(items: list[tuple[str, Any]]) -> list[dict[str, str]]:
        return [{"value": value, "label": str(label)} for value, label in items]

    return {
        **{name: pairs(schema.choices(name)) for name in ("what", "where", "who")},
        "signature": pairs(schema.choices("signature")),
        "visibility": pairs(schema.choices("visibility")),
        "content_warnings": pairs(schema.active_content_warnings()),
        "countries": pairs(country_choices()),
        "languages": pairs(language_choices()),
        "limits": schema_docs.limits(),
    }


@router.get("/stories/{story_id}", response={200: StoryOut, **errors(404)}, summary="One story")
def get_story(request: HttpRequest, story_id: str = StoryId) -> dict[str, object]:
    viewer = optional_viewer(request)
    story = _read(viewer, story_id)
    return story_out(
        story, viewer, selectors.reactions_of(viewer=viewer, stories=[story])[story.pk]
    )


@router.patch(
    "/stories/{story_id}",
    auth=BearerToken(),
    response={200: StoryOut, **errors(400, 401, 403, 404)},
    summary="Edit my story",
)
def patch_story(
    request: HttpRequest, payload: StoryPatch, story_id: str = StoryId
) -> dict[str, object]:
    user = member(request)
    story = policy.own_story(viewer=user, story_id=story_id)
    changes = {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if value is not None or key in ("year", "in_statistics")
    }
    fields = dataclasses.replace(services.story_fields_of(story), **changes)
    services.story_edit(story=story, editor=user, fields=fields)
    return story_out(_read(user, story_id), user)


@router.delete(
    "/stories/{story_id}",
    auth=BearerToken(),
    response={204: None, **errors(401, 403, 404)},
    summary="Delete my story for good",
)
def delete_story(request: HttpRequest, story_id: str = StoryId) -> Status[Any]:
    user = member(request)
    services.story_delete(story=policy.own_story(viewer=user, story_id=story_id), actor=user)
    return Status(204, None)


def _react(request: HttpRequest, story_id: str, kind: str, on: bool) -> dict[str, object]:
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
def add_reaction(
    request: HttpRequest, kind: ReactionKindPath, story_id: str = StoryId
) -> dict[str, object]:
    """Say "me too", "I believe you" or "sending strength". Saying it twice counts once."""
    return _react(request, story_id, kind, True)


@router.delete(
    "/stories/{story_id}/reactions/{kind}", auth=BearerToken(), response=REACTION_RESPONSES
)
def remove_reaction(
    request: HttpRequest, kind: ReactionKindPath, story_id: str = StoryId
) -> dict[str, object]:
    return _react(request, story_id, kind, False)


@router.get("/stories/{story_id}/replies", response={200: list[ReplyOut], **errors(404)})
def list_replies(request: HttpRequest, story_id: str = StoryId) -> list[dict[str, object]]:
    viewer = optional_viewer(request)
    story = _read(viewer, story_id)
    return [reply_out(r, story, viewer) for r in selectors.story_thread(viewer=viewer, story=story)]


@router.post(
    "/stories/{story_id}/replies",
    auth=BearerToken(),
    response={201: ReplyOut, **errors(400, 401, 403, 404)},
)
def create_reply(
    request: HttpRequest,
    response: HttpResponse,
    payload: ReplyIn,
    story_id: str = StoryId,
    idempotency_key: str | None = IdempotencyKey,
) -> Status[Any]:
    """Idempotency works as for stories: same key and reply, the first; different, 422."""
    user = member(request)
    reply, created = services.reply_post(
        story_id=story_id,
        author=user,
        body=payload.body,
        idempotency_key=idempotency_key or "",
        # No nudge through the API: a blaming reply is held or queued as the author chose.
        verdict=classify_reply(payload.body),
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    reply = Reply.objects.select_related("author", "story").get(pk=reply.pk)
    return Status(201, reply_out(reply, reply.story, user))


@router.post(
    "/replies/{reply_id}/hidden",
    auth=BearerToken(),
    response={200: ReplyOut, **errors(401, 403, 404)},
    summary="Hide or show a reply on my story",
)
def hide_reply(
    request: HttpRequest, payload: ReplyHideIn, reply_id: str = ReplyId
) -> dict[str, object]:
    user = member(request)
    reply = services.reply_hide_by_story_author(
        reply_id=reply_id, story_author=user, hidden=payload.hidden
    )
    return reply_out(reply, reply.story, user)


@router.delete(
    "/replies/{reply_id}",
    auth=BearerToken(),
    response={204: None, **errors(401, 404)},
    summary="Delete my reply",
)
def delete_reply(request: HttpRequest, reply_id: str = ReplyId) -> Status[Any]:
    services.reply_delete(reply_id=reply_id, actor=member(request))
    return Status(204, None)


@router.post(
    "/blocks",
    auth=BearerToken(),
    response={200: BlockedOut, **errors(400, 401, 404)},
    summary="Block the author of a story or reply (or mute an anonymous story)",
)
def create_block(request: HttpRequest, payload: BlockIn) -> dict[str, str]:
    user = member(request)
    if payload.story_id is not None and payload.reply_id is None:
        result = services.block_from_story(blocker=user, story_id=payload.story_id)
    elif payload.reply_id is not None and payload.story_id is None:
        result = services.block_from_reply(blocker=user, reply_id=payload.reply_id)
    else:
        raise Story.DoesNotExist
    return {"blocked": result.value}


@router.get("/blocks", auth=BearerToken(), response={200: BlocksOut, **errors(401)})
def list_blocks(request: HttpRequest) -> dict[str, Any]:
    """Members I blocked, and the stories I muted (by their identifiers)."""
    found = selectors.blocks_of(member=member(request))
    return {
        "members": found.members,
        "muted_stories": [s.public_id for s in found.muted],
        "closed_threads": [
            {"story_id": c.story.public_id, "member": c.username} for c in found.closed
        ],
    }


@router.delete(
    "/blocks/members/{username}", auth=BearerToken(), response={204: None, **errors(401, 404)}
)
def unblock(request: HttpRequest, username: str) -> Status[Any]:
    if not services.unblock_member(blocker=member(request), username=username):
        raise User.DoesNotExist
    return Status(204, None)


@router.delete(
    "/blocks/stories/{story_id}", auth=BearerToken(), response={204: None, **errors(401, 404)}
)
def unmute(request: HttpRequest, story_id: str = StoryId) -> Status[Any]:
    if not services.unmute_story(member=member(request), story_id=story_id):
        raise Story.DoesNotExist
    return Status(204, None)
