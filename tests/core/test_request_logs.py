"""One JSON log line per request: request id, route (the pattern, never the path), status
and duration; no address, no query string, no body."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from notalone.core.logs import JsonFormatter, RequestIdFilter
from notalone.core.redact import AddressRedactingFilter

pytestmark = pytest.mark.django_db

SECRET_WORDS = "my-private-words-4821"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(AddressRedactingFilter())
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("notalone.request")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(previous)


def records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_writes_one_json_line(json_lines: io.StringIO) -> None:
    client = Client(REMOTE_ADDR="198.51.100.77")
    response = client.get(f"/stories/?q={SECRET_WORDS}")
    assert response.status_code == 200
    (entry,) = records(json_lines)
    assert entry["route"] == "/stories/"
    assert entry["method"] == "GET"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(str(entry["request_id"])) == 32
    line = json_lines.getvalue()
    assert SECRET_WORDS not in line
    assert "198.51.100.77" not in line


def test_the_route_is_the_pattern_not_the_address(json_lines: io.StringIO, client: Client) -> None:
    client.get("/stories/abcdefghijkmnpqr/")
    (entry,) = records(json_lines)
    assert "abcdefghijkmnpqr" not in json.dumps(entry)
    assert entry["route"] == "/stories/<pid:story_id>/"
    assert entry["status"] == 404


def test_an_unknown_path_is_not_logged(json_lines: io.StringIO, client: Client) -> None:
    client.get(f"/{SECRET_WORDS}/")
    (entry,) = records(json_lines)
    assert entry["route"] == "(no route)"
    assert SECRET_WORDS not in json_lines.getvalue()


def test_no_body_is_logged(json_lines: io.StringIO, alice_client: Client) -> None:
    alice_client.post("/stories/new/", {"body": SECRET_WORDS * 3, "title": SECRET_WORDS})
    assert json_lines.getvalue()
    assert SECRET_WORDS not in json_lines.getvalue()


def test_a_proxys_request_id_is_kept_only_when_plain(
    json_lines: io.StringIO, client: Client
) -> None:
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abcdef0123456789")["X-Request-ID"] == (
        "abcdef0123456789"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" "level": "ERROR')["X-Request-ID"]
    assert forged != 'x" "level": "ERROR'
    assert [entry["request_id"] for entry in records(json_lines)] == ["abcdef0123456789", forged]


def test_other_records_carry_the_request_id_and_hold_no_address() -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "peer %s gone", ("192.0.2.1",), None
    )
    AddressRedactingFilter().filter(record)
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "peer [address] gone"
    assert entry["level"] == "ERROR"
