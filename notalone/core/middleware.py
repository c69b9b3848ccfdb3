"""Middleware that makes every response safe by construction.

``ClientAddressScrubMiddleware`` runs first: it turns the client's address into a keyed
hash (under a secret that lives only in the cache and rotates daily), then removes the
address from the request. Nothing after it — views, logs, error reports — can store an
address it never sees. The hash is only ever used as a cache key for rate limits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

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


def _daily_secret() -> bytes:
    # One secret per UTC day, created on first use and kept only in the cache: once it
    # expires, yesterday's hashes cannot be linked to today's or reversed by a dictionary.
    key = f"client-key-secret:{timezone.now().date().isoformat()}"
    cache.add(key, secrets.token_hex(32), timeout=26 * 3600)
    value = cache.get(key)
    return bytes.fromhex(value) if isinstance(value, str) else secrets.token_bytes(32)


def client_key_for(address: str) -> str:
    return hmac.new(_daily_secret(), address.encode(), hashlib.sha256).hexdigest()[:32]


class ClientAddressScrubMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = request.META.get("REMOTE_ADDR", "")
        header = settings.CLIENT_ADDRESS_HEADER
        if header:
            meta_name = "HTTP_" + header.upper().replace("-", "_")
            forwarded = request.META.get(meta_name, "")
            # The last hop is the one our own proxy appended; earlier ones are client-supplied.
            address = forwarded.split(",")[-1].strip() or address
            request.META.pop(meta_name, None)
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
