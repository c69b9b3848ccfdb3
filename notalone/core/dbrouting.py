"""Read replicas: which reads may go to a PostgreSQL replica, and which never do.

With ``DATABASE_REPLICA_URLS`` set, settings add one database alias per replica
(``replica_1``, ``replica_2`` ...) and this router. Every write, and every read by default,
goes to the primary (``default``). A read goes to a replica only inside ``replica_reads()``,
which selectors open around reads whose answer may be a moment old without harm (the text of
stories whose identifiers the policy has already chosen on the primary, a hashtag's daily
counts, a member's own reactions). Even there the primary answers:

- reads of the story policy's own tables (blocks, mutes, moderation, accounts, rate limits):
  a block or a moderator's decision must hold at once, on every process;
- every read of a request that writes (POST, PUT, PATCH, DELETE), and every read of a
  member's requests for ``REPLICA_PIN_SECONDS`` after one of their writes
  (``PrimaryAfterWriteMiddleware``): a member who has just shared, reacted or blocked sees
  their own change, however far a replica lags.

A replica that does not answer costs nothing but time: ``replica_or_primary`` reads from the
primary instead, and the router leaves that replica out for ``REPLICA_RETRY_SECONDS``, so one
standby down never turns a feed into a 503.

No replica configured: ``replica_reads()`` changes nothing.
"""

from __future__ import annotations

import contextvars
import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("notalone.dbrouting")
T = TypeVar("T")

REPLICA_PREFIX = "replica_"
# App labels whose tables the replicas never answer for (see the module's docstring), and
# single models of other apps that the story policy reads.
PRIMARY_ONLY_APPS = frozenset({"moderation", "accounts", "core", "sessions", "auth", "escrow"})
PRIMARY_ONLY_MODELS = frozenset({"stories.block", "stories.storymute", "stories.storyevent"})
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "notalone_replica_allowed", default=False
)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("notalone_pinned", default=False)
_last_replica: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "notalone_last_replica", default=None
)
# A replica that failed is left out this long (per process), then tried again.
REPLICA_RETRY_SECONDS = 10.0
_down_until: dict[str, float] = {}


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def replicas_configured() -> bool:
    return bool(replica_aliases())


def _answering_replicas() -> list[str]:
    now = time.monotonic()
    return [alias for alias in replica_aliases() if _down_until.get(alias, 0.0) <= now]


def replica_or_primary(read: Callable[[], T]) -> T:
    """``read()`` inside ``replica_reads()``; if the replica does not answer, that replica is
    left out for ``REPLICA_RETRY_SECONDS`` and ``read()`` runs again on the primary."""
    if not replicas_configured():
        return read()
    token = _last_replica.set(None)
    try:
        with replica_reads():
            return read()
    except (OperationalError, InterfaceError) as error:
        alias = _last_replica.get()
        if alias is None:
            raise  # the primary failed: nothing to fall back on
        _down_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning(
            "The read replica %s does not answer (%s): reading from the primary for %ds",
            alias,
            type(error).__name__,
            REPLICA_RETRY_SECONDS,
        )
        with primary_only():
            return read()
    finally:
        _last_replica.reset(token)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may be answered by a replica (unless the request is pinned)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


@contextmanager
def primary_only() -> Iterator[None]:
    """Every read inside is answered by the primary, whatever an inner ``replica_reads`` says."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def _may_use_replica(model: type[Any]) -> bool:
    meta = model._meta
    return (
        _replica_allowed.get()
        and not _pinned.get()
        and meta.app_label not in PRIMARY_ONLY_APPS
        and meta.label_lower not in PRIMARY_ONLY_MODELS
    )


class ReplicaRouter:
    """Django database router: writes and most reads to ``default``; see the module."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if _may_use_replica(model):
            aliases = _answering_replicas()
            if aliases:
                alias = random.choice(aliases)
                _last_replica.set(alias)
                return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def wrote_key(user_id: int) -> str:
    """The cache key present while this member's last write (POST, PUT, PATCH, DELETE) is
    under ``max(REPLICA_PIN_SECONDS, CARD_LIST_SECONDS)`` seconds old: their reads then skip
    replicas and shared lists, so they see their own change."""
    return f"dbrouting:wrote:{user_id}"


def _remember_write(user_id: int) -> None:
    seconds = max(settings.REPLICA_PIN_SECONDS, settings.CARD_LIST_SECONDS)
    cache.set(wrote_key(user_id), 1, timeout=seconds)


class PrimaryAfterWriteMiddleware:
    """Pin a request to the primary when it writes, or when its member wrote within
    ``REPLICA_PIN_SECONDS`` (remembered in the shared cache, so every web process knows).
    Without replicas, only remembers a member's writes (``wrote_key``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writes = request.method in _WRITE_METHODS
        if not replicas_configured():
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if writes and user is not None and user.is_authenticated:
                _remember_write(user.pk)
            return response
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        pinned = writes or (user_id is not None and cache.get(wrote_key(user_id)) is not None)
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes and user_id is not None:
            _remember_write(user_id)
        return response
