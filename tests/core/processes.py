"""Real NotAlone processes for tests: `notalone serve`, the worker, a guardian, raw requests.

Each process writes its standard output and error to files in its data directory, so a
test can read every line it wrote.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

NOTALONE = str(Path(sys.executable).with_name("notalone"))
START_TIMEOUT = 60


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The test's environment without any NotAlone setting or database, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NOTALONE_", "GUNICORN_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    # The safety models (seconds to load, then CPU per story) are not what these processes test:
    # they answer with the rules, as every test but the models' own does (tests/conftest.py).
    env.update(
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=str(data_dir),
        NOTALONE_SAFETY_MODELS=os.environ.get("NOTALONE_SAFETY_MODELS", "off"),
    )
    env.update(extra)
    return env


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def migrate(*envs: dict[str, str]) -> None:
    """``notalone migrate`` for each environment, side by side."""
    runs = [subprocess.Popen([NOTALONE, "migrate", "--no-input", "-v0"], env=env) for env in envs]
    for run in runs:
        assert run.wait(timeout=180) == 0


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    host: str = ""
    port: int = 0

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def output(self) -> str:
        return self.stdout.read_text(errors="replace") + self.stderr.read_text(errors="replace")


def start(
    name: str, arguments: list[str], env: dict[str, str], logs: Path, host: str = "", port: int = 0
) -> Process:
    """``notalone *arguments``; ``host`` and ``port`` say where it listens, if it does."""
    stdout, stderr = logs / f"{name}.stdout", logs / f"{name}.stderr"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        popen = subprocess.Popen([NOTALONE, *arguments], env=env, stdout=out, stderr=err)
    return Process(name, popen, stdout, stderr, host, port)


def start_serve(name: str, env: dict[str, str], host: str, logs: Path) -> Process:
    port = free_port(host)
    return start(name, ["serve", "--host", host, "--port", str(port)], env, logs, host, port)


def connect(host: str, port: int, source: str | None = None) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family)
    sock.settimeout(10)
    if source:
        sock.bind((source, 0))
    sock.connect((host, port))
    return sock


def wait_until_answering(process: Process) -> None:
    """Until the server answers HTTP at all (any status: a site may be broken on purpose)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            answer = send_raw(
                process.host, process.port, b"GET /health/ HTTP/1.0\r\nHost: localhost\r\n\r\n"
            )
        except OSError:
            answer = b""
        if answer.startswith(b"HTTP/"):
            return
        if process.popen.poll() is not None:
            raise AssertionError(f"{process.name} ended:\n{process.output()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{process.name} does not answer:\n{process.output()}")
        time.sleep(0.2)


def send_raw(host: str, port: int, data: bytes, source: str | None = None) -> bytes:
    """Send ``data`` as it is and return the first bytes of the answer (b"" if none)."""
    with connect(host, port, source) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close as soon as it has seen enough
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
        return answer


def get(
    host: str,
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> http.client.HTTPResponse:
    """One GET request (from the address ``source``, if given); the response, read."""
    conn = http.client.HTTPConnection(
        host, port, timeout=10, source_address=(source, 0) if source else None
    )
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


_IPV4 = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_HEX_AND_COLONS = re.compile(r"[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*")


def addresses_in(text: str) -> list[str]:
    """Every IPv4 or IPv6 address in ``text``, found without notalone.core.redact's pattern:
    dotted quads, and each run of ``:``-separated parts of a hex-and-colon token that
    Python's ipaddress accepts."""
    found = _IPV4.findall(text)
    for token in _HEX_AND_COLONS.findall(text):
        parts = token.split(":")
        for first in range(len(parts)):
            for last in range(first + 2, len(parts) + 1):
                candidate = ":".join(parts[first:last]).strip(".")
                if candidate.count(":") < 2 or candidate == "::":
                    continue
                try:
                    ipaddress.ip_address(candidate)
                except ValueError:
                    continue
                found.append(candidate)
    return found
