"""The member's own access: sessions, API tokens and remembered browsers, each listed with
the day it began (nothing else is kept about it) and each one can be ended here."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from notalone.accounts import authentication, selectors, services, shown_once
from notalone.accounts.models import User
from notalone.accounts.views import browser_token
from notalone.core.ids import parse_public_id

_REF = re.compile(r"[0-9a-f]{24}")


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def access(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    current = authentication.trusted_browser(token=browser_token(request), username=user.username)
    return render(
        request,
        "accounts/access.html",
        {
            "sessions": selectors.member_sessions(
                user=user, current_session_key=request.session.session_key
            ),
            "tokens": selectors.member_tokens(user=user),
            "browsers": selectors.member_browsers(user=user),
            "current_browser_id": current.public_id if current else None,
        },
    )


def _ended_message(ended: bool) -> str:
    if ended:
        return _("Done: it can no longer be used to reach your account.")
    return _("That was already ended, so there was nothing to do.")


def _end_target(request: HttpRequest, user: User, data: QueryDict) -> tuple[str, object] | None:
    """What the member asks to end, if it is theirs and still open: its kind ("session",
    "token" or "browser") and the row of their own list that describes it."""
    session, token, browser = (data.get(name, "") for name in ("session", "token", "browser"))
    if _REF.fullmatch(session):
        found: list[object] = [
            s
            for s in selectors.member_sessions(
                user=user, current_session_key=request.session.session_key
            )
            if s.ref == session
        ]
        return ("session", found[0]) if found else None
    token_id, browser_id = parse_public_id(token), parse_public_id(browser)
    if token_id is not None:
        tokens = [t for t in selectors.member_tokens(user=user) if str(t.public_id) == token]
        return ("token", tokens[0]) if tokens else None
    if browser_id is not None:
        rows = [b for b in selectors.member_browsers(user=user) if str(b.public_id) == browser]
        return ("browser", rows[0]) if rows else None
    return None


@login_required
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest) -> HttpResponse:
    """End one session, token or remembered browser of the member's own. GET asks first (it
    works without JavaScript); POST ends it."""
    user = _member(request)
    if request.method == "GET":
        target = _end_target(request, user, request.GET)
        if target is None:
            messages.info(request, _ended_message(False))
            return redirect("accounts:access")
        kind, row = target
        return render(
            request,
            "accounts/access_end_confirm.html",
            {"kind": kind, "row": row, "value": request.GET.get(kind, "")},
        )
    session, token, browser = (
        request.POST.get(name, "") for name in ("session", "token", "browser")
    )
    token_id, browser_id = parse_public_id(token), parse_public_id(browser)
    if _REF.fullmatch(session):
        ended = services.session_end(user=user, session_ref=session)
    elif token_id is not None:
        ended = services.api_token_revoke_by_id(user=user, token_id=token_id)
    elif browser_id is not None:
        ended = authentication.browser_forget_by_id(user=user, browser_id=browser_id)
    else:
        ended = False
    (messages.success if ended else messages.info)(request, _ended_message(ended))
    return redirect("accounts:access")


@login_required
@require_http_methods(["GET", "POST"])
def end_others(request: HttpRequest) -> HttpResponse:
    """GET asks first; POST ends every other log-in and every API token."""
    if request.method == "GET":
        return render(request, "accounts/access_end_others_confirm.html")
    services.account_end_other_access(
        user=_member(request), keep_session_key=request.session.session_key
    )
    messages.success(
        request, _("You are logged out everywhere else, and every API token has ended.")
    )
    return redirect("accounts:access")


@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    """POST makes an API token and redirects; the GET that follows shows it this once (only
    its hash is kept). Reloading or coming back shows it no more and makes none. The page
    is never stored by the browser or a proxy (``no-store``)."""
    if request.method == "POST":
        shown_once.keep(request, "api_token", services.api_token_create(user=_member(request)))
        return redirect("accounts:token_new")
    token = shown_once.take(request, "api_token")
    response = render(request, "accounts/token_made.html", {"token": token})
    response.headers["Cache-Control"] = "no-store"
    return response
