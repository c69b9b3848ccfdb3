"""No line written by any process the project starts holds an IP address.

Started for real: `notalone serve` on IPv4 (gunicorn and its worker); a second site on IPv6
whose Redis is down, so its worker and its pages fail with tracebacks that name the Redis
address; the standalone worker (`notalone run_huey`) of the many-machines set-up, with the
same Redis; and a key guardian. Malformed requests arrive over raw sockets from another
loopback address, some carrying addresses of their own (a PROXY line, a Host header); then
every process is stopped and all it wrote is searched for any address.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notalone.escrow.setup import write_dealing
from tests.core.processes import (
    Process,
    addresses_in,
    environment,
    free_port,
    get,
    migrate,
    send_raw,
    start,
    start_serve,
    wait_until_answering,
)

pytestmark = [pytest.mark.slow, pytest.mark.fault]

CLIENT = "127.0.0.9"  # the requests' own address, unlike any server's
SITE_V4 = "127.0.0.3"
SITE_V6 = "::1"
GUARDIAN = "127.0.0.1"
GUARDIAN_TOKEN = "a-test-platform-token-0123456789abcdef"
# Addresses the requests carry themselves (documentation ranges, RFC 5737 and RFC 3849).
PROXIED_V4 = "198.51.100.7"
PROXIED_V6 = "2001:db8::7"
HOST_HEADER = "203.0.113.5"

MALFORMED = {
    "a 5,000-character URL": b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "an 8 kB header": b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"b" * 8200 + b"\r\n\r\n",
    "a garbage request line": b"garbage\r\n\r\n",
    "a header name with a space": b"GET / HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n",
    "a header name holding an address": (
        b"GET / HTTP/1.1\r\nHost: localhost\r\nFrom " + PROXIED_V4.encode() + b": x\r\n\r\n"
    ),
    "too many headers": b"GET / HTTP/1.1\r\n"
    + b"".join(b"X-%d: y\r\n" % i for i in range(120))
    + b"\r\n",
    "an unknown HTTP version": b"GET / HTTP/7.1\r\nHost: localhost\r\n\r\n",
    "a control character in the method": b"G\x01T / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "a PROXY line over IPv4": b"PROXY TCP4 "
    + PROXIED_V4.encode()
    + b" 127.0.0.3 56324 8000\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "a PROXY line over IPv6": b"PROXY TCP6 "
    + PROXIED_V6.encode()
    + b" ::1 56324 8000\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "an address in a broken request line": (
        b"GET /?from=" + PROXIED_V6.encode() + b" HTTP/1.1 more\r\n\r\n"
    ),
    "a bad chunk size": (
        b"POST /login/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
    ),
}

MALFORMED_FOR_THE_GUARDIAN = {
    "a garbage request line": b"garbage\r\n\r\n",
    "a 70,000-character URL": b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
    "too many headers": b"GET /health HTTP/1.1\r\n"
    + b"".join(b"X-%d: y\r\n" % i for i in range(120))
    + b"\r\n",
    "a length that is not a number": (b"POST /evaluate HTTP/1.1\r\nContent-Length: many\r\n\r\n{}"),
}


def _wait_for(process: Process, text: str) -> None:
    deadline = time.monotonic() + 30
    while text not in process.output():
        assert time.monotonic() < deadline, f"{process.name} never wrote {text!r}"
        time.sleep(0.2)


@pytest.fixture
def everything(tmp_path: Path) -> Iterator[dict[str, Process]]:
    """Every kind of process the project starts, running, with its output in files."""
    redis_down = f"redis://127.0.0.1:{free_port('127.0.0.1')}/0"  # nothing listens there
    env_v4 = environment(
        tmp_path / "v4",
        NOTALONE_ALLOWED_HOSTS=f"localhost,{SITE_V4}",
        NOTALONE_LOG_LEVEL="DEBUG",
        # An operator's own gunicorn settings: its debug lines are filtered too.
        GUNICORN_CMD_ARGS="--log-level debug",
    )
    env_v6 = environment(tmp_path / "v6", REDIS_URL=redis_down, NOTALONE_LOG_LEVEL="DEBUG")
    migrate(env_v4, env_v6)
    shares = tmp_path / "escrow"
    write_dealing(shares, t=2, n=3, quorum=2)
    env_guardian = environment(tmp_path / "guardian", NOTALONE_ESCROW_GUARDIAN_TOKEN=GUARDIAN_TOKEN)
    port = free_port(GUARDIAN)
    share = str(shares / "guardian-1.json")
    processes = {
        "serve-v4": start_serve("serve-v4", env_v4, SITE_V4, tmp_path),
        "serve-v6": start_serve("serve-v6", env_v6, SITE_V6, tmp_path),
        "worker": start("worker", ["run_huey", "--workers", "1"], env_v6, tmp_path),
        "guardian": start(
            "guardian",
            ["guardian", "serve", "--share", share, "--host", GUARDIAN, "--port", str(port)],
            env_guardian,
            tmp_path,
            GUARDIAN,
            port,
        ),
    }
    try:
        yield processes
    finally:
        for process in processes.values():
            process.stop()


def test_no_process_writes_an_address(everything: dict[str, Process]) -> None:
    # ::1 is the only IPv6 loopback address: the IPv6 site's client has the same one.
    for site, source in ((everything["serve-v4"], CLIENT), (everything["serve-v6"], None)):
        wait_until_answering(site)
        for request in MALFORMED.values():
            answer = send_raw(site.host, site.port, request, source)
            assert answer.startswith((b"HTTP/1.1 4", b"HTTP/1.1 5")) or answer == b"", answer[:80]
        # A Host header that is an address (Django logs it as a suspicious request), and
        # the forwarding header a proxy adds.
        get(site.host, site.port, "/", {"Host": HOST_HEADER})
        get(site.host, site.port, "/?q=" + PROXIED_V4, {"X-Forwarded-For": PROXIED_V4})
    guardian = everything["guardian"]
    _wait_for(guardian, "serving on port")
    for request in MALFORMED_FOR_THE_GUARDIAN.values():
        send_raw(guardian.host, guardian.port, request, CLIENT)
    _wait_for(everything["worker"], "Error 111 connecting to")
    _wait_for(everything["serve-v6"], "Error 111 connecting to")
    _wait_for(guardian, "Invalid request from ip=[address]")
    for process in everything.values():
        process.stop()

    outputs = {name: process.output() for name, process in everything.items()}
    # The requests did reach the paths that used to print an address.
    for name in ("serve-v4", "serve-v6"):
        assert outputs[name].count("Invalid request from ip=[address]") >= 10, outputs[name]
    assert "Invalid HTTP_HOST header: '[address]'" in outputs["serve-v4"]
    assert "Error 111 connecting to [address]" in outputs["worker"]
    assert "Traceback" in outputs["worker"]
    everything_written = "\n".join(outputs.values())
    for address in (CLIENT, SITE_V4, GUARDIAN, PROXIED_V4, HOST_HEADER, "::1", PROXIED_V6):
        assert address not in everything_written
    assert addresses_in(everything_written) == []
