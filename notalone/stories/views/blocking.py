"""Blocking and muting from a story or a reply, the member's list of blocks, and undoing them;
every step asks first (a GET page that works without JavaScript), and only the POST acts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from notalone.accounts.models import User
from notalone.core.unitext import isolate
from notalone.stories import selectors, services
from notalone.stories.models import (
    Reply,
    Story,
)
from notalone.stories.services.blocks import Blocked
from notalone.stories.views._common import _member

# Each says what was done; the blocked member is named as the blocker sees them (the question
# before named them too): ``_shown_name``.
_BLOCKED_MESSAGES = {
    Blocked.MEMBER: gettext_lazy(
        "Blocked %(name)s. You will no longer see each other's stories or replies signed with a username, and neither of you can reply or react to the other's. You can undo this from your blocks page."
    ),
    Blocked.STORY: gettext_lazy(
        "Muted. You will no longer see this story or its replies; nothing else changes. You can undo this from your blocks page."
    ),
    Blocked.THREAD: gettext_lazy(
        "Done: %(name)s can no longer see this story or reply to it, and you will not see their replies here. Nothing else changes, so nothing tells them it is your story. You can undo this from your blocks page."
    ),
}


def _shown_name(plan: services.BlockPlan) -> str:
    """The member as the blocker sees them: their username where the writing is signed with
    it, else "the author of this anonymous story" (never who that is)."""
    return isolate(plan.name) if plan.name else str(_("the author of this anonymous story"))


def _block_target(request: HttpRequest) -> tuple[str, str]:
    data = request.POST if request.method == "POST" else request.GET
    story_id, reply_id = data.get("story", ""), data.get("reply", "")
    if bool(story_id) == bool(reply_id):
        raise Http404
    return story_id, reply_id


@login_required
@require_http_methods(["GET", "POST"])
def block(request: HttpRequest) -> HttpResponse:
    """Block from a story or a reply (``story=`` or ``reply=`` its public identifier).

    GET asks first, saying exactly what will happen (it works without JavaScript); POST
    does it. Both answer 404 for anything the member may not see."""
    member = _member(request)
    story_id, reply_id = _block_target(request)
    try:
        plan = (
            services.plan_block_from_story(blocker=member, story_id=story_id)
            if story_id
            else services.plan_block_from_reply(blocker=member, reply_id=reply_id)
        )
        if request.method == "GET":
            return render(
                request,
                "stories/block_confirm.html",
                {"plan": plan, "kind": plan.kind.value, "story_id": story_id, "reply_id": reply_id},
            )
        if story_id:
            result = services.block_from_story(blocker=member, story_id=story_id)
        else:
            result = services.block_from_reply(blocker=member, reply_id=reply_id)
    except (Story.DoesNotExist, Reply.DoesNotExist):
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stories:feed")
    # The undo is one link away (issue 15, item 4): the message names the page and links it.
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _BLOCKED_MESSAGES[result] % {"name": _shown_name(plan)},
            reverse("stories:blocks"),
            _("Open your blocks page"),
        ),
    )
    return redirect("stories:feed")


@login_required
@require_safe
def blocks(request: HttpRequest) -> HttpResponse:
    """The member's blocks and muted stories, each with a way to undo it (``blocks_undo``)."""
    return render(
        request, "stories/blocks.html", {"blocks": selectors.blocks_of(member=_member(request))}
    )


def _undo_target(request: HttpRequest, member: User) -> dict[str, object] | None:
    """What the member asks to undo, found in their own list of blocks; None if it is not
    there (already undone, or never theirs)."""
    data = request.POST if request.method == "POST" else request.GET
    own = selectors.blocks_of(member=member)
    name, story_id, reopen = data.get("member", ""), data.get("story", ""), data.get("reopen", "")
    if name:
        return {"kind": "member", "name": name} if name in own.members else None
    if story_id and reopen:
        for closed in own.closed:
            if closed.story.public_id == story_id and closed.username == reopen:
                return {"kind": "reopen", "name": reopen, "story": closed.story}
        return None
    for story in own.muted:
        if story.public_id == story_id:
            return {"kind": "story", "story": story}
    return None


@login_required
@require_http_methods(["GET", "POST"])
def blocks_undo(request: HttpRequest) -> HttpResponse:
    """Undo a block, a mute or a kept-out member: GET asks first, saying exactly what will
    change (it works without JavaScript); POST does it. ``member=<username>``,
    ``story=<story id>``, or ``story=`` with ``reopen=<username>``."""
    member = _member(request)
    target = _undo_target(request, member)
    if target is None:
        messages.info(request, _("That was already undone, so there was nothing to do."))
        return redirect("stories:blocks")
    if request.method == "GET":
        return render(request, "stories/unblock_confirm.html", {"target": target})
    story = target.get("story")
    if target["kind"] == "member":
        services.unblock_member(blocker=member, username=str(target["name"]))
        messages.success(
            request,
            _(
                "Unblocked %(name)s. You can see each other's stories and replies "
                "signed with a username again."
            )
            % {"name": isolate(target["name"])},
        )
    elif target["kind"] == "reopen" and isinstance(story, Story):
        services.reopen_thread(
            author=member, story_id=story.public_id, username=str(target["name"])
        )
        messages.success(request, _("This member can see your story again."))
    elif isinstance(story, Story):
        services.unmute_story(member=member, story_id=story.public_id)
        messages.success(
            request, _("This story is no longer muted: you will see it and its replies again.")
        )
    return redirect("stories:blocks")
