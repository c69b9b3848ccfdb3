"""The middleware a bearer-token call to the escrow API passes by.

A filing client (the command line, the Python client) makes two calls per filing to
``/api/v1/escrow/`` with ``Authorization: Bearer``: no page, no cookie session. The middleware
wrapped here serve pages and cookie sessions (static files, the session, Django's CSRF check,
the signed-in member, flash messages); for such a call they only build objects that nothing
reads, about a tenth of the site's CPU per filing (BENCHMARKS.md, escrow, fifth step). Each
wrapped middleware hands such a call straight on; every other request, and every hook of
theirs (the CSRF check's ``process_view``), is exactly as before.

Every request still passes the others: the address scrub, the request log, the 503 for a
database that cannot answer, the security headers, the refusal of NUL paths, the host check
(``CommonMiddleware``), the reader's language (from the language cookie or Accept-Language)
and the pinning to the primary after a write. A call that sends a bearer token is judged by
that token alone: with a wrong one it is refused (401) even if a session cookie came with it,
so the cookie, and so CSRF, plays no part in it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Session
from django.http import HttpRequest, HttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware as _WhiteNoise

from notalone.core.csrf import NoReferrerCsrfViewMiddleware as _Csrf

ESCROW_API_PREFIX = "/api/v1/escrow/"


def is_bearer_escrow_call(request: HttpRequest) -> bool:
    """A call to the escrow API that authenticates with a bearer token."""
    return (
        request.path_info.startswith(ESCROW_API_PREFIX)
        and request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
    )


def _skipped_by_bearer_calls(middleware: type[Any]) -> type[Any]:
    """A subclass of ``middleware`` (Django's checks look for the class) that hands a
    bearer-token call to the escrow API straight on, and whose ``process_view``, if it has one,
    does nothing for such a call."""

    def __call__(self: Any, request: HttpRequest) -> HttpResponse:
        if is_bearer_escrow_call(request):
            response: HttpResponse = self.get_response(request)
            return response
        response = middleware.__call__(self, request)
        return response

    namespace: dict[str, Any] = {
        "__call__": __call__,
        "__module__": __name__,
        "__doc__": f"{middleware.__module__}.{middleware.__name__}, passed by bearer calls.",
    }
    if hasattr(middleware, "process_view"):

        def process_view(self: Any, request: HttpRequest, *args: Any) -> HttpResponse | None:
            if is_bearer_escrow_call(request):
                return None
            answer: HttpResponse | None = middleware.process_view(self, request, *args)
            return answer

        namespace["process_view"] = process_view
    for hook in ("process_exception", "process_template_response"):
        if hasattr(middleware, hook):
            raise TypeError(f"{middleware.__name__}.{hook} is not handled here")
    return type(middleware.__name__, (middleware,), namespace)


WhiteNoiseMiddleware = _skipped_by_bearer_calls(_WhiteNoise)
SessionMiddleware = _skipped_by_bearer_calls(_Session)
CsrfViewMiddleware = _skipped_by_bearer_calls(_Csrf)
AuthenticationMiddleware = _skipped_by_bearer_calls(_Authentication)
MessageMiddleware = _skipped_by_bearer_calls(_Messages)
