"""Thin views: they read with selectors, write with services, and turn errors into pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from notalone.accounts.models import User
from notalone.core.ids import parse_public_id
from notalone.core.ratelimit import RateLimited
from notalone.moderation import selectors, services
from notalone.moderation.forms import ActionForm, AppealForm, DecideForm, ReportForm
from notalone.moderation.models import ActionKind
from notalone.stories import policy_moderation
from notalone.stories.models import Reply, Story

View = Callable[..., HttpResponse]


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def moderator_required(view: View) -> View:
    """Anonymous readers are sent to log in; signed-in members who are not moderators get
    a calm 403 page."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            policy_moderation.check_moderator(request.user)
        except PermissionDenied:
            return render(request, "moderation/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _problem(request: HttpRequest, message: StrOrPromise, *, status: int) -> HttpResponse:
    return render(request, "moderation/problem.html", {"message": message}, status=status)


def _error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def _form_errors(form: Any) -> list[str]:
    return [str(m) for ms in form.errors.values() for m in ms]


def _target_ids(data: Any) -> tuple[str | None, str | None] | None:
    """``?story=ID`` or ``?reply=ID`` (public identifiers); None when neither or both, or
    when the value is not an identifier at all."""
    story, reply = data.get("story", ""), data.get("reply", "")
    if bool(story) == bool(reply):
        return None
    parsed = parse_public_id(story or reply)
    if parsed is None:
        return None
    return (parsed, None) if story else (None, parsed)


def _safe_next(request: HttpRequest, default: str) -> str:
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//") and "\\" not in next_url:
        return next_url
    return default


_NOT_FOUND = gettext_lazy("This story or reply is not here any more. It may have been deleted.")


# ---------------------------------------------------------------------------------------
# Moderators


@require_GET
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/queue.html", {"items": selectors.moderation_queue()})


@require_GET
@moderator_required
def target(request: HttpRequest) -> HttpResponse:
    ids = _target_ids(request.GET)
    if ids is None:
        return _problem(request, _("Open this page from the queue or the log."), status=400)
    try:
        detail = selectors.moderation_target(
            viewer=_member(request), story_id=ids[0], reply_id=ids[1]
        )
    except ObjectDoesNotExist:
        return _problem(request, _NOT_FOUND, status=404)
    return render(request, "moderation/target.html", {"detail": detail})


@require_POST
@moderator_required
def act(request: HttpRequest) -> HttpResponse:
    form = ActionForm(request.POST)
    ids = _target_ids(request.POST)
    if ids is None:
        return _problem(request, _("Choose one story or one reply to act on."), status=400)
    story_id, reply_id = ids
    moderator = _member(request)
    try:
        item: Story | Reply = (
            policy_moderation.story_for_moderation(viewer=moderator, story_id=story_id)
            if story_id
            else policy_moderation.reply_for_moderation(viewer=moderator, reply_id=reply_id)
        )
    except ObjectDoesNotExist:
        return _problem(request, _NOT_FOUND, status=404)
    errors: list[str] = []
    status = 400
    if not form.is_valid():
        errors = _form_errors(form)
    else:
        data = form.cleaned_data
        try:
            services.moderation_act(
                moderator=moderator,
                action=data["action"],
                reason=data["reason"],
                story=item if isinstance(item, Story) else None,
                reply=item if isinstance(item, Reply) else None,
                suspend_days=data["suspend_days"],
            )
        except ValidationError as error:
            errors = _error_messages(error)
        except PermissionDenied as error:
            errors, status = [str(error)], 403
        else:
            messages.success(request, _done_message(data["action"]))
            return redirect(_safe_next(request, reverse("moderation:queue")))
    detail = selectors.moderation_target(viewer=moderator, story_id=ids[0], reply_id=ids[1])
    return render(
        request,
        "moderation/target.html",
        {"detail": detail, "errors": errors, "typed": request.POST},
        status=status,
    )


def _done_message(action: str) -> str:
    done: dict[str, str] = {
        ActionKind.HIDE: _(
            "Hidden. The author has been told why, and whoever reported it that action was taken."
        ),
        ActionKind.RESTORE: _("Restored. The author has been told."),
        ActionKind.WARN: _("Warning sent. The author has been told why."),
        ActionKind.SUSPEND: _("Suspended. The member has been told why and until when."),
        ActionKind.DISMISS: _(
            "Kept as it is. The reports on it are closed, the author was not told, and whoever "
            "reported it has been told that no action was taken."
        ),
    }
    return done.get(action, _("Done."))


@require_GET
@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.audit_log(before=request.GET.get("before") or None)
    except ValidationError:
        return _problem(
            request, _("This page link is not valid. Start from the newest."), status=400
        )
    return render(request, "moderation/log.html", {"page": page})


def _appeals_page(
    request: HttpRequest, *, errors: dict[str, list[str]] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "moderation/appeals.html",
        {
            "appeals": selectors.open_appeals(viewer=_member(request)),
            "errors": errors or {},
            "typed": request.POST,
        },
        status=status,
    )


@require_GET
@moderator_required
def appeals(request: HttpRequest) -> HttpResponse:
    return _appeals_page(request)


@require_POST
@moderator_required
def appeal_decide(request: HttpRequest, appeal_id: str) -> HttpResponse:
    form = DecideForm(request.POST)
    return _post_from_list(
        request,
        form,
        lambda: services.appeal_decide(
            moderator=_member(request),
            appeal_id=appeal_id,
            grant=form.cleaned_data["decision"] == "grant",
            reason=form.cleaned_data["reason"],
        ),
        missing=_("This appeal is not here any more."),
        done=_("Decided. The member has been told."),
        list_page=_appeals_page,
        list_url="moderation:appeals",
        item=appeal_id,
    )


def _post_from_list(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[], object],
    *,
    missing: str,
    done: str,
    list_page: Callable[..., HttpResponse],
    list_url: str,
    item: str,
) -> HttpResponse:
    """A form posted from beside one ``item`` of a list page (appeals, notices): ``action``
    runs if the form is valid; then a message and a redirect to ``list_url``. Otherwise the
    list again, the errors beside the item: 400, or 403 (not allowed); 404 if it is gone."""
    status = 400
    if not form.is_valid():
        errors = _form_errors(form)
    else:
        try:
            action()
        except ObjectDoesNotExist:
            return _problem(request, missing, status=404)
        except ValidationError as error:
            errors = _error_messages(error)
        except PermissionDenied as error:
            errors, status = [str(error)], 403
        else:
            messages.success(request, done)
            return redirect(list_url)
    return list_page(request, errors={item: errors}, status=status)


# ---------------------------------------------------------------------------------------
# Members


@require_http_methods(["GET", "POST"])
@login_required
def report(request: HttpRequest) -> HttpResponse:
    ids = _target_ids(request.GET)
    if ids is None:
        return _problem(
            request, _("To report something, use the Report link next to it."), status=400
        )
    try:
        item = selectors.reportable_target(
            viewer=_member(request), story_id=ids[0], reply_id=ids[1]
        )
    except ObjectDoesNotExist:
        return _problem(request, _NOT_FOUND, status=404)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=_member(request),
                story_id=ids[0],
                reply_id=ids[1],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ObjectDoesNotExist:
            return _problem(request, _NOT_FOUND, status=404)
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        except RateLimited as error:
            form.add_error(None, str(error))
        else:
            story = item if isinstance(item, Story) else item.story
            return redirect(reverse("moderation:report_thanks") + f"?story={story.public_id}")
    return render(
        request,
        "moderation/report.html",
        {"form": form, "item": item, "is_story": isinstance(item, Story)},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/report_thanks.html",
        {"story_id": parse_public_id(request.GET.get("story", ""))},
    )


def _notices_page(
    request: HttpRequest, *, errors: dict[str, list[str]] | None = None, status: int = 200
) -> HttpResponse:
    member = _member(request)
    items = selectors.notices_for(member=member)
    response = render(
        request,
        "moderation/notices.html",
        {"items": items, "errors": errors or {}, "typed": request.POST},
        status=status,
    )
    # Shown once as new, then read: no badge keeps calling the member back.
    unread = [i.notice.pk for i in items if i.notice.read_at is None]
    if unread:
        services.notice_mark_read(member=member, notice_ids=unread)
    return response


@require_GET
@login_required
def notices(request: HttpRequest) -> HttpResponse:
    return _notices_page(request)


@require_POST
@login_required
def appeal(request: HttpRequest, notice_id: str) -> HttpResponse:
    form = AppealForm(request.POST)
    return _post_from_list(
        request,
        form,
        lambda: services.appeal_create(
            member=_member(request), notice_id=notice_id, text=form.cleaned_data["text"]
        ),
        missing=_("This decision is not here."),
        done=_("Your appeal is sent. A moderator will read it, and their answer will appear here."),
        list_page=_notices_page,
        list_url="moderation:notices",
        item=notice_id,
    )
