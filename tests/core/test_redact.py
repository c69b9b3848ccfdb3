"""Addresses out of log lines: every IPv4 and IPv6 form, in every context a log puts one."""

from __future__ import annotations

import io
import ipaddress
import logging
import socket
import sys
import threading

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from notalone.core.redact import (
    REDACTED,
    AddressRedactingFilter,
    RedactingWriter,
    pump_redacted,
    redact_addresses,
    redact_standard_streams,
)
from notalone.serving import AddressFreeLogger, AddressFreeThreadWorker

CONTEXTS = (
    "Invalid request from ip={}: Request Line is too large (5014 > 4094)",
    "('{}', 51234, 0, 0)",
    "connecting to {}:6379. Connection refused.",
    "Listening at: http://[{}]:8000 (1234)",
    "from {}.",
    "{}",
    "X-Forwarded-For: {}, 10.0.0.1",
    "'{}'",
)


def _forms(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> set[str]:
    forms = {str(address), address.exploded, address.compressed}
    if isinstance(address, ipaddress.IPv6Address):
        forms.add(address.exploded.upper())
    return forms


@given(address=st.ip_addresses(), context=st.sampled_from(CONTEXTS))
def test_no_form_of_any_address_survives(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, context: str
) -> None:
    # "::" (every address, as in a bind to all of them) is nobody's, and Python's slices
    # look like it: it is the one form left alone.
    assume(str(address) != "::")
    for form in _forms(address):
        line = context.format(form)
        redacted = redact_addresses(line)
        assert form not in redacted, (line, redacted)
        assert REDACTED in redacted


@given(v6=st.ip_addresses(v=6), v4=st.ip_addresses(v=4))
def test_zones_and_embedded_ipv4_go_too(
    v6: ipaddress.IPv6Address, v4: ipaddress.IPv4Address
) -> None:
    assume(str(v6) != "::")
    for address in (f"{v6}%eth0", f"::ffff:{v4}", f"64:ff9b::{v4}"):
        assert redact_addresses(f"peer {address} closed") == f"peer {REDACTED} closed"


@pytest.mark.parametrize(
    "line",
    [
        "[2026-11-30 11:55:47 +0000] [17864] [INFO] Booting worker with pid: 17865",
        "2026-11-30 11:58:06,190 ERROR huey.consumer.Scheduler Error reading schedule.",
        "took 12:34:56.789, gunicorn 27.0.1, MAC aa:bb:cc:dd:ee:ff, std::string",
        "Listening at: http://[::]:8000 (1)",  # every address: not anybody's
        "GET /stories/?page=2 200 5120 12ms",
    ],
)
def test_lines_without_an_address_are_left_alone(line: str) -> None:
    assert redact_addresses(line) == line


def test_nothing_of_an_address_is_left_over() -> None:
    assert redact_addresses("ip=2001:db8::1: x") == f"ip={REDACTED}: x"
    assert redact_addresses("1:2:3:4:5:6:7:8:9") == f"{REDACTED}:9"
    assert redact_addresses("ip:2001:db8::1") == f"ip:{REDACTED}"


def _emit(record: logging.LogRecord) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(AddressRedactingFilter())
    handler.handle(record)
    return stream.getvalue()


def test_the_filter_redacts_arguments_and_tracebacks() -> None:
    try:
        raise ConnectionError("Error 111 connecting to 192.0.2.10:6379.")
    except ConnectionError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "peer %s failed", ("2001:db8::5",), None
        )
        record.exc_info = sys.exc_info()
    written = _emit(record)
    assert "peer [address] failed" in written
    assert "connecting to [address]:6379" in written
    assert "192.0.2.10" not in written
    assert "2001:db8" not in written


def test_a_record_whose_arguments_do_not_fit_is_still_written_without_its_address() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "from 192.0.2.1 %d", ("x",), None)
    assert _emit(record).startswith("from [address] %d")


def test_every_handler_the_settings_set_up_filters_addresses() -> None:
    # The loggers the settings configure, and their parents (a library that adds a handler of
    # its own to its own logger at import, in some test of the same process, is not ours).
    from django.conf import settings

    loggers = [logging.getLogger(), *map(logging.getLogger, settings.LOGGING.get("loggers", {}))]
    handlers = {
        handler
        for logger in loggers
        if isinstance(logger, logging.Logger)
        for handler in logger.handlers
        # Not pytest's capture, and not a handler that writes nothing.
        if type(handler).__module__.startswith(("logging", "django"))
        and not isinstance(handler, logging.NullHandler)
    }
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, AddressRedactingFilter) for f in handler.filters), handler
    for name in ("django.request", "django.security.DisallowedHost", "huey.consumer"):
        logger = logging.getLogger(name)
        while not logger.handlers and logger.parent:
            logger = logger.parent
        assert logger.handlers, name


def test_the_writer_holds_a_line_until_it_ends() -> None:
    target = io.StringIO()
    writer = RedactingWriter(target)
    writer.write("from 192.0")
    writer.write(".2.1 port 5\nnext ")
    assert target.getvalue() == "from [address] port 5\n"
    writer.flush()
    assert target.getvalue() == "from [address] port 5\nnext "


def test_the_pump_copies_a_childs_lines_redacted() -> None:
    target = io.StringIO()
    pump = pump_redacted(io.StringIO("a 192.0.2.1\nb ::1\n"), target, threading.Lock())
    pump.join(timeout=5)
    assert target.getvalue() == "a [address]\nb [address]\n"


def test_gunicorns_logger_filters_every_handler_it_sets_up() -> None:
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    logger = AddressFreeLogger(config)
    handlers = logger.error_log.handlers + logger.access_log.handlers
    assert len(handlers) == 2
    for handler in handlers:
        assert any(isinstance(f, AddressRedactingFilter) for f in handler.filters)


def test_gunicorns_worker_never_passes_the_peer_address_on() -> None:
    from gunicorn.config import Config
    from gunicorn.http.errors import InvalidRequestLine

    warnings: list[str] = []

    class Log:
        def warning(self, message: str, *args: object) -> None:
            warnings.append(message % args if args else message)

    # gunicorn's own error path, on a worker built without an arbiter: no filter anywhere.
    worker = AddressFreeThreadWorker.__new__(AddressFreeThreadWorker)
    worker.cfg, worker.log = Config(), Log()
    server, client = socket.socketpair()
    with server, client:
        worker.handle_error(None, server, ("192.0.2.1", 5555), InvalidRequestLine("garbage"))
        assert client.recv(100).startswith(b"HTTP/1.1 400")
    assert warnings == ["Invalid request from ip=[address]: Invalid HTTP request line: 'garbage'"]


def test_a_service_redacts_its_standard_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    redact_standard_streams()
    redact_standard_streams()  # once is enough; twice changes nothing
    print("listening on 192.0.2.1")
    print("peer", "2001:db8::1", file=sys.stderr, flush=True)
    sys.stdout.flush()
    assert out.getvalue() == "listening on [address]\n"
    assert err.getvalue() == "peer [address]\n"


def test_the_pump_keeps_reading_when_its_target_is_gone() -> None:
    class CountingSource(io.StringIO):
        lines = 0

        def __next__(self) -> str:
            line = super().__next__()
            self.lines += 1
            return line

    target = io.StringIO()
    target.close()  # as when `notalone serve | head` has stopped reading
    source = CountingSource("a 192.0.2.1\n" * 1000)
    pump_redacted(source, target, threading.Lock()).join(timeout=5)
    assert source.lines == 1000  # the child's pipe would never fill up
