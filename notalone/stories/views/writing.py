"""The author's own story: writing (with the PII panel), editing, deleting, the PDF, and the
list of their stories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notalone.core import ratelimit
from notalone.core.idempotency import IdempotencyConflict
from notalone.core.widgets import attach_errors
from notalone.help.pdf import story_pdf
from notalone.stories import pii_preview, selectors, services
from notalone.stories.forms import StoryForm
from notalone.stories.models import (
    Story,
)
from notalone.stories.schema import clean_story
from notalone.stories.views._common import (
    _SENT_ALREADY,
    SAVED_ANCHOR,
    _crisis_check,
    _member,
    _saved_message,
    _story_or_404,
    story_url,
)


def _story_form(
    request: HttpRequest, editing: Story | None = None
) -> tuple[StoryForm, dict[str, object]]:
    """The story form as sent, after any button of the PII panel (which never publishes)."""
    form_url = request.path
    if request.method != "POST":
        form = StoryForm.for_story(editing) if editing is not None else StoryForm()
        return _pii_ready(form, form_url), {}
    if not pii_preview.is_pii_action(request.POST):
        form = _pii_ready(StoryForm(request.POST), form_url)
        changed = editing is None or request.POST.get("body", "") != editing.body
        # The form's own checks come first: the PII step is only for a story that can
        # otherwise be shared, so a member never confirms it, is then refused for another
        # field, and is asked about the same details again.
        if not (
            changed
            and _valid(form)
            and _may_check(request)
            and pii_preview.needs_review(request.POST)
        ):
            return form, {}
        # The shield acts before anything is shared: the findings first, once.
        body, kept = request.POST.get("body", ""), request.POST.getlist(pii_preview.KEPT)[:100]
        context = pii_preview.panel_context(body, kept, form_url)
        return form, {**context, "pii_before": True}
    if not _may_check(request):
        form = _pii_ready(StoryForm(request.POST), form_url)
        form.is_valid()
        form.add_error(None, _("Too many checks in a minute; wait a moment."))
        return form, {"pii_limited": True}
    body, kept = pii_preview.apply_action(request.POST)
    data = request.POST.copy()
    data["body"] = body
    context = pii_preview.panel_context(body, kept, form_url)
    return _pii_ready(StoryForm(data), form_url), context


def _valid(form: StoryForm) -> bool:
    """The form's checks and the story rules sharing applies (``clean_story``: a hashtag's
    length, say), with their errors on the form; nothing is written."""
    if not form.is_valid():
        return False
    try:
        clean_story(form.story_fields())
    except ValidationError as error:
        attach_errors(form, error)
        return False
    return True


def _pii_ready(form: StoryForm, form_url: str) -> StoryForm:
    # htmx: the panel follows the text as it is typed (the page works the same without it).
    form.fields["body"].widget.attrs.update(
        {
            "hx-post": reverse("stories:pii_check"),
            "hx-trigger": "input changed delay:800ms",
            "hx-target": "#pii-panel",
            "hx-swap": "innerHTML",
            "hx-vals": f'{{"pii_form_url": "{form_url}"}}',
        }
    )
    return form


def _form_page(
    request: HttpRequest,
    form: StoryForm,
    pii_context: dict[str, object],
    *,
    editing: Story | None,
) -> HttpResponse:
    """The story form again: 400 when what was sent is refused, not when the PII panel only
    asks first."""
    context: dict[str, object] = {"form": form, "editing": editing, **pii_context}
    if form.is_bound and not pii_context:
        context.update(pii_preview.carried(request.POST))
    return render(
        request,
        "stories/form.html",
        context,
        status=400 if form.is_bound and not pii_context and form.errors else 200,
    )


# 120 checks a minute per member: one every half second of typing, and no more. The form's
# own buttons (check, replace, keep) and the step before sharing count in the same limit.
PII_CHECKS_PER_MINUTE = 120


def _may_check(request: HttpRequest) -> bool:
    return ratelimit.hit(
        "pii-check", str(_member(request).pk), limit=PII_CHECKS_PER_MINUTE, window_seconds=60
    )


@login_required
@require_POST
def pii_check(request: HttpRequest) -> HttpResponse:
    """The PII panel for the text being written (htmx). Nothing is stored."""
    if not _may_check(request):
        return HttpResponse(_("Too many checks in a minute; wait a moment."), status=429)
    kept = [k for k in request.POST.getlist(pii_preview.KEPT) if k][:100]
    context = pii_preview.panel_context(
        request.POST.get("body", ""), kept, request.POST.get("pii_form_url", "")
    )
    return render(request, "stories/_pii_panel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form, pii_context = _story_form(request)
    if request.method == "POST" and not pii_context and form.is_valid():
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
        except IdempotencyConflict:
            form.add_error(None, _SENT_ALREADY)
        else:
            if created:
                messages.success(request, _saved_message(story, created=True))
            return redirect(story_url(story, _crisis_check(request, story) or SAVED_ANCHOR))
    return _form_page(request, form, pii_context, editing=None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, story_id: str) -> HttpResponse:
    story = _story_or_404(request, story_id, own=True)
    form, pii_context = _story_form(request, editing=story)
    if request.method == "POST" and not pii_context and form.is_valid():
        try:
            story = services.story_edit(
                story=story, editor=_member(request), fields=form.story_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _saved_message(story, created=False))
            return redirect(story_url(story, _crisis_check(request, story) or SAVED_ANCHOR))
    return _form_page(request, form, pii_context, editing=story)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, story_id: str) -> HttpResponse:
    story = _story_or_404(request, story_id, own=True)
    if request.method == "POST":
        services.story_delete(story=story, actor=_member(request))
        messages.success(request, _("Your story is deleted. It is gone from our database."))
        return redirect("stories:mine")
    return render(request, "stories/delete.html", {"story": story})


# 10 PDFs in 10 minutes per member: a long story takes seconds to draw, and one member
# must not slow the site down for everyone.
PDFS_PER_10_MINUTES = 10


@login_required
@require_POST
def pdf(request: HttpRequest, story_id: str) -> HttpResponse:
    """The author's own story as a PDF, time-stamped, with the digest of its text printed.

    A POST with the form's CSRF token, never a plain link: a download answered only to its
    author could be told apart from a "not found" by a page on another site that opens the
    link in a window, which would tell that site whether its visitor wrote the story."""
    story = _story_or_404(request, story_id, own=True)
    if not ratelimit.hit(
        "story-pdf", str(_member(request).pk), limit=PDFS_PER_10_MINUTES, window_seconds=600
    ):
        messages.error(
            request, _("You have made many PDFs in a few minutes. Please wait a little.")
        )
        return redirect(story_url(story))
    document = story_pdf(
        title=story.title,
        body=story.body,
        written_at=story.created_at,
        edited_at=story.text_edited_at,
        generated_at=timezone.now(),
        language=story.language,
        country=story.country,
    )
    response = HttpResponse(document, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="story-{story.public_id}.pdf"'
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "stories/mine.html", {"stories": selectors.stories_of(author=_member(request))}
    )
