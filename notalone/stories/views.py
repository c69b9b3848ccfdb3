from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notalone.accounts.models import User
from notalone.core.pagecache import cache_anonymous_page
from notalone.core.widgets import attach_errors
from notalone.help.pdf import story_pdf
from notalone.stories import selectors, services
from notalone.stories.cards import attach_card_html
from notalone.stories.forms import FeedFilterForm, ReplyForm, StoryForm
from notalone.stories.models import Hashtag, ReactionKind, Reply, Story


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _filters_from(request: HttpRequest, **fixed: str) -> selectors.FeedFilters:
    get = request.GET
    values = {
        name: get.get(name, "")[:300]
        for name in ("what", "where", "who", "country", "language", "q", "sort")
    }
    values.update(fixed)
    return selectors.FeedFilters(**values)


def _feed_response(
    request: HttpRequest, template: str, context: dict[str, object], **fixed: str
) -> HttpResponse:
    filters = _filters_from(request, **fixed)
    status = 200
    try:
        page = selectors.story_feed(
            viewer=request.user, filters=filters, cursor=request.GET.get("cursor") or None
        )
    except ValidationError as error:
        page = selectors.FeedPage(items=[], next_cursor=None)
        context["filter_errors"] = [
            m for messages_ in error.message_dict.values() for m in messages_
        ]
        status = 400
    attach_card_html(page.items)
    query = request.GET.copy()
    query.pop("cursor", None)
    context.update(
        page=page,
        filters=filters,
        filter_form=FeedFilterForm(request.GET or None),
        base_query=query.urlencode(),
        sort=filters.sort or "latest",
    )
    return render(request, template, context, status=status)


@cache_anonymous_page
def feed(request: HttpRequest) -> HttpResponse:
    return _feed_response(request, "stories/feed.html", {})


@cache_anonymous_page
def tag(request: HttpRequest, tag: str) -> HttpResponse:
    try:
        hashtag_page = selectors.hashtag_page(raw=tag)
    except (ValidationError, Hashtag.DoesNotExist):
        raise Http404 from None
    return _feed_response(
        request, "stories/tag.html", {"tag_page": hashtag_page}, hashtag=hashtag_page.hashtag.key
    )


@cache_anonymous_page
def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "stories/guidelines.html")


def _story_or_404(request: HttpRequest, story_id: int) -> Story:
    try:
        return selectors.story_for_reader(story_id=story_id, viewer=request.user)
    except Story.DoesNotExist:
        raise Http404 from None


@cache_anonymous_page
def detail(
    request: HttpRequest, story_id: int, reply_form: ReplyForm | None = None
) -> HttpResponse:
    story = _story_or_404(request, story_id)
    replies = list(selectors.replies_for_reader(story=story, viewer=request.user))
    selectors.reactions_of(viewer=request.user, stories=[story])
    return render(
        request,
        "stories/detail.html",
        {
            "story": story,
            "replies": replies,
            "reply_form": reply_form or ReplyForm(),
            "is_author": request.user.is_authenticated and story.author_id == request.user.pk,
        },
        status=400 if reply_form is not None and reply_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            story, created = services.story_publish(
                author=_member(request),
                fields=form.story_fields(),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(
                    request, _("Your story is shared. Thank you for trusting us with it.")
                )
            return redirect("stories:detail", story_id=story.pk)
    return render(
        request,
        "stories/form.html",
        {"form": form, "editing": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id, author=_member(request))
    form = StoryForm(request.POST) if request.method == "POST" else StoryForm.for_story(story)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_edit(story=story, editor=_member(request), fields=form.story_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("stories:detail", story_id=story.pk)
    return render(
        request,
        "stories/form.html",
        {"form": form, "editing": story},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id, author=_member(request))
    if request.method == "POST":
        services.story_delete(story=story, actor=_member(request))
        messages.success(request, _("Your story is deleted. It is gone from our database."))
        return redirect("stories:mine")
    return render(request, "stories/delete.html", {"story": story})


@login_required
def pdf(request: HttpRequest, story_id: int) -> HttpResponse:
    """The author's own story as a PDF, time-stamped, with the digest of its text printed."""
    story = get_object_or_404(Story, pk=story_id, author=_member(request))
    document = story_pdf(
        title=story.title, body=story.body, written_at=story.created_at, generated_at=timezone.now()
    )
    response = HttpResponse(document, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="story-{story.pk}.pdf"'
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "stories/mine.html", {"stories": selectors.stories_of(author=_member(request))}
    )


@login_required
@require_POST
def react(request: HttpRequest, story_id: int, kind: str) -> HttpResponse:
    if kind not in ReactionKind.values:
        raise Http404
    turn_on = request.POST.get("on", "1") == "1"
    try:
        story = services.reaction_set(
            story_id=story_id, member=_member(request), kind=kind, on=turn_on
        )
    except Story.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(error), status=403)
        messages.error(request, str(error))
        return redirect("stories:detail", story_id=story_id)
    if request.headers.get("HX-Request"):
        selectors.reactions_of(viewer=request.user, stories=[story])
        return render(request, "stories/_reactions.html", {"story": story})
    return redirect(f"{story_url(story_id)}#reactions")


def story_url(story_id: int) -> str:
    from django.urls import reverse

    return reverse("stories:detail", kwargs={"story_id": story_id})


@login_required
@require_POST
def reply(request: HttpRequest, story_id: int) -> HttpResponse:
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_post(
                story_id=story_id,
                author=_member(request),
                body=form.cleaned_data["body"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except Story.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{story_url(story_id)}#replies")
    return detail(request, story_id, reply_form=form)


@login_required
@require_POST
def reply_hide(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply_obj = get_object_or_404(Reply.objects.select_related("story"), pk=reply_id)
    try:
        services.reply_hide_by_story_author(
            reply=reply_obj,
            story_author=_member(request),
            hidden=request.POST.get("hidden", "1") == "1",
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect(f"{story_url(reply_obj.story_id)}#reply-{reply_obj.pk}")


@login_required
@require_POST
def reply_delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply_obj = get_object_or_404(Reply, pk=reply_id, author=_member(request))
    services.reply_delete(reply=reply_obj, actor=_member(request))
    messages.success(request, _("Your reply is deleted."))
    return redirect(f"{story_url(reply_obj.story_id)}#replies")


@login_required
@require_POST
def block(request: HttpRequest) -> HttpResponse:
    """Block the author of a story or a reply, without ever showing who an anonymous one is."""
    member = _member(request)
    story_id = request.POST.get("story", "")
    reply_id = request.POST.get("reply", "")
    target: int | None = None
    if story_id.isdigit():
        target = Story.objects.filter(pk=int(story_id)).values_list("author_id", flat=True).first()
    elif reply_id.isdigit():
        target = Reply.objects.filter(pk=int(reply_id)).values_list("author_id", flat=True).first()
    blocked = User.objects.filter(pk=target).first() if target else None
    if blocked is None:
        raise Http404
    try:
        services.block_set(blocker=member, blocked=blocked, on=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stories:feed")
    messages.success(
        request,
        _(
            "Blocked. You will no longer see each other's stories or replies, and they cannot reply to or react to yours."
        ),
    )
    return redirect("stories:feed")
