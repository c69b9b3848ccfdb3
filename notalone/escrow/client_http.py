"""The escrow client's HTTP transport (split from ``client``, which re-exports all of it).

``http_transport`` talks to a site's ``/api/v1/escrow`` with a bearer token over one kept-alive
connection per thread; ``check_site_url`` refuses an address the token must not travel to.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

#: (method, path under /api/v1/escrow, JSON body or None) -> (HTTP status, JSON body)
Transport = Callable[[str, str, Mapping[str, Any] | None], tuple[int, Any]]


class EscrowClientError(Exception):
    """The platform or the guardians refused; ``detail`` is the sentence to show, ``code`` the
    stable error code when the answer had one (ESCROW_PROTOCOL.md §7, "Error codes")."""

    def __init__(self, detail: str, status: int = 0, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.code = code


_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def check_site_url(base_url: str) -> None:
    """Refuse a site address the bearer token must not be sent to.

    ``https://`` anywhere, ``http://`` only to this machine (``localhost``, 127.0.0.0/8,
    ``::1``), where nothing crosses a network. Raises ``EscrowClientError`` with the
    sentence to show, before anything is sent."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        raise EscrowClientError(
            f"{base_url!r} is not a site address: give it as https://example.org/."
        )
    if parts.scheme == "https":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host in _LOOPBACK_NAMES
    if not loopback:
        raise EscrowClientError(
            f"Refusing to send your token over plain http to {host}: anyone on the way could "
            "read it. Use the site's https:// address (plain http is allowed only to this "
            "machine: localhost, 127.0.0.1 or ::1)."
        )


def http_transport(base_url: str, token: str, *, timeout: float = 30) -> Transport:
    """A keep-alive HTTP transport to ``base_url`` (the site's root) with a bearer token.

    Raises ``EscrowClientError`` for an address the token must not go to (``check_site_url``)."""
    check_site_url(base_url)
    parts = urlsplit(base_url)
    prefix = parts.path.rstrip("/") + "/api/v1/escrow"
    local = threading.local()

    def connection() -> http.client.HTTPConnection:
        if getattr(local, "connection", None) is None:
            cls = (
                http.client.HTTPSConnection
                if parts.scheme == "https"
                else http.client.HTTPConnection
            )
            local.connection = cls(parts.hostname or "", parts.port, timeout=timeout)
        conn: http.client.HTTPConnection = local.connection
        return conn

    def send(method: str, path: str, body: Mapping[str, Any] | None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            conn = connection()
            try:
                conn.request(method, prefix + path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                local.connection = None
                if attempt == 0:
                    continue
                raise EscrowClientError(f"The site at {base_url} did not answer: {error}") from None
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, {"detail": raw.decode(errors="replace")[:200]}
        raise EscrowClientError(f"The site at {base_url} did not answer.")  # pragma: no cover

    return send
