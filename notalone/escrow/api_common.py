"""What the escrow API's modules share: authentication, the set-up (or 503), error bodies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security.base import AuthBase

from notalone.accounts.auth import BearerToken
from notalone.accounts.models import User
from notalone.core.api import Error
from notalone.core.csrf import NoReferrerCsrfViewMiddleware
from notalone.escrow.crypto.entry import PROTOCOL_VERSION
from notalone.escrow.setup import EscrowNotReady, EscrowSetup, escrow_setup

HEX64 = r"^[0-9a-f]{64}$"


def _refused(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=403)


class SessionMember(AuthBase):
    """The logged-in member of a page on this site, with Django's CSRF check (no-referrer-safe)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = "na_session"  # settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        check = NoReferrerCsrfViewMiddleware(_refused)
        request.csrf_processing_done = False  # type: ignore[attr-defined]
        check.process_request(request)
        if check.process_view(request, _refused, (), {}) is not None:
            return None
        return user


AUTH = [BearerToken(), SessionMember()]


class CodedError(Error):
    """An error with a guardian's stable code (ESCROW_PROTOCOL.md §7, "Error codes") and its
    parameters, for clients that act on the code; ``detail`` is already translated."""

    code: str | None = None
    params: dict[str, Any] | None = None
    #: POST /evaluate refused: the guardians that evaluated all the same (and so counted the
    #: evaluations and spent their token), which the check round makes rare (§6)
    evaluated_by: list[int] | None = None


def coded_errors(*codes: int) -> dict[int, type[Error]]:
    """Like ``core.api.errors``, with the guardian's code in the body."""
    return dict.fromkeys(sorted({*codes, 413, 422}), CodedError)


def version_refusal(version: int | None) -> dict[str, Any] | None:
    """The 400 body for a filing request of another protocol version, or None.

    Version-1 requests have the same shape as version 2's: without this a page left open
    across an upgrade, or an old client, would file entries under version-1 canonical forms
    (``facebook:share``) that meet other version-1 entries (ESCROW_PROTOCOL.md §14)."""
    if version == PROTOCOL_VERSION:
        return None
    detail = _(
        "This page or program speaks an older version of the escrow protocol, which this site "
        "no longer accepts, so nothing was sent or stored. Reload the page (or upgrade the "
        "program) and file again."
    )
    return {"detail": detail, "code": "protocol_version", "params": {"version": PROTOCOL_VERSION}}


def escrow_setup_or_503() -> EscrowSetup:
    try:
        return escrow_setup()
    except EscrowNotReady as error:
        raise HttpError(
            503, _("The escrow is not set up on this site yet. %(reason)s") % {"reason": error}
        ) from None
