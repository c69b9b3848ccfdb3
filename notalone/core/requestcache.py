"""Several reads of the shared cache made by one request, in one Redis round trip.

A signed-in member's feed reads a handful of small shared keys (the page cache's generation,
the shared card list, the filter block, the hashtag's row and timeline, the member's
unread-notices flag). Each ``cache.get`` is a round trip to Redis, and together they cost
more CPU than the rest of the page's own work. ``read_ahead`` fetches them all with one
``get_many`` and remembers the answers on the request; ``get`` then answers from there, once
per key (a second read of the same key, say after this request changed it, goes to the
cache). The values are those of this one request's start: nothing is kept across requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

_ATTRIBUTE = "_notalone_cache_read"
_MISSING = object()


def read_ahead(request: HttpRequest, keys: Iterable[str]) -> dict[str, Any]:
    """``cache.get_many(keys)``, also remembered on ``request`` for ``get``."""
    wanted = list(dict.fromkeys(keys))
    found = cache.get_many(wanted) if wanted else {}
    remembered: dict[str, Any] = request.__dict__.setdefault(_ATTRIBUTE, {})
    for key in wanted:
        remembered[key] = found.get(key, _MISSING)
    return found


def get(request: HttpRequest | None, key: str) -> Any:
    """``cache.get(key)``, answered from ``read_ahead`` when this request read it already."""
    remembered = request.__dict__.get(_ATTRIBUTE) if request is not None else None
    if remembered is not None and key in remembered:
        value = remembered.pop(key)
        return None if value is _MISSING else value
    return cache.get(key)


def reader(request: HttpRequest | None) -> Callable[[str], Any]:
    """``get`` for this request, for code that takes a plain ``key -> value`` function."""
    return lambda key: get(request, key)
