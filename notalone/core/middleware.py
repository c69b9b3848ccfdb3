"""Middleware that makes every response safe by construction.

``ClientAddressScrubMiddleware`` runs first: it turns the client's address into a keyed
hash (under a key derived from SECRET_KEY and the UTC date, so it changes every day), then
removes the address from the request. Nothing after it — views, logs, error reports — can
store an address it never sees. The hash is only ever used as a rate-limit key.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import ipaddress
from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from notalone.core.env import IPNetwork

_ADDRESS_KEYS = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "manifest-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def _daily_secret(day: datetime.date) -> bytes:
    # Derived, not stored: a cache flush or a restart must not hand every client a fresh
    # set of tries, and nothing new is kept. The cost, written in docs/PRIVACY.md: whoever
    # holds SECRET_KEY can recompute any day's key and test guessed addresses against the
    # rate-limit rows still in the database (they are deleted when their window ends).
    return _derived_daily_secret(settings.SECRET_KEY, day)


@functools.lru_cache(maxsize=4)
def _derived_daily_secret(secret_key: str, day: datetime.date) -> bytes:
    # Every request asks for it: worked out once a day (per secret key), in memory only,
    # beside the secret key it comes from.
    return salted_hmac(
        "notalone.core.client_key", day.isoformat(), secret=secret_key, algorithm="sha256"
    ).digest()


def _network_of(address: str) -> str:
    """An IPv6 address stands for its /64: one host is usually given a whole /64, and counting
    each address apart would give it 2**64 fresh sets of tries. IPv4 addresses stand alone."""
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_key_for(address: str) -> str:
    day = timezone.now().date()
    network = _network_of(address)
    return hmac.new(_daily_secret(day), network.encode(), hashlib.sha256).hexdigest()[:32]


def _address_in(address: str, networks: Sequence[IPNetwork]) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    return any(parsed in network for network in networks)


def client_address(
    meta: Mapping[str, str], header: str | None, trusted_proxies: Sequence[IPNetwork] = ()
) -> str:
    """The reader's address, the one place the rate limits get it from.

    Without ``header`` (no reverse proxy): REMOTE_ADDR. With one: the header is believed only
    when REMOTE_ADDR is one of ``trusted_proxies`` (NOTALONE_TRUSTED_PROXIES); then its
    entries are read from the last one back, skipping the trusted proxies' own, and the first
    other entry is the reader. Entries before it were written by the client, who can write
    anything, and are ignored; from a peer that is not a trusted proxy the whole header is.
    """
    peer = meta.get("REMOTE_ADDR", "")
    if not header or not _address_in(peer, trusted_proxies):
        return peer
    forwarded = meta.get("HTTP_" + header.upper().replace("-", "_"), "")
    for entry in reversed([entry.strip() for entry in forwarded.split(",")]):
        if entry and not _address_in(entry, trusted_proxies):
            return entry
    return peer


class ClientAddressScrubMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = settings.CLIENT_ADDRESS_HEADER
        address = client_address(request.META, header, settings.TRUSTED_PROXIES)
        if header:
            request.META.pop("HTTP_" + header.upper().replace("-", "_"), None)
        request.client_key = client_key_for(address)  # type: ignore[attr-defined]
        for name in _ADDRESS_KEYS:
            request.META.pop(name, None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("X-DNS-Prefetch-Control", "off")
        content_type = response.headers.get("Content-Type", "")
        if content_type.startswith(("text/html", "application/json")):
            # A page kept in the browser's cache can be reopened by whoever uses the
            # device next: pages and API answers are never stored.
            response.headers["Cache-Control"] = "no-store, private"
        return response


class RefuseNulMiddleware:
    """A NUL character (U+0000) in a request's path names nothing and can be stored nowhere
    (PostgreSQL refuses it in text): such a path answers as a missing page (in JSON for the
    API), before any view or database sees it. Values in query strings and forms are left to
    the parsers that read them (``core.ids``, the story schema), which refuse them with their
    own messages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Not found."}, status=404)
            raise Http404
        return self.get_response(request)
