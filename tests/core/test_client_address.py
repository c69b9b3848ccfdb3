"""The client key behind per-client limits: durable (derived, not cached), new every day,
and right behind the documented reverse proxy (docs/OPERATING.md, "Behind a reverse proxy")."""

from __future__ import annotations

import datetime
import ipaddress

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from notalone.core.middleware import client_address, client_key_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
READER = "198.51.100.7"
OTHER_READER = "198.51.100.8"


def test_the_client_key_survives_a_cache_flush() -> None:
    before = client_key_for(READER)
    cache.clear()
    assert client_key_for(READER) == before


def test_the_client_key_changes_every_day() -> None:
    today = client_key_for(READER)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert client_key_for(READER) != today


LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128"))


def test_behind_the_proxy_the_last_forwarded_entry_is_the_reader() -> None:
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"203.0.113.1, {READER}"}
    assert client_address(meta, "X-Forwarded-For", LOOPBACK) == READER
    assert client_address(meta, None, LOOPBACK) == PROXY
    assert client_address({"REMOTE_ADDR": PROXY}, "X-Forwarded-For", LOOPBACK) == PROXY


def test_the_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored() -> None:
    # Gunicorn reached directly (bound to a public address by mistake): the header is the
    # sender's own invention, so the peer's address is what counts.
    meta = {"REMOTE_ADDR": OTHER_READER, "HTTP_X_FORWARDED_FOR": READER}
    assert client_address(meta, "X-Forwarded-For", LOOPBACK) == OTHER_READER
    assert client_address(meta, "X-Forwarded-For", ()) == OTHER_READER


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_reader() -> None:
    trusted = (*LOOPBACK, ipaddress.ip_network("10.0.0.0/8"))
    meta = {
        "REMOTE_ADDR": "::ffff:127.0.0.1",  # an IPv4 peer seen through an IPv6 socket
        "HTTP_X_FORWARDED_FOR": f"203.0.113.9, {READER}, 10.1.2.3,10.0.0.7 ,",
    }
    assert client_address(meta, "X-Forwarded-For", trusted) == READER
    # Only proxies in the chain: the nearest one is what is known.
    only_proxies = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "10.1.2.3"}
    assert client_address(only_proxies, "X-Forwarded-For", trusted) == PROXY


def test_a_reader_reaching_the_site_directly_cannot_choose_their_key(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    settings.SIGNUPS_PER_HOUR = 2

    def signup(forwarded_for: str, username: str) -> int:
        client = Client(REMOTE_ADDR=READER, HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.post("/signup/", {"username": username, "password": PASSWORD}).status_code

    assert signup("203.0.113.60", "one") == 200
    assert signup("203.0.113.61", "two") == 200
    assert signup("203.0.113.62", "three") == 400


def _signup(forwarded_for: str, username: str) -> int:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post("/signup/", {"username": username, "password": PASSWORD}).status_code


def test_two_readers_behind_the_proxy_get_limits_of_their_own(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    settings.SIGNUPS_PER_HOUR = 2
    assert _signup(READER, "one") == 200
    assert _signup(READER, "two") == 200
    assert _signup(READER, "three") == 400
    # Same proxy address, another reader: not held back by the first one's limit.
    assert _signup(OTHER_READER, "four") == 200


def test_a_reader_cannot_escape_the_limit_with_forwarded_entries_of_their_own(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    settings.SIGNUPS_PER_HOUR = 2
    assert _signup(READER, "one") == 200
    assert _signup(READER, "two") == 200
    # nginx appends the address it saw ($proxy_add_x_forwarded_for); whatever the reader
    # sent comes before it and is ignored.
    for number, invented in enumerate(("203.0.113.50", "203.0.113.51, 203.0.113.52")):
        assert _signup(f"{invented}, {READER}", f"three{number}") == 400


def test_an_ipv6_host_counts_as_its_whole_slash_64() -> None:
    from notalone.core.middleware import client_key_for

    one = client_key_for("2001:db8:1:2::1")
    assert client_key_for("2001:db8:1:2:ffff:ffff:ffff:ffff") == one
    assert client_key_for("2001:db8:1:3::1") != one
    assert client_key_for("::ffff:192.0.2.7") == client_key_for("192.0.2.7")
    assert client_key_for("192.0.2.7") != client_key_for("192.0.2.8")
