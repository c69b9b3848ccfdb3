"""A story's page and what members do there: reactions, replies, hiding and deleting a reply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notalone import safety
from notalone.core.idempotency import IdempotencyConflict
from notalone.core.pagecache import cache_anonymous_page
from notalone.core.widgets import attach_errors
from notalone.stories import policy, selectors, services, similar
from notalone.stories.forms import ReplyForm
from notalone.stories.models import (
    ModerationStatus,
    ReactionKind,
    Reply,
    Story,
)
from notalone.stories.services import guard
from notalone.stories.views._common import (
    _SENT_ALREADY,
    CRISIS_ANCHOR,
    _crisis_lines,
    _member,
    _story_or_404,
    mark_crisis_reply,
    story_url,
)


def _detail_response(
    request: HttpRequest,
    story: Story,
    reply_form: ReplyForm | None = None,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    selectors.reactions_of(viewer=request.user, stories=[story])
    return render(
        request,
        "stories/detail.html",
        {
            "story": story,
            "replies": selectors.story_thread(viewer=request.user, story=story),
            "reply_form": reply_form or ReplyForm(),
            "is_author": policy.is_author(request.user, story),
            "may_reply": policy.may_reply(request.user, story),
            "may_report_or_block": policy.may_report_or_block(request.user, story),
            "similar_stories": list(similar.neighbours_for(viewer=request.user, story=story)),
            **_crisis_lines(request, story),
            **(extra or {}),
        },
        status=400 if reply_form is not None and reply_form.errors else 200,
    )


@cache_anonymous_page
def detail(request: HttpRequest, story_id: str) -> HttpResponse:
    return _detail_response(request, _story_or_404(request, story_id))


@login_required
@require_POST
def react(request: HttpRequest, story_id: str, kind: str) -> HttpResponse:
    if kind not in ReactionKind.values:
        raise Http404
    try:
        story = services.reaction_set(
            story_id=story_id,
            member=_member(request),
            kind=kind,
            on=request.POST.get("on", "1") == "1",
        )
    except Story.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(error), status=403)
        messages.error(request, str(error))
        return redirect(reverse("stories:detail", kwargs={"story_id": story_id}))
    if request.headers.get("HX-Request"):
        selectors.reactions_of(viewer=request.user, stories=[story])
        return render(request, "stories/_reactions.html", {"story": story})
    return redirect(story_url(story, "reactions"))


@login_required
@require_POST
def reply(request: HttpRequest, story_id: str) -> HttpResponse:
    story = _story_or_404(request, story_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        body = form.cleaned_data["body"]
        verdict = safety.classify_reply(body)
        ack = guard.acknowledgement(body)
        if (
            verdict.covered
            and verdict.label == "victim_blaming"
            and request.POST.get("guard_ack") != ack
            # Words of someone in danger are never stopped, not even by the nudge.
            and not safety.detect_crisis(body).crisis
        ):
            # The nudge: what these words may do, before anything is sent.
            return _detail_response(
                request, story, reply_form=form, extra={"nudge": verdict, "guard_ack": ack}
            )
        try:
            posted, _created = services.reply_post(
                story_id=story.public_id,
                author=_member(request),
                body=body,
                idempotency_key=form.cleaned_data["idempotency_key"],
                verdict=verdict,
            )
        except Story.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except IdempotencyConflict:
            form.add_error(None, _SENT_ALREADY)
        else:
            return redirect(story_url(story, _after_reply(request, story, posted, verdict, body)))
    return _detail_response(request, story, reply_form=form)


def _after_reply(
    request: HttpRequest, story: Story, posted: Reply, verdict: safety.ReplyVerdict, body: str
) -> str:
    """The messages after a reply; the fragment the story's page opens at."""
    if posted.moderation_status != ModerationStatus.VISIBLE:
        messages.warning(
            request,
            _(
                "Your reply is waiting for a moderator: it will appear if it respects the "
                "community guidelines."
            ),
        )
    elif not verdict.covered:
        messages.info(
            request,
            _(
                "Your reply is posted. Our reply guard does not read this language yet, so no "
                "check was made on it; reports about it go to the moderators first."
            ),
        )
    else:
        messages.success(request, _("Your reply is posted."))
    if safety.detect_crisis(body).crisis:
        mark_crisis_reply(request, story)
        return CRISIS_ANCHOR
    return "replies"


@login_required
@require_POST
def reply_hide(request: HttpRequest, reply_id: str) -> HttpResponse:
    try:
        reply_obj = services.reply_hide_by_story_author(
            reply_id=reply_id,
            story_author=_member(request),
            hidden=request.POST.get("hidden", "1") == "1",
        )
    except Reply.DoesNotExist:
        raise Http404 from None
    messages.success(
        request,
        _("This reply is hidden from everyone but its writer and you. You can show it again.")
        if reply_obj.hidden_by_author
        else _("This reply is shown again to everyone who can read your story."),
    )
    return redirect(story_url(reply_obj.story, f"reply-{reply_obj.public_id}"))


@login_required
@require_http_methods(["GET", "POST"])
def reply_delete(request: HttpRequest, reply_id: str) -> HttpResponse:
    """GET asks first (it works without JavaScript); POST deletes the member's own reply.
    Both answer 404 for a reply that is not theirs."""
    try:
        if request.method == "GET":
            reply_obj = policy.own_reply(viewer=request.user, reply_id=reply_id)
            return render(request, "stories/reply_delete.html", {"reply": reply_obj})
        story = services.reply_delete(reply_id=reply_id, actor=_member(request))
    except Reply.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Your reply is deleted."))
    return redirect(story_url(story, "replies"))
