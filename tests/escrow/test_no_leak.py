"""After a full filing flow, no table, log line or guardian log holds the identifier or the
record's text: the platform stores indexes and ciphertexts, the guardians log counts."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from tests.escrow.conftest import transport_for
from tests.escrow.guardians import Guardians

pytestmark = pytest.mark.django_db

RAW = "https://x.com/SomeHandle/"
SECRETS = (
    "somehandle",
    "SomeHandle",
    "Fictional event at the office party",
    "witness-name",
    "reach-me@example.org",
    "Conference room B",
)


def every_stored_value() -> list[Any]:
    values: list[Any] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                values.extend(row)
    return values


def _forms(secret: str) -> list[bytes]:
    encoded = secret.encode()
    return [
        encoded,
        encoded.lower(),
        encoded.hex().encode(),
        secret.lower().encode().hex().encode(),
    ]


def test_no_table_or_log_holds_what_was_named_or_written(
    guardians: Guardians, alice: User, bob: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = escrow_client.fetch_config(transport_for(alice))
    record = {
        "what": "Fictional event at the office party",
        "where": "Conference room B",
        "witnesses": "witness-name",
        "contact": "reach-me@example.org",
        "named": ["x:somehandle"],
    }
    escrow_client.file_entry(transport_for(alice), config, [RAW], record)
    escrow_client.file_entry(transport_for(bob), config, [("@somehandle", "twitter")], record)
    for index in (1, 2, 3):
        guardians.stop(index)
    stored = every_stored_value()
    assert any(isinstance(v, bytes | memoryview) and len(bytes(v)) == 172 for v in stored)
    haystack = b"\n".join(
        bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in stored
    )
    logs = caplog.text.encode() + b"".join(log.read_bytes() for log in guardians.logs)
    for secret in SECRETS:
        for form in _forms(secret):
            assert form.lower() not in haystack.lower(), secret
            assert form.lower() not in logs.lower(), secret
