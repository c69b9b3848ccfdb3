"""The only authentication backend: it finds a signed-in member's account for each request,
and never checks a password. Passwords are checked in ``accounts.authentication`` alone,
under its limits, so Django's ``authenticate()`` (which the stock admin log-in and any
third-party log-in form call) can never become a way around them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from notalone.accounts.models import User

PATH = "notalone.accounts.backends.NoPasswordBackend"


class NoPasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        return None
