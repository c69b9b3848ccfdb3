"""Reverse proxies for tests: the nginx and Caddy examples of docs/OPERATING.md, run as
written (with the test's addresses, ports, certificate and log paths) in front of real
`notalone serve` processes, and HTTPS requests to them from chosen loopback addresses."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.core.faults import HOST, Server, database_url_of_tests, make_server
from tests.core.processes import free_port

NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
    None,
)
CADDY = shutil.which("caddy")
OPERATING = Path(__file__).resolve().parents[2] / "docs" / "OPERATING.md"
SITE = "notalone.example.org"
READER, OTHER_READER = "127.0.0.2", "127.0.0.3"


def documented_block(language: str, marker: str) -> str:
    """The production profile's example (the one naming two web processes) from OPERATING.md."""
    blocks = re.findall(rf"```{language}\n(.*?)```", OPERATING.read_text(), flags=re.DOTALL)
    (block,) = [block for block in blocks if marker in block]
    return block


def replaced(block: str, changes: dict[str, str]) -> str:
    for old, new in changes.items():
        assert old in block, old  # the document changed: change this test with it
        block = block.replace(old, new)
    return block


def self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SITE)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(SITE)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def nginx_configuration(
    directory: Path, port: int, upstreams: list[int], more: dict[str, str] | None = None
) -> str:
    """The document's block with the test's paths and ports, and ``more`` changes; then
    anything in ``more["(after)"]`` (another server block) after it."""
    more = dict(more or {})
    after = more.pop("(after)", "")
    cert, key = self_signed(directory)
    block = documented_block("nginx", "upstream notalone")
    changes = {
        "listen 443 ssl": f"listen {HOST}:{port} ssl",
        "server 127.0.0.1:8000;": f"server {HOST}:{upstreams[0]};",
        "server 127.0.0.1:8001;": f"server {HOST}:{upstreams[1]};",
        f"/etc/letsencrypt/live/{SITE}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{SITE}/privkey.pem": str(key),
        "/var/log/nginx/notalone-error.log": str(directory / "notalone-error.log"),
    }
    block = replaced(replaced(block, changes), more) + after
    temp = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # nginx started as root hands its workers to `nobody`, who cannot enter the test's
    # directory: keep them as the test's user.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n{temp}\n{block}}}\n"
    )


@contextmanager
def nginx(
    directory: Path, port: int, upstreams: list[int], more: dict[str, str] | None = None
) -> Iterator[None]:
    assert NGINX is not None
    conf = directory / "nginx.conf"
    conf.write_text(nginx_configuration(directory, port, upstreams, more))
    command = [NGINX, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    popen = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket_to(port):
                    break
            except OSError:
                assert popen.poll() is None, popen.stderr.read() if popen.stderr else ""
                time.sleep(0.1)
        yield
    finally:
        popen.terminate()
        popen.wait(timeout=20)


@contextmanager
def socket_to(port: int) -> Iterator[None]:
    import socket

    with socket.create_connection((HOST, port), timeout=2):
        yield


def through_proxy(
    port: int,
    method: str,
    path: str,
    *,
    source: str = READER,
    body: object = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(
        HOST, port, timeout=30, context=context, source_address=(source, 0)
    )
    return exchange(conn, method, path, body, headers)


def direct(
    port: int, method: str, path: str, *, source: str, body: object, headers: dict[str, str]
):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(source, 0))
    return exchange(conn, method, path, body, headers)


def exchange(conn, method, path, body, headers):  # type: ignore[no-untyped-def]
    sent = {"Host": SITE, **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body)
        sent["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        conn.close()


def sign_up(port: int, name: str, **options) -> int:  # type: ignore[no-untyped-def]
    body = {"username": name, "password": "a long enough password for the proxy test"}
    return through_proxy(port, "POST", "/api/v1/accounts", body=body, **options)[0]


def caddy_configuration(directory: Path, port: int, upstreams: list[int]) -> str:
    block = documented_block("caddyfile", "reverse_proxy 127.0.0.1:8000 127.0.0.1:8001")
    block = replaced(
        block,
        {
            # A certificate of Caddy's own authority instead of one from Let's Encrypt.
            f"{SITE} {{": f"{SITE} {{\n    bind {HOST}\n    tls internal",
            "127.0.0.1:8000 127.0.0.1:8001": f"{HOST}:{upstreams[0]} {HOST}:{upstreams[1]}",
            # Added to the document's global options: ports, storage and trust of the test's.
            "{\n    log {": (
                f"{{\n    admin off\n    http_port {free_port(HOST)}\n    https_port {port}\n"
                f"    default_sni {SITE}\n    skip_install_trust\n"
                f"    storage file_system {{\n        root {directory / 'data'}\n    }}\n"
                "    log {"
            ),
        },
    )
    return block


@contextmanager
def caddy(directory: Path, port: int, upstreams: list[int]) -> Iterator[Path]:
    """Caddy with the document's site block; yields the file its own log goes to."""
    assert CADDY is not None
    conf = directory / "Caddyfile"
    conf.write_text(caddy_configuration(directory, port, upstreams))
    log = directory / "caddy.log"
    env = {
        **os.environ,
        "HOME": str(directory),
        "XDG_DATA_HOME": str(directory / "data"),
        "XDG_CONFIG_HOME": str(directory / "config"),
    }
    with log.open("wb") as out:
        popen = subprocess.Popen(
            [CADDY, "run", "--config", str(conf), "--adapter", "caddyfile"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if through_proxy(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert popen.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield log
    finally:
        popen.terminate()
        popen.wait(timeout=20)


@contextmanager
def two_web_processes(
    tmp_path: Path, header: str = "X-Forwarded-For", count: int = 2
) -> Iterator[list[Server]]:
    """`notalone serve` in the production mode (SQLite aside: the test's PostgreSQL), behind a
    proxy that passes the reader's address in ``header``; two sign-ups per client an hour."""
    settings = {
        "NOTALONE_ENV": "production",
        "NOTALONE_ALLOWED_HOSTS": f"{SITE},localhost",
        "NOTALONE_BEHIND_PROXY": "true",
        "NOTALONE_CLIENT_ADDRESS_HEADER": header,
        "NOTALONE_SIGNUPS_PER_HOUR": "2",
        "DATABASE_URL": database_url_of_tests(),
    }
    servers = [make_server(tmp_path, **settings) for _ in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
