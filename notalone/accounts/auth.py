"""Bearer-token authentication for the JSON API (tokens from ``POST /api/v1/auth/token``)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from notalone.accounts import services
from notalone.accounts.models import User


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = services.api_token_find(token=token)
        if found is None:
            return None
        request.user = found.user
        # Which token was presented, for log-out (POST /api/v1/auth/logout).
        request.api_token_id = found.pk  # type: ignore[attr-defined]
        return found.user


def optional_viewer(request: HttpRequest) -> User | AnonymousUser:
    """Reads are open to everyone; a valid token shows what members may see too."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        user = services.api_token_user(token=token.strip())
        if user is not None:
            return user
    return AnonymousUser()


def presented_token_id(request: HttpRequest) -> int:
    token_id = getattr(request, "api_token_id", None)
    assert isinstance(token_id, int)
    return token_id


def member(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
