"""Database sessions that know their member (SESSION_ENGINE = "notalone.accounts.sessions").

Django's own database sessions cannot be listed per member: the member's id sits inside the
encoded session data. This store copies it, and the day the session began, into columns of
``MemberSession``, as Django's documentation describes for extending the database engine.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.utils import timezone

from notalone.core.ids import parse_positive_int

# Kept inside the session data so the day survives every save (each save rewrites the row).
CREATED_ON_KEY = "_notalone_created_on"


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> type[AbstractBaseSession]:
        from notalone.accounts.models import MemberSession

        return MemberSession

    def create_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        from notalone.accounts.models import MemberSession

        created_on = data.setdefault(CREATED_ON_KEY, timezone.localdate().isoformat())
        instance = super().create_model_instance(data)
        assert isinstance(instance, MemberSession)
        user_id = data.get(SESSION_KEY)
        text = str(user_id or "")
        instance.user_id = parse_positive_int(text)
        try:
            instance.created_on = datetime.date.fromisoformat(str(created_on))
        except ValueError:
            instance.created_on = timezone.localdate()
        return instance


# Where a session's data is kept in the cache by ``CachedSessionStore``.
CACHE_KEY_PREFIX = "session:v1:"


def forget_cached(session_keys: list[str]) -> None:
    """Drop these sessions' cached copies, now and when the transaction commits (a request
    that read the row before the commit cannot put it back for longer than that). For the
    services that delete session rows in bulk; harmless when sessions are not cached."""
    from django.core.cache import cache
    from django.db import transaction

    keys = [CACHE_KEY_PREFIX + key for key in session_keys]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


class CachedSessionStore(SessionStore):
    """The same sessions, read through the shared cache (Redis, in the production profile):
    SESSION_ENGINE = "notalone.accounts.cached_sessions" when REDIS_URL is set.

    The database stays the record (members list and end their sessions there); a signed-in
    request reads the cache and touches the database only on a miss. Every way a session
    ends removes its cached copy: ``delete`` (log-out, ``flush``) here, and the services that
    end sessions in bulk call ``forget_cached``. A cached copy lasts at most
    ``SESSION_CACHE_SECONDS`` (and never past the session's expiry), so a copy that Redis
    failed to delete cannot keep a session alive for longer than that."""

    # Django signs session data with a salt named after the class: the same as the database
    # store's, so a site can move between the two engines without logging anyone out.
    key_salt = "django.contrib.sessions.SessionStore"

    def _cache_key(self) -> str:
        assert self.session_key is not None
        return CACHE_KEY_PREFIX + self.session_key

    def _cache_seconds(self, expiry: datetime.datetime | None = None) -> int:
        from django.conf import settings

        left = self.get_expiry_age(expiry=expiry) if expiry else self.get_expiry_age()
        return max(1, min(settings.SESSION_CACHE_SECONDS, left))

    def load(self) -> dict[str, Any]:
        from django.core.cache import cache

        if self.session_key is None:
            return super().load()
        data = cache.get(self._cache_key())
        if isinstance(data, dict):
            return data
        row = self._get_session_from_db()  # type: ignore[attr-defined]  # None when there is none
        if row is None:
            return {}
        data = self.decode(row.session_data)
        cache.set(self._cache_key(), data, self._cache_seconds(row.expire_date))
        return data

    def save(self, must_create: bool = False) -> None:
        from django.core.cache import cache

        super().save(must_create)
        cache.set(self._cache_key(), self._session, self._cache_seconds())  # type: ignore[attr-defined]

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        super().delete(session_key)
        if key is not None:
            forget_cached([key])
