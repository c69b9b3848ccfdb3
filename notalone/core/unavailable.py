"""When the database cannot answer, a reader gets 503 with Retry-After, never a 500.

PostgreSQL restarting, a connection cut, SQLite locked past its wait or its disk full: each
reaches a view as Django's ``OperationalError`` or ``InterfaceError``. Nothing was kept of the
request (its transaction rolled back), so the honest answer is "try again": 503, with
``Retry-After``, in HTML for pages and JSON for the API. A retry of a post with the same
idempotency key (forms carry one) is kept once. A full disk is said plainly, for the operator
reading the log as much as for the reader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("notalone.unavailable")

RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (OperationalError, InterfaceError)


def is_disk_full(error: BaseException) -> bool:
    text = str(error).lower()
    return "disk is full" in text or "no space left" in text or "could not extend file" in text


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with Retry-After for a database that cannot answer (``error``)."""
    full = is_disk_full(error)
    logger.error(
        "The database cannot answer (%s)%s: answered 503",
        type(error).__name__,
        ": the disk is full" if full else "",
    )
    message = (
        _("The site cannot store anything right now. Nothing you sent was kept.")
        if full
        else _("The site is briefly unavailable. Nothing you sent was kept.")
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string("core/503.html", {"message": message}, request=None), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database that cannot answer, in a view or a middleware after this one, into
    ``unavailable_response``. Placed early, so it also covers the session and the member."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except UNAVAILABLE as error:
            return unavailable_response(request, error)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            return unavailable_response(request, exception)
        return None
