"""Structured logs: one JSON object per line, and one line per request.

``RequestLogMiddleware`` gives each request an identifier (the proxy's ``X-Request-ID`` when
it is a plain token, else a new random one), sends it back in ``X-Request-ID``, and writes one
record when the response is ready: method, route, status and duration. The route is the URL
pattern that matched (``stories/<pid:story_id>/``), never the path, so no identifier, search
word or query string is logged; nothing of the request's body or headers is either, and the
client's address is gone before this middleware runs (``ClientAddressScrubMiddleware``).

``JsonFormatter`` writes every record as a JSON object (``NOTALONE_LOG_FORMAT=json``, the
production default). It formats what the handler's filters left: ``AddressRedactingFilter``
runs first, so the message and any traceback hold no address.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("notalone.request")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "notalone_request_id", default=None
)
# A proxy's request id is kept only when it is a short plain token: a header is the client's
# to fill, and a log field must not become a way to write anything into the log.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# The fields a request record carries beside the message, in this order.
REQUEST_FIELDS = ("request_id", "method", "route", "status", "duration_ms")
UNMATCHED_ROUTE = "(no route)"


def current_request_id() -> str | None:
    """The identifier of the request this thread is serving, or None outside a request."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Put the current request's identifier on every record (``record.request_id``): the
    request being served, or the one Django names in a record it writes after the middleware
    has finished (``django.request``'s line for a 5xx answer)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = _request_id.get() or getattr(request, "request_id", None)
        return True


class RouteNotPathFilter(logging.Filter):
    """Django writes the path of every 5xx answer (``django.request``: "Service Unavailable:
    /tags/<a hashtag>/") and every CSRF refusal (``django.security.csrf``). A path holds story
    identifiers, hashtags and usernames: the route (the URL pattern) takes its place. Put it
    before ``AddressRedactingFilter``, which formats the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str) and isinstance(record.args, tuple):
            escaped = path.encode("unicode_escape").decode("ascii")  # as log_response gives it
            route = _route(request)  # type: ignore[arg-type]
            record.args = tuple(
                route if isinstance(arg, str) and arg in (path, escaped) else arg
                for arg in record.args
            )
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC, ISO 8601), level, logger, message, the request
    fields when present, and the traceback (already redacted) as ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED_ROUTE
    return "/" + str(match.route)


class RequestLogMiddleware:
    """One log record per request (logger ``notalone.request``, level INFO)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else secrets.token_hex(16)
        token = _request_id.set(request_id)
        # Django's own line for a 5xx answer is written after this middleware: it reads it here.
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            response.headers["X-Request-ID"] = request_id
            route = _route(request)
            logger.info(
                "%s %s %s %sms",
                request.method,
                route,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            _request_id.reset(token)
