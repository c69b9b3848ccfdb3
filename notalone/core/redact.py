"""No IP address in any line a NotAlone process writes.

NotAlone stores no address (docs/PRIVACY.md), and logs are where addresses slip out:
gunicorn's ``Invalid request from ip=…``, a traceback that prints a peer, a library's
connection error. Every process the project starts sends its log records and its output
through ``redact_addresses``, which puts ``[address]`` in place of any IPv4 or IPv6 address:
a log filter for each handler (``AddressRedactingFilter``), and for whole streams either
``RedactingWriter`` (in the process) or ``pump_redacted`` (a parent reading its children).

Server addresses (a bind address, a database host) are removed too: the rule has no
exceptions, so a test can hold it without knowing which address belongs to whom.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from typing import IO, Any, TextIO, cast

REDACTED = "[address]"

_HEX = "[0-9A-Fa-f]{1,4}"
_V4 = r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
_V6_TAIL = rf"(?:{_V4}|{_HEX})"
_V6 = (
    "(?:"
    rf"(?:{_HEX}:){{7}}{_HEX}"  # eight groups
    rf"|(?:{_HEX}:){{6}}{_V4}"  # six groups and an embedded IPv4 address
    rf"|(?:{_HEX}:){{1,7}}:(?:(?:{_HEX}:){{0,6}}{_V6_TAIL})?"  # 2001:db8::1, fe80::
    rf"|::(?:{_HEX}:){{0,6}}{_V6_TAIL}"  # ::1, ::ffff:192.0.2.1
    ")"
    r"(?:%[0-9A-Za-z_.~-]+)?"  # a zone: fe80::1%eth0
)
# Never the middle of a word or of a longer number. The complete form comes first: an address
# not followed by more of an address (so 2001:db8::1 is not cut after "::"); the same shape
# without that condition is the fallback, so anything address-shaped goes, never a part of it.
# A bare "::" (all addresses: a bind address, or a Python slice) is left alone.
_NOT_MORE = r"(?![0-9A-Fa-f]|:[0-9A-Fa-f]|\.[0-9])"
_ADDRESS = re.compile(
    rf"(?<![0-9A-Za-z_])(?:{_V6}{_NOT_MORE}|{_V6})"  # IPv6 first: it may end in an IPv4 address
    rf"|(?<![0-9]){_V4}(?![0-9])"
)


def redact_addresses(text: str) -> str:
    """``text`` with every IPv4 and IPv6 address replaced by ``[address]``.

    Times (12:34:56), MAC addresses and version numbers with fewer than four parts stay;
    a dotted quad that is not quite an address (a version 1.2.3.4, 999.1.1.1) goes too,
    since a stray over-redaction costs nothing and a missed address cannot be taken back.
    """
    return _ADDRESS.sub(REDACTED, text)


class AddressRedactingFilter(logging.Filter):
    """Attach to a handler: the record it emits, traceback included, holds no address.

    The message is formatted here (so an address passed as an argument is caught), and a
    traceback is rendered and redacted before any formatter sees it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            message = f"{record.msg} (its arguments did not fit and were left out)"
        record.msg = redact_addresses(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_addresses(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_addresses(record.stack_info)
        return True


class WithoutTraceback(logging.Filter):
    """One line, no traceback: for refusals that are the client's doing (a request for an
    unknown host name, a malformed cookie), where a traceback says nothing but fills the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def add_filter_to_handlers(*loggers: logging.Logger) -> None:
    """Put ``AddressRedactingFilter`` on every handler of ``loggers`` (once each)."""
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, AddressRedactingFilter) for f in handler.filters):
                handler.addFilter(AddressRedactingFilter())


class RedactingWriter:
    """A text stream that passes whole lines, redacted, to ``target``.

    Installed as ``sys.stdout`` and ``sys.stderr`` of a long-running service, it catches what
    no log filter sees: ``print``, tracebacks of uncaught exceptions, warnings. A line is held
    until it ends (an address split over two writes is still caught); ``flush`` writes a
    partial line, so prompts still show. Anything else (``encoding``, ``isatty``) is the
    target's.
    """

    _LIMIT = 64 * 1024  # a line this long is written out even before it ends

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._pending = ""
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            complete, newline, rest = self._pending.rpartition("\n")
            if newline:
                self._target.write(redact_addresses(complete + newline))
                self._pending = rest
            if len(self._pending) > self._LIMIT:
                self._target.write(redact_addresses(self._pending))
                self._pending = ""
        return len(text)

    def flush(self) -> None:
        with self._lock:
            if self._pending:
                self._target.write(redact_addresses(self._pending))
                self._pending = ""
            self._target.flush()


def redact_standard_streams() -> None:
    """From now on, what this process writes to ``sys.stdout`` and ``sys.stderr`` is redacted.

    For long-running services whose output is a log (a guardian, the worker), never for a
    command whose output is data (an export would lose the addresses its rows hold).
    """
    if not isinstance(sys.stdout, RedactingWriter):
        sys.stdout = cast(TextIO, RedactingWriter(sys.stdout))
    if not isinstance(sys.stderr, RedactingWriter):
        sys.stderr = cast(TextIO, RedactingWriter(sys.stderr))


def pump_redacted(source: IO[str], target: TextIO, lock: threading.Lock) -> threading.Thread:
    """Copy ``source`` (a child's output) to ``target`` line by line, redacted, in a thread.

    The thread ends when the child closes its end; ``lock`` keeps lines of several children
    from interleaving. If ``target`` can no longer be written (``notalone serve | head``), the
    rest is read and dropped.
    """

    def run() -> None:
        writable = True
        with source:
            for line in source:
                if not writable:
                    continue  # keep reading, so a child never blocks on a full pipe
                with lock:
                    try:
                        target.write(redact_addresses(line))
                        target.flush()
                    except (OSError, ValueError):  # the reader went away, or target closed
                        writable = False

    thread = threading.Thread(target=run, name="redacted-output", daemon=True)
    thread.start()
    return thread
