"""Whole-page caching for readers who are not signed in.

When a hashtag goes viral, most readers are not signed in and read the same few pages. For
them a page is the same for everyone, so it is rendered once and served from the cache for a
few seconds. Signed-in members always get a fresh page (their reactions, their blocks).

Anything that must disappear at once — a story deleted or edited, hidden by a moderator,
anonymised by an account deletion — calls ``invalidate()``, which moves every cached page to
a new generation, so no stale copy is ever served after it.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from notalone.core import language

GENERATION_KEY = "pagecache:generation"

View = Callable[..., HttpResponse]


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (a new or flushed cache): start one at random, never at a value
        # that a copy kept in a process (``stories.cardlist``) may already be tagged with.
        cache.set(GENERATION_KEY, _random_generation(), timeout=None)


def _random_generation() -> int:
    return secrets.randbits(62)


def generation(found: object) -> int:
    """The current generation, given what the caller read of ``GENERATION_KEY`` (None when it
    was missing). A missing generation (a new or flushed cache) is started at random, so a
    flush can never bring back a generation that something was cached under before it; when
    the cache cannot be reached, a new random value each time (nothing cached is used)."""
    if isinstance(found, int) and not isinstance(found, bool):
        return found
    cache.add(GENERATION_KEY, _random_generation(), timeout=None)
    value = cache.get(GENERATION_KEY)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return _random_generation()


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # A pending message ("your account is deleted") is for this reader alone.
    if list(get_messages(request)):
        return False
    # So is anything kept in the reader's session (the country they chose, whose crisis line
    # the footer shows) but the language, which the key holds: such a page is neither served
    # from the cache nor stored in it.
    session = getattr(request, "session", None)
    return session is None or not set(session.keys()) - {language.SESSION_KEY}


def cache_anonymous_page(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        generation = cache.get(GENERATION_KEY, 0)
        # Hashed: a URL can be as long as a client likes; a cache key cannot.
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{generation}:{translation.get_language()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), timeout=seconds)
        return response

    return wrapper


def invalidate_on_commit() -> None:
    """Invalidate now and again when the transaction commits: a page rendered in between,
    from data not yet committed, cannot outlive the change."""
    invalidate()
    transaction.on_commit(invalidate)
