from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notalone.accounts.models import User
from notalone.core import requestcache
from notalone.moderation.selectors import has_unread_notices


def notices(request: HttpRequest) -> dict[str, Any]:
    """Whether the member has unread notices, for the navigation. Lazy: the query runs only
    on pages that show the navigation to a signed-in member."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    return {
        "has_unread_notices": SimpleLazyObject(
            lambda: has_unread_notices(member=user, read=requestcache.reader(request))
        )
    }
