"""CSRF protection that works with ``Referrer-Policy: no-referrer``.

With no-referrer, browsers send ``Origin: null`` on form posts and no ``Referer`` at all,
so Django's origin and (over HTTPS) referer checks would refuse every form. Browsers also
send ``Sec-Fetch-Site``, a header no page script can set: when it says ``same-origin``,
the request comes from one of our own pages, and that stands in for the origin and
referer checks. The CSRF token is still required on every unsafe request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware


def _same_origin_by_fetch_metadata(request: HttpRequest) -> bool:
    return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if request.META.get("HTTP_ORIGIN") == "null" and _same_origin_by_fetch_metadata(request):
            del request.META["HTTP_ORIGIN"]
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _check_referer(self, request: HttpRequest) -> None:
        if "HTTP_REFERER" not in request.META and _same_origin_by_fetch_metadata(request):
            return
        super()._check_referer(request)  # type: ignore[misc]


def request_csrf_token(request: HttpRequest) -> str:
    """The masked CSRF token for this response, made once per request and shared by every form
    on the page (the header's log-out form, each story's reaction buttons): masking draws 32
    random characters, and a member's page would otherwise mask a dozen times."""
    from django.middleware.csrf import get_token

    token = getattr(request, "_notalone_csrf_token", None)
    if token is None:
        token = request._notalone_csrf_token = get_token(request)  # type: ignore[attr-defined]
    return str(token)
