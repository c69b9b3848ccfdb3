from __future__ import annotations

import json
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from notalone.accounts import authentication, services, shown_once
from notalone.accounts.backends import PATH as BACKEND
from notalone.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    RecoverForm,
    SignUpForm,
)
from notalone.accounts.models import User
from notalone.accounts.sessions import CREATED_ON_KEY, SessionStore
from notalone.core.widgets import errors_shown_on

_WRONG_CREDENTIALS = gettext_lazy(
    "That username and password do not match. Check both, or use your recovery code."
)
_BROWSER_COOKIE_SALT = "notalone.accounts.remembered-browser"


def _client_key(request: HttpRequest) -> str:
    return getattr(request, "client_key", "")


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _safe_next(request: HttpRequest, next_url: str) -> str:
    """A local path to go to after log-in, or "" (never another site, not even "/\\evil")."""
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


def browser_token(request: HttpRequest) -> str:
    """The remembered-browser token from the signed cookie, or "" if none is valid."""
    value = request.get_signed_cookie(
        settings.REMEMBER_BROWSER_COOKIE_NAME,
        default="",
        salt=_BROWSER_COOKIE_SALT,
        max_age=settings.REMEMBER_BROWSER_DAYS * 86400,
    )
    return value or ""


def _set_browser_cookie(response: HttpResponse, token: str) -> None:
    # The one cookie that outlives the browser window, and only when the member asks for it
    # (docs/PRIVACY.md): it holds a random token, signed; the name stays on the server.
    response.set_signed_cookie(
        settings.REMEMBER_BROWSER_COOKIE_NAME,
        token,
        salt=_BROWSER_COOKIE_SALT,
        max_age=settings.REMEMBER_BROWSER_DAYS * 86400,
        secure=settings.HTTPS,
        httponly=True,
        samesite="Lax",
    )


def _forget_browser(request: HttpRequest, response: HttpResponse) -> None:
    authentication.browser_forget(token=browser_token(request))
    response.delete_cookie(settings.REMEMBER_BROWSER_COOKIE_NAME, samesite="Lax")


def _start_session(request: HttpRequest, user: User) -> None:
    login(request, user, backend=BACKEND)
    # The day this session began, for the member's list of sessions (and nothing else).
    request.session[CREATED_ON_KEY] = timezone.localdate().isoformat()
    if secrets.randbelow(100) == 0:
        # Ended sessions, and the member and day each names, go now and then: no scheduler.
        SessionStore.clear_expired()


def _show_recovery_code(request: HttpRequest, code: str, *, reason: str) -> HttpResponse:
    return render(request, "accounts/recovery_code.html", {"recovery_code": code, "reason": reason})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_shown_on(form):
            result = services.account_signup(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                client_key=_client_key(request),
            )
        if not form.errors:
            _start_session(request, result.user)
            return _show_recovery_code(request, result.recovery_code, reason="signup")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = browser_token(request)
        with errors_shown_on(form):
            user = authentication.account_authenticate(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                client_key=_client_key(request),
                browser_token=token,
            )
        if not form.errors:
            if user is None:
                form.add_error(None, _WRONG_CREDENTIALS)
            else:
                _start_session(request, user)
                response = redirect(
                    _safe_next(request, request.POST.get("next", "")) or reverse("home")
                )
                if form.cleaned_data["remember"]:
                    authentication.browser_forget(token=token)
                    _set_browser_cookie(response, authentication.browser_remember(user=user))
                return response
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _safe_next(request, request.GET.get("next", ""))},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The operator admin's log-in page, replaced: operators log in through the same door,
    under the same limits, as everyone else. Nothing posted here is ever checked."""
    if request.user.is_authenticated:
        # Signed in already, and not an operator (or the admin would not have sent them):
        # asking them to log in again would suggest another account might do.
        raise PermissionDenied
    next_url = _safe_next(request, request.GET.get("next", "")) or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


@require_http_methods(["GET", "HEAD", "POST"])
def admin_password_change(request: HttpRequest) -> HttpResponse:
    """The admin's password form would skip ending other sessions and tokens: use ours."""
    return redirect("accounts:change_password")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("home")
    if request.POST.get("forget_browser"):
        _forget_browser(request, response)
    # Ask the browser to forget anything it kept from this visit.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_shown_on(form):
            user, code = authentication.account_recover(
                username=form.cleaned_data["username"],
                recovery_code=form.cleaned_data["recovery_code"],
                new_password=form.cleaned_data["new_password"],
                client_key=_client_key(request),
            )
        if not form.errors:
            # The recovery code proved who they are: they are logged in here, whatever
            # anyone else has been trying elsewhere.
            _start_session(request, user)
            messages.success(
                request,
                _(
                    "Your password is changed, every other log-in to your account has ended, "
                    "and you are logged in here."
                ),
            )
            return _show_recovery_code(request, code, reason="recover")
    return render(
        request, "accounts/recover.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _member(request)
        remembered = authentication.trusted_browser(
            token=browser_token(request), username=user.username
        )
        with errors_shown_on(form):
            authentication.account_change_password(
                user=user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
                keep_session_key=request.session.session_key,
            )
        if not form.errors:
            update_session_auth_hash(request, user)
            messages.success(
                request,
                _("Your password is changed. You are logged out everywhere else."),
            )
            response = redirect("accounts:account")
            if remembered is not None:
                # Every remembered browser was forgotten; this one is the member's own.
                _set_browser_cookie(response, authentication.browser_remember(user=user))
            return response
    return render(
        request, "accounts/change_password.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_recovery_code(request: HttpRequest) -> HttpResponse:
    """GET asks first (the old code stops working), or shows the code a POST just made, once;
    POST makes the code and redirects, so reloading or going back never makes another."""
    if request.method == "POST":
        made = services.account_new_recovery_code(user=_member(request))
        shown_once.keep(request, "recovery_code", made)
        return redirect("accounts:new_recovery_code")
    shown = shown_once.take(request, "recovery_code")
    if shown is None:
        return render(request, "accounts/recovery_code_confirm.html")
    response = _show_recovery_code(request, shown, reason="renew")
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    data = services.account_export(user=_member(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response.headers["Content-Disposition"] = f'attachment; filename="notalone-export-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _member(request)
        with errors_shown_on(form):
            confirmed = authentication.account_check_password(
                user=user, password=form.cleaned_data["password"]
            )
        if not form.errors:
            if not confirmed:
                form.add_error("password", _("That is not your password."))
            else:
                keep = form.cleaned_data["stories"] == form.KEEP
                services.account_delete(user=user, keep_stories=keep)
                logout(request)
                response = render(request, "accounts/deleted.html")
                response.delete_cookie(settings.REMEMBER_BROWSER_COOKIE_NAME, samesite="Lax")
                response.headers["Clear-Site-Data"] = '"cache", "storage"'
                return response
    return render(
        request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200
    )
