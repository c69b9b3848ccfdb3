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
