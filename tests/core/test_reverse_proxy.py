"""The reverse-proxy examples of docs/OPERATING.md, run for real in front of two `notalone
serve` processes (issue 14): the reader's address reaches the rate limits through the header
the settings trust; an address the reader writes into X-Forwarded-For is ignored, and so is the
header when gunicorn is reached directly; pages, static files and the quick exit work through
the proxy; one process stopping costs no request; the proxy's logs keep no reader's address.
The same for the chain of proxies the document describes (a front proxy, then nginx passing
X-Real-IP).

Each configuration is the document's own block with only addresses, ports, certificate and
log paths changed (tests/core/proxies.py). Skipped only when the proxy is not installed
(`apt-get install nginx caddy`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.core.faults import HOST, Server
from tests.core.processes import free_port, send_raw
from tests.core.proxies import (
    CADDY,
    NGINX,
    OTHER_READER,
    READER,
    caddy,
    direct,
    nginx,
    sign_up,
    through_proxy,
    two_web_processes,
)

pytestmark = [pytest.mark.slow, pytest.mark.fault]


def check_through_the_proxy(port: int, servers: list[Server], prefix: str) -> None:
    # A page, through TLS at the proxy, so NotAlone sees https (HSTS, secure cookies).
    status, headers, page = through_proxy(port, "GET", "/stories/")
    assert status == 200, page[-2000:]
    assert "max-age=63072000" in headers.get("Strict-Transport-Security", "")
    text = page.decode()
    assert 'id="quick-exit" href="https://www.bbc.com/weather"' in text
    # The static files the page names, from WhiteNoise behind the proxy.
    scripts = re.findall(r'src="(/static/core/quick-exit[^"]*\.js)"', text)
    assert scripts, "the quick-exit script is not on the page"
    status, headers, script = through_proxy(port, "GET", scripts[0])
    assert status == 200
    assert "javascript" in headers["Content-Type"]
    assert "max-age=315360000" in headers.get("Cache-Control", "")
    assert b"quick-exit" in script
    stylesheets = re.findall(r'href="(/static/core/site[^"]*\.css)"', text)
    assert stylesheets
    assert through_proxy(port, "GET", stylesheets[0])[0] == 200

    # The reader's address, as the proxy passes it, is what the sign-up limit counts.
    assert sign_up(port, f"{prefix}reader1") == 201
    assert sign_up(port, f"{prefix}reader2") == 201
    assert sign_up(port, f"{prefix}reader3") == 429
    # Another reader is counted apart, though both come from the proxy's address.
    assert sign_up(port, f"{prefix}reader4", source=OTHER_READER) == 201
    # A reader who writes addresses of their own into X-Forwarded-For gains nothing.
    for spoofed in ("198.51.100.7", "127.0.0.1", f"{OTHER_READER}, 198.51.100.8"):
        status = sign_up(port, f"{prefix}reader5", headers={"X-Forwarded-For": spoofed})
        assert status == 429, spoofed
    # Gunicorn reached directly (not through a trusted proxy): the header is ignored.
    status = direct(
        servers[0].port,
        "POST",
        "/api/v1/accounts",
        source=READER,
        body={"username": f"{prefix}reader6", "password": "a long enough password here"},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )[0]
    assert status == 429

    # One web process stops (an upgrade, a crash): readers are answered by the other.
    servers[1].stop()
    statuses = [through_proxy(port, "GET", "/stories/")[0] for _ in range(6)]
    assert statuses == [200] * 6, statuses
    # Both stopped: the proxy answers with an error, and logs it without the reader's address
    # (checked by the callers, in the proxy's logs); so does plain HTTP sent to the TLS port.
    servers[0].stop()
    assert through_proxy(port, "GET", "/stories/")[0] in (502, 503)
    send_raw(HOST, port, b"GET / HTTP/1.0\r\nHost: notalone.example.org\r\n\r\n", READER)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.django_db(transaction=True)
def test_the_documented_nginx_passes_the_readers_address_static_files_and_quick_exit(
    tmp_path: Path,
) -> None:
    proxy_dir = tmp_path / "nginx"
    proxy_dir.mkdir()
    port = free_port(HOST)
    with (
        two_web_processes(tmp_path) as servers,
        nginx(proxy_dir, port, [server.port for server in servers]),
    ):
        check_through_the_proxy(port, servers, "nginx")
    # `access_log off`, and the error log only at `crit`: no reader's address kept.
    kept = "".join(path.read_text() for path in proxy_dir.glob("*.log"))
    assert READER not in kept, kept


@pytest.mark.skipif(CADDY is None, reason="Caddy is not installed (apt-get install caddy)")
@pytest.mark.django_db(transaction=True)
def test_the_documented_caddy_passes_the_readers_address_static_files_and_quick_exit(
    tmp_path: Path,
) -> None:
    proxy_dir = tmp_path / "caddy"
    proxy_dir.mkdir()
    port = free_port(HOST)
    with (
        two_web_processes(tmp_path) as servers,
        caddy(proxy_dir, port, [server.port for server in servers]) as log,
    ):
        check_through_the_proxy(port, servers, "caddy")
    kept = log.read_text()
    assert READER not in kept, kept


FRONT = "127.0.0.5"  # the front proxy's (a CDN's, a load balancer's) own address


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.django_db(transaction=True)
def test_behind_a_chain_of_proxies_nginx_passes_the_reader_in_x_real_ip(tmp_path: Path) -> None:
    """ "With more than one proxy": nginx works the reader's address out of the front proxy's
    X-Forwarded-For (`set_real_ip_from`, `real_ip_header`, `real_ip_recursive`) and sends only
    that, as X-Real-IP. The front proxy is a second server in the same nginx, connecting from
    an address of its own."""
    proxy_dir = tmp_path / "nginx"
    proxy_dir.mkdir()
    port, front = free_port(HOST), free_port(HOST)
    more = {
        "    server_name notalone.example.org;\n": (
            "    server_name notalone.example.org;\n"
            f"    set_real_ip_from {FRONT};\n"
            "    real_ip_header X-Forwarded-For;\n"
            "    real_ip_recursive on;\n"
        ),
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n": (
            "        proxy_set_header X-Real-IP $remote_addr;\n"
        ),
        "(after)": (
            f"server {{\n    listen {HOST}:{front};\n    access_log off;\n    location / {{\n"
            f"        proxy_pass https://{HOST}:{port};\n        proxy_bind {FRONT};\n"
            "        proxy_set_header Host $host;\n"
            "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }\n}\n"
        ),
    }
    with (
        two_web_processes(tmp_path, header="X-Real-IP", count=1) as servers,
        nginx(proxy_dir, port, [servers[0].port, servers[0].port], more),
    ):

        def sign_up_through_both(name: str, source: str, headers: dict[str, str]) -> int:
            body = {"username": name, "password": "a long enough password for the chain"}
            return direct(
                front, "POST", "/api/v1/accounts", source=source, body=body, headers=headers
            )[0]

        assert sign_up_through_both("chainreader1", READER, {}) == 201
        assert sign_up_through_both("chainreader2", READER, {}) == 201
        assert sign_up_through_both("chainreader3", READER, {}) == 429
        assert sign_up_through_both("chainreader4", OTHER_READER, {}) == 201
        for spoofed in (
            {"X-Forwarded-For": "198.51.100.7"},
            {"X-Forwarded-For": f"198.51.100.7, {FRONT}"},
            {"X-Real-IP": "198.51.100.8"},
        ):
            assert sign_up_through_both("chainreader5", READER, spoofed) == 429, spoofed
