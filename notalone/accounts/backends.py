"""The only authentication backend: it finds a signed-in member's account for each request,
and never checks a password. Passwords are checked in ``accounts.authentication`` alone,
under its limits, so Django's ``authenticate()`` (which the stock admin log-in and any
third-party log-in form call) can never become a way around them."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
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
        """The signed-in member, on every request: one primary-key look-up, written out and
        made into a ``User`` as the ORM does (``from_db``, each column through the database's
        converters), for the ORM's query building cost about as much as a member's page's
        other queries together. Never cached: a role change, a suspension or a password change
        (which ends the other sessions through the session hash) counts from the next request."""
        pk = parse_positive_int(str(user_id))
        if pk is None:
            return None
        alias = router.db_for_read(User)
        sql, names, converters = _row_reader(connections[alias].vendor, alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, convert in converters:
            for function, expression in convert:
                values[index] = function(values[index], expression, connection)
        user = User.from_db(alias, names, values)
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _row_reader(
    vendor: str, alias: str
) -> tuple[str, list[str], list[tuple[int, list[tuple[Any, Any]]]]]:
    """For ``get_user``: the statement reading one ``User`` row by primary key on the database
    ``alias``, the fields' attribute names in its column order, and the converters each
    column's value goes through (those the ORM's compiler applies: the backend's and the
    field's own; SQLite's dates and booleans come back as text and numbers)."""
    connection = connections[alias]
    fields = User._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"SELECT {columns} FROM {quote(User._meta.db_table)} WHERE {quote('id')} = %s"  # noqa: S608  (names from the model)
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(User._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, [(function, column) for function in found]))
    return sql, [field.attname for field in fields], converters
