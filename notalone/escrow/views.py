"""The escrow's pages: what it is, filing (in the browser), my entries, counselor, operator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from notalone.accounts.models import User
from notalone.escrow import relay, selectors, services
from notalone.escrow.crypto.keyfile import fingerprint
from notalone.escrow.models import EntryStatus, EscrowEntry
from notalone.escrow.setup import EscrowNotReady, EscrowSetup, escrow_setup
from notalone.safety import mode as safety_mode

View = Callable[..., HttpResponse]


def _setup_or_reason() -> tuple[EscrowSetup | None, str]:
    try:
        return escrow_setup(), ""
    except EscrowNotReady as error:
        return None, str(error)


def _keys(setup: EscrowSetup | None) -> dict[str, Any]:
    if setup is None:
        return {}
    return {
        "counselor_fingerprint": fingerprint(setup.counselor_public_key),
        "guardian_fingerprints": [
            (index, fingerprint(share)) for index, share in enumerate(setup.public_shares, 1)
        ],
    }


def _role_required(check: Callable[[User], bool], message: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            assert isinstance(request.user, User)
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def home(request: HttpRequest) -> HttpResponse:
    setup, _reason = _setup_or_reason()
    return render(request, "escrow/home.html", {"setup": setup, **_keys(setup)})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    setup, reason = _setup_or_reason()
    assert isinstance(request.user, User)
    refusal = services.escrow_filing_refusal(account=request.user)
    rows = min(3, settings.ESCROW_IDENTIFIERS_PER_ENTRY)
    return render(
        request,
        "escrow/new.html",
        {
            "setup": setup,
            "not_ready": reason,
            "refusal": refusal,
            "rows": range(1, rows + 1),
            "verified": settings.ESCROW_FILERS == "verified",
            **_keys(setup),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    entries = [
        {"entry": entry, "entry_id": bytes(entry.entry_id).hex()}
        for entry in selectors.escrow_entries_of(account=request.user)
    ]
    return render(request, "escrow/mine.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, entry_id: bytes) -> HttpResponse:
    """GET asks first, saying what withdrawing does to a match; POST withdraws."""
    assert isinstance(request.user, User)
    if request.method == "GET":
        entry = selectors.escrow_entries_of(account=request.user).filter(entry_id=entry_id).first()
        if entry is None or entry.status != EntryStatus.SEALED:
            messages.error(
                request, _("That entry is not one of yours, or it can no longer be withdrawn.")
            )
            return redirect("escrow:mine")
        return render(
            request,
            "escrow/withdraw.html",
            {"entry": entry, "entry_id": entry_id.hex(), "quorum": settings.ESCROW_QUORUM},
        )
    try:
        services.escrow_withdraw(account=request.user, entry_id=entry_id)
    except EscrowEntry.DoesNotExist:
        messages.error(request, _("That entry is not one of yours, or it was already withdrawn."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Your entry is withdrawn and deleted. Nobody can read it, and it no longer "
                "counts towards a match."
            ),
        )
    return redirect("escrow:mine")


@_role_required(lambda user: user.is_counselor, "Only a legal options counselor can see this.")
def counselor(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "escrow/counselor.html",
        {"matches": selectors.escrow_matches(), "new": selectors.escrow_new_match_count()},
    )


@_role_required(lambda user: user.is_operator, "Only the operator can see this.")
def operator(request: HttpRequest) -> HttpResponse:
    setup, reason = _setup_or_reason()
    return render(
        request,
        "escrow/operator.html",
        {
            "setup": setup,
            "not_ready": reason,
            "health": relay.guardian_health(setup) if setup else [],
            "counts": selectors.escrow_counts(),
            "safety_mode": safety_mode(),
            "settings_shown": {
                "NOTALONE_ESCROW_QUORUM": settings.ESCROW_QUORUM,
                "NOTALONE_ESCROW_FILERS": settings.ESCROW_FILERS,
                "NOTALONE_ESCROW_MIN_ACCOUNT_DAYS": settings.ESCROW_MIN_ACCOUNT_DAYS,
                "NOTALONE_ESCROW_ENTRIES_PER_ACCOUNT": settings.ESCROW_ENTRIES_PER_ACCOUNT,
                "NOTALONE_ESCROW_IDENTIFIERS_PER_ENTRY": settings.ESCROW_IDENTIFIERS_PER_ENTRY,
            },
            **_keys(setup),
        },
    )
