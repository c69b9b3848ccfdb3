"""The PostgreSQL backend's health check (core/postgresql/base.py): no round trip while a
connection is idle and well, and a connection the server closed is still found and replaced."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def _second_connection():  # type: ignore[no-untyped-def]
    other = type(connection)(dict(connection.settings_dict), alias="health_check_test")
    other.ensure_connection()
    return other


def test_an_idle_connection_in_good_health_is_checked_without_a_query() -> None:
    other = _second_connection()
    try:
        with mock.patch.object(django_postgresql.DatabaseWrapper, "is_usable") as select_one:
            assert other.is_usable()
        select_one.assert_not_called()
    finally:
        other.close()


def test_a_connection_the_server_closed_is_found_and_opened_again() -> None:
    other = _second_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [other.connection.info.backend_pid])
        deadline = time.monotonic() + 10
        while other.is_usable() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not other.is_usable()
        other.health_check_enabled, other.health_check_done = True, False
        other.close_if_health_check_failed()
        with other.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        other.close()
