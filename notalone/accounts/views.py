from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from notalone.accounts import services
from notalone.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    RecoverForm,
    SignUpForm,
)
from notalone.accounts.models import User
from notalone.core.widgets import attach_errors

_WRONG_CREDENTIALS = gettext_lazy(
    "That username and password do not match. Check both, or use your recovery code."
)


def _client_key(request: HttpRequest) -> str:
    return getattr(request, "client_key", "")


def _show_recovery_code(request: HttpRequest, code: str, *, reason: str) -> HttpResponse:
    return render(request, "accounts/recovery_code.html", {"recovery_code": code, "reason": reason})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.account_signup(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                client_key=_client_key(request),
            )
        except ValidationError as error:
            attach_errors(form, error)
        except services.RateLimited as error:
            form.add_error(None, str(error))
        else:
            login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
            return _show_recovery_code(request, result.recovery_code, reason="signup")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_authenticate(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                client_key=_client_key(request),
            )
        except services.RateLimited as error:
            form.add_error(None, str(error))
        else:
            if user is None:
                form.add_error(
                    None,
                    _WRONG_CREDENTIALS,
                )
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                next_url = request.POST.get("next", "")
                if next_url.startswith("/") and not next_url.startswith("//"):
                    return redirect(next_url)
                return redirect("home")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("home")
    # Ask the browser to forget anything it kept from this visit.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.account_recover(
                username=form.cleaned_data["username"],
                recovery_code=form.cleaned_data["recovery_code"],
                new_password=form.cleaned_data["new_password"],
                client_key=_client_key(request),
            )
        except ValidationError as error:
            attach_errors(form, error)
        except services.RateLimited as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your password is changed. You can log in with it now."))
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
        assert isinstance(request.user, User)
        try:
            services.account_change_password(
                user=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:account")
    return render(
        request, "accounts/change_password.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def new_recovery_code(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    code = services.account_new_recovery_code(user=request.user)
    return _show_recovery_code(request, code, reason="renew")


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    data = services.account_export(user=request.user)
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
        assert isinstance(request.user, User)
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("That is not your password."))
        else:
            services.account_delete(
                user=request.user, keep_stories=form.cleaned_data["stories"] == form.KEEP
            )
            logout(request)
            response = render(request, "accounts/deleted.html")
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
    return render(
        request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200
    )
