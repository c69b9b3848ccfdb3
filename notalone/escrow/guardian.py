"""One key guardian (ESCROW.md §1): a small HTTP service that holds one share of the OPRF key.

It runs on its own, without Django and without a database (``python -m notalone.escrow.guardian``
or ``notalone guardian serve``), so an independent organisation can run it on a tiny machine.

- ``POST /evaluate`` with ``Authorization: Bearer <token>`` (the platform's shared token) and
  ``{"account": "<pseudonymous account key>", "elements": ["<hex>", ...]}`` answers
  ``{"index": i, "evaluated": [...], "proof": "<hex>"}``: Zᵢⱼ = kᵢ·Eⱼ and one batched DLEQ proof.
- ``GET /health`` answers the public facts: index, realm, t, n and the public shares.

Evaluations are counted per account key per day and in total per day; past either limit the
answer is HTTP 429 with a ``detail`` that says which. The log holds counts only: never an
element, an account key or an address.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from notalone.core.env import SettingError, envstr
from notalone.escrow.crypto import threshold
from notalone.escrow.crypto.errors import EscrowCryptoError

logger = logging.getLogger("notalone.escrow.guardian")

MAX_ELEMENTS_PER_REQUEST = 32
MAX_BODY_BYTES = 16 * 1024
ACCOUNT_KEY_MAX_LENGTH = 128
DAY_SECONDS = 86400


class GuardianRefusal(Exception):
    """A request the guardian will not answer: ``status`` and a ``detail`` to show."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class DailyLimits:
    """Evaluations per account key per day, and in total per day (UTC days), kept in memory.

    Counters start again each day, so memory is bounded by one day's accounts.
    """

    per_account: int
    per_day: int
    clock: Callable[[], float] = time.time
    _day: int = -1
    _total: int = 0
    _accounts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, account: str, count: int) -> int:
        """Count ``count`` evaluations for ``account``, or raise ``GuardianRefusal`` (429)."""
        with self._lock:
            day = int(self.clock()) // DAY_SECONDS
            if day != self._day:
                self._day, self._total, self._accounts = day, 0, {}
            used = self._accounts.get(account, 0)
            if used + count > self.per_account:
                raise GuardianRefusal(
                    429,
                    f"This account has used its {self.per_account} evaluations for today; "
                    "it can try again tomorrow (UTC).",
                )
            if self._total + count > self.per_day:
                raise GuardianRefusal(
                    429,
                    f"This guardian has answered its {self.per_day} evaluations for today; "
                    "try again tomorrow (UTC).",
                )
            self._accounts[account] = used + count
            self._total += count
            return self._total


class Guardian:
    """Guardian i's logic, independent of any HTTP server (the demo mode calls it directly)."""

    def __init__(
        self, share_file: threshold.ShareFile, *, token: str | None, limits: DailyLimits
    ) -> None:
        self.share_file = share_file
        self.token = token
        self.limits = limits

    @property
    def index(self) -> int:
        return self.share_file.index

    def public_facts(self) -> dict[str, Any]:
        share = self.share_file
        return {
            "index": share.index,
            "realm": share.realm.hex(),
            "t": share.t,
            "n": share.n,
            "public_shares": [p.hex() for p in share.public_shares],
        }

    def evaluate(self, account: object, elements: object) -> dict[str, Any]:
        """Answer hex blinded elements for ``account``; raises ``GuardianRefusal``."""
        if not isinstance(account, str) or not 1 <= len(account) <= ACCOUNT_KEY_MAX_LENGTH:
            raise GuardianRefusal(400, "The request needs an account key.")
        if not isinstance(elements, list) or not 1 <= len(elements) <= MAX_ELEMENTS_PER_REQUEST:
            raise GuardianRefusal(
                400, f"Send from 1 to {MAX_ELEMENTS_PER_REQUEST} blinded elements."
            )
        try:
            blinded = [bytes.fromhex(element) for element in elements]
        except (TypeError, ValueError):
            raise GuardianRefusal(400, "Blinded elements are hex strings.") from None
        total = self.limits.take(account, len(blinded))
        try:
            answer = threshold.guardian_evaluate(self.share_file.share, blinded)
        except EscrowCryptoError:
            raise GuardianRefusal(400, "A blinded element is not a valid group element.") from None
        logger.info("evaluated %d elements (%d today)", len(blinded), total)
        return {
            "index": self.index,
            "evaluated": [element.hex() for element in answer.evaluated_elements],
            "proof": answer.proof.hex(),
        }

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        """One HTTP exchange: (status, JSON body). Logs counts only."""
        if path == "/health" and method == "GET":
            return 200, self.public_facts()
        if path != "/evaluate":
            return 404, {"detail": "Not found."}
        if method != "POST":
            return 405, {"detail": "Use POST."}
        scheme, _, presented = headers.get("Authorization", "").partition(" ")
        if (
            self.token is None
            or scheme.lower() != "bearer"
            or not hmac.compare_digest(presented.strip().encode(), self.token.encode())
        ):
            logger.warning("refused one request: missing or wrong platform token")
            return 401, {"detail": "This guardian answers only its platform (bearer token)."}
        try:
            request = json.loads(body)
            if not isinstance(request, dict):
                raise ValueError
            answer = self.evaluate(request.get("account"), request.get("elements"))
        except ValueError:
            return 400, {"detail": "The body is a JSON object with account and elements."}
        except GuardianRefusal as refusal:
            logger.info("refused one request (%s)", refusal.status)
            return refusal.status, {"detail": refusal.detail}
        return 200, answer


def load_guardian(
    share_path: Path, *, token: str | None, per_account: int, per_day: int
) -> Guardian:
    """A guardian from its share file (ESCROW.md §1); raises ``MalformedShareFile`` or OSError."""
    share_file = threshold.load_share_file(json.loads(share_path.read_text()))
    return Guardian(share_file, token=token, limits=DailyLimits(per_account, per_day))


def _handler_for(guardian: Guardian) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the platform reuses its connections
        server_version = "NotAloneGuardian"
        sys_version = ""

        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                status, payload = 413, {"detail": "The request is too large."}
                self.close_connection = True
            else:
                body = self.rfile.read(length) if length else b""
                headers = {"Authorization": self.headers.get("Authorization", "")}
                status, payload = guardian.handle(method, self.path, headers, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def log_message(self, format: str, *args: Any) -> None:
            # http.server logs the client's address and the path: neither is kept.
            return

    return Handler


def make_server(guardian: Guardian, host: str, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), _handler_for(guardian))
    server.daemon_threads = True
    return server


def _token_from_environment() -> str | None:
    try:
        return envstr("NOTALONE_ESCROW_GUARDIAN_TOKEN")
    except SettingError as error:
        raise SystemExit(f"guardian: {error}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="notalone guardian serve", description="Run one escrow key guardian."
    )
    parser.add_argument("--share", required=True, type=Path, help="this guardian's share file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument(
        "--per-account", type=int, default=60, help="evaluations per account key per day"
    )
    parser.add_argument("--per-day", type=int, default=100_000, help="evaluations per day")
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["serve"]:
        arguments = arguments[1:]
    args = parser.parse_args(arguments)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    token = _token_from_environment()
    if not token or len(token) < 32:
        print(
            "guardian: set NOTALONE_ESCROW_GUARDIAN_TOKEN (or _FILE) to the platform's token, "
            "32 characters or more.",
            file=sys.stderr,
        )
        return 2
    try:
        guardian = load_guardian(
            args.share, token=token, per_account=args.per_account, per_day=args.per_day
        )
    except (OSError, ValueError, EscrowCryptoError) as error:
        print(f"guardian: cannot use the share file {args.share}: {error}", file=sys.stderr)
        return 2
    server = make_server(guardian, args.host, args.port)
    host, port = args.host, server.server_port
    print(
        f"Guardian {guardian.index} of {guardian.share_file.n} serving on http://{host}:{port}/",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
