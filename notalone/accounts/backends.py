"""The only authentication backend: it finds a signed-in member's account for each request,
and never checks a password. Passwords are checked in ``accounts.authentication`` alone,
under its limits, so Django's ``authenticate()`` (which the stock admin log-in and any
third-party log-in form call) can never become a way around them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from notalone.accounts.models import User
from notalone.core.ids import parse_positive_int

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

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in member, on every request: one primary-key look-up, written out (the
        ORM's ``get`` cost more to build than to run). Never cached: a role change, a
        suspension or a password change (which ends the other sessions through the session
        hash) counts from the next request."""
        pk = parse_positive_int(str(user_id))
        if pk is None:
            return None
        table = User._meta.db_table
        found = list(User.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [pk]))  # noqa: S608
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
