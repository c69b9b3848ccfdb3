"""`notalone serve` runs the real server (gunicorn and the Huey worker): it answers with the
safety headers and its logs never hold the client's address."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SERVER_HOST = "127.0.0.3"
CLIENT_HOST = "127.0.0.9"  # a distinct loopback address, so any log of it is easy to spot


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((SERVER_HOST, 0))
        return int(sock.getsockname()[1])


def _request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection(
        SERVER_HOST, port, timeout=10, source_address=(CLIENT_HOST, 0)
    )
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_serve_answers_safely_and_logs_no_address(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("NOTALONE_") and k != "DATABASE_URL"
    }
    env.update(
        NOTALONE_ENV="development", NOTALONE_DATA_DIR=str(tmp_path), NOTALONE_LOG_LEVEL="DEBUG"
    )
    env["NOTALONE_ALLOWED_HOSTS"] = SERVER_HOST
    notalone = str(Path(sys.executable).with_name("notalone"))
    subprocess.run([notalone, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=120)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [notalone, "serve", "--host", SERVER_HOST, "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    response = _request(port, "GET", "/health/")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.3)
            assert response.status == 200
            home = _request(port, "GET", "/", {"X-Forwarded-For": "198.51.100.23"})
            assert home.status == 200
            assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]
            assert home.headers["Referrer-Policy"] == "no-referrer"
            assert _request(port, "GET", "/static/core/site.css").status == 200
            _request(port, "GET", "/no-such-page/?q=secret-search-words")
        finally:
            server.terminate()
            server.wait(timeout=30)
    output = log.read_text()
    assert "GET /health/ 200" in output  # the access log is on
    assert CLIENT_HOST not in output
    assert "198.51.100.23" not in output
    assert "secret-search-words" not in output
