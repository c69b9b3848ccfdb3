"""CSRF protection that works with ``Referrer-Policy: no-referrer``.

With no-referrer, browsers send ``Origin: null`` on form posts and no ``Referer`` at all,
so Django's origin and (over HTTPS) referer checks would refuse every form. Browsers also
send ``Sec-Fetch-Site``, a header no page script can set: when it says ``same-origin``,
the request comes from one of our own pages, and that stands in for the origin and
referer checks. The CSRF token is still required on every unsafe request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware


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
    on the page (the header's log-out form, each story's reaction buttons).

    The token is Django's (``get_token``): the request's secret, masked afresh for each
    response so that a compressed page never repeats it (BREACH). Only the mask's random
    characters are drawn here, from one ``secrets.token_bytes`` call, where Django draws each
    of the 32 with its own call to the system's random source: that was a twentieth of a
    member's feed page. The result is exactly Django's token (``_unmask_cipher_token`` gives
    the secret back; ``tests/core/test_csrf_mask.py``); a request without a secret yet goes
    through ``get_token`` itself."""
    from django.middleware.csrf import get_token

    token = getattr(request, "_notalone_csrf_token", None)
    if token is None:
        secret = request.META.get("CSRF_COOKIE")
        if isinstance(secret, str) and len(secret) == CSRF_SECRET_LENGTH and set(secret) <= _CHARS:
            # What get_token does with an existing secret: send the cookie again (renewed).
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            token = mask_secret(secret)
        else:
            token = get_token(request)
        request._notalone_csrf_token = token  # type: ignore[attr-defined]
    return str(token)


_CHARS = frozenset(CSRF_ALLOWED_CHARS)
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Random bytes at or above this are dropped, so that each of the 62 characters is equally
# likely (248 = 4 x 62): a byte's remainder would otherwise favour the first eight.
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def mask_secret(secret: str) -> str:
    """Django's masked form of a CSRF secret (``django.middleware.csrf._mask_cipher_secret``:
    a random mask of ``CSRF_ALLOWED_CHARS`` and the secret shifted by it, character by
    character, modulo 62), the mask drawn uniformly from ``secrets.token_bytes``."""
    count = len(CSRF_ALLOWED_CHARS)
    mask: list[int] = []
    while len(mask) < len(secret):
        mask.extend(byte % count for byte in secrets.token_bytes(48) if byte < _UNBIASED_BELOW)
    mask = mask[: len(secret)]
    shifted = (
        CSRF_ALLOWED_CHARS[(_INDEX[char] + offset) % count]
        for char, offset in zip(secret, mask, strict=True)
    )
    return "".join(CSRF_ALLOWED_CHARS[offset] for offset in mask) + "".join(shifted)
