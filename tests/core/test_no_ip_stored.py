"""No IP address is stored in the database or written to a log.

The test client sends distinctive addresses (documentation ranges, RFC 5737); after a
visit that touches every account page, every table and every log record is searched.
"""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CLIENT_ADDRESS = "203.0.113.77"
FORWARDED_ADDRESS = "198.51.100.23"
ADDRESSES = (CLIENT_ADDRESS, FORWARDED_ADDRESS)


def all_rows_as_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def browse(client: Client) -> None:
    client.get("/")
    client.get("/staying-safe/")
    client.post("/signup/", {"username": "ember", "password": PASSWORD})
    client.get("/account/")
    client.post("/account/export/")
    client.post("/account/recovery-code/")
    client.post("/logout/")
    client.post("/login/", {"username": "ember", "password": "wrong"})
    client.post("/login/", {"username": "ember", "password": PASSWORD, "remember": "on"})
    client.get("/account/access/")
    client.get("/no-such-page/")
    client.post("/account/delete/", {"stories": "keep", "password": "wrong"})


def test_browsing_leaves_no_address_in_any_table_or_log(
    caplog: pytest.LogCaptureFixture, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=CLIENT_ADDRESS, HTTP_X_FORWARDED_FOR=FORWARDED_ADDRESS)
    browse(client)
    stored = all_rows_as_text()
    assert "ember" in stored  # the scan does see the data
    logs = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    for address in ADDRESSES:
        assert address not in stored
        assert address not in logs


def test_the_address_is_removed_before_any_view_sees_it(rf) -> None:  # type: ignore[no-untyped-def]
    from notalone.core.middleware import ClientAddressScrubMiddleware

    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen.update(request.META)
        seen["client_key"] = request.client_key
        from django.http import HttpResponse

        return HttpResponse()

    request = rf.get("/", REMOTE_ADDR=CLIENT_ADDRESS, HTTP_X_FORWARDED_FOR=FORWARDED_ADDRESS)
    ClientAddressScrubMiddleware(view)(request)
    assert CLIENT_ADDRESS not in repr(seen)
    assert FORWARDED_ADDRESS not in repr(seen)
    assert len(seen["client_key"]) == 32


def test_the_client_key_is_keyed_and_differs_by_address() -> None:
    from notalone.core.middleware import client_key_for

    assert client_key_for(CLIENT_ADDRESS) == client_key_for(CLIENT_ADDRESS)
    assert client_key_for(CLIENT_ADDRESS) != client_key_for(FORWARDED_ADDRESS)
    import hashlib

    assert (
        client_key_for(CLIENT_ADDRESS) != hashlib.sha256(CLIENT_ADDRESS.encode()).hexdigest()[:32]
    )
