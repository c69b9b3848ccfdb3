"""Reads about a member's own access: sessions, API tokens and remembered browsers."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from notalone.accounts.models import ApiToken, MemberSession, TrustedBrowser, User


def session_ref(session_key: str) -> str:
    """A name for a session that a page may show: the session key itself would let anyone
    who saw the page take the session over."""
    return hashlib.sha256(f"notalone-session-ref:{session_key}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class SessionView:
    ref: str
    created_on: datetime.date
    current: bool


def member_sessions(*, user: User, current_session_key: str | None) -> list[SessionView]:
    rows = (
        MemberSession.objects.filter(user=user, expire_date__gt=timezone.now())
        .order_by("-created_on")
        .values_list("session_key", "created_on")
    )
    return [
        SessionView(ref=session_ref(key), created_on=created_on, current=key == current_session_key)
        for key, created_on in rows
    ]


def member_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-id")


def member_browsers(*, user: User) -> QuerySet[TrustedBrowser]:
    """Remembered browsers still in force (older ones no longer count and are purged)."""
    return TrustedBrowser.objects.filter(
        user=user, created_on__gte=browser_oldest_valid_day()
    ).order_by("-id")


def browser_oldest_valid_day() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=settings.REMEMBER_BROWSER_DAYS)
