"""Serving one key guardian: its WSGI application (PEP 3333), gunicorn, and the command line
(``notalone guardian serve`` / ``invite``, or ``python -m notalone.escrow.guardian``).

``load_guardian`` builds a ``Guardian`` from its share file, with its store and keys in its data
directory. Whatever the served guardian writes passes through ``notalone.core.redact``, and
gunicorn's logger and worker are the address-free ones of ``notalone.serving``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

from notalone.core.env import SettingError, envstr
from notalone.core.redact import AddressRedactingFilter, redact_standard_streams
from notalone.escrow.crypto import threshold
from notalone.escrow.crypto.errors import EscrowCryptoError
from notalone.escrow.guardian import (
    DEFAULT_CHECKS_PER_ACCOUNT,
    DEFAULT_CHECKS_PER_HOUR,
    DEFAULT_PER_ACCOUNT,
    DEFAULT_PER_DAY,
    DEFAULT_PER_HOUR,
    DEFAULT_PERIOD_DAYS,
    DEFAULT_TOKENS_PER_PERIOD,
    MAX_BODY_BYTES,
    Guardian,
)
from notalone.escrow.guardian_errors import refusal_body
from notalone.escrow.guardian_keys import GuardianKeys
from notalone.escrow.guardian_store import GuardianStore, Limits

# -- WSGI and gunicorn ---------------------------------------------------------------------------

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(guardian: Guardian) -> WSGIApp:
    """The guardian as a WSGI application (PEP 3333): JSON in, JSON out."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length > MAX_BODY_BYTES:
            status, payload = refusal_body("too_large")
        elif length < 0:
            status, payload = refusal_body("bad_request")
        else:
            body = environ["wsgi.input"].read(length) if length else b""
            headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
            status, payload = guardian.handle(method, path, headers, body)
        data = json.dumps(payload).encode()
        start_response(
            f"{status} {HTTPStatus(status).phrase}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]

    return application


def gunicorn_options(host: str, port: int, *, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn settings for a guardian: the address-free worker (without the site's safety
    models) and logger of ``notalone serve``, no access log (counts are logged by the
    guardian), no control socket."""
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "notalone.serving.GuardianThreadWorker",
        "logger_class": "notalone.serving.AddressFreeLogger",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "keepalive": 30,
        "graceful_timeout": 5,
        "limit_request_line": 4094,
        "control_socket_disable": True,
        "proc_name": "notalone-guardian",
    }


def run_gunicorn(
    application: WSGIApp, options: Mapping[str, Any], banner: Callable[[int], str]
) -> None:
    """Serve ``application`` with gunicorn (in this process: its arbiter forks the workers)."""
    from gunicorn.app.base import BaseApplication

    class GuardianServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

            def when_ready(server: Any) -> None:
                port = server.LISTENERS[0].sock.getsockname()[1]
                print(banner(port), flush=True)

            self.cfg.set("when_ready", when_ready)

        def load(self) -> WSGIApp:
            return application

    GuardianServer().run()


# -- command line --------------------------------------------------------------------------------


def _redact_output() -> None:
    """Whatever the guardian writes (logs, tracebacks, warnings) holds no address."""
    redact_standard_streams()
    handler = logging.StreamHandler()
    handler.addFilter(AddressRedactingFilter())
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        handlers=[handler],
        force=True,
    )


def _token_from_environment() -> str | None:
    try:
        return envstr("NOTALONE_ESCROW_GUARDIAN_TOKEN")
    except SettingError as error:
        raise SystemExit(f"guardian: {error}") from None


def load_guardian(
    share_path: Path,
    *,
    token: str | None,
    limits: Limits,
    data_dir: Path | None = None,
    verified: bool = False,
    tokens_per_period: int = DEFAULT_TOKENS_PER_PERIOD,
    period_days: int = DEFAULT_PERIOD_DAYS,
    check_limits: tuple[int, int] = (DEFAULT_CHECKS_PER_HOUR, DEFAULT_CHECKS_PER_ACCOUNT),
    clock: Callable[[], float] = time.time,
) -> Guardian:
    """A guardian from a share file (ESCROW_PROTOCOL.md §4.1) with its store and keys in
    ``data_dir`` (default: the share file's directory) as ``guardian-<i>.sqlite3`` and
    ``guardian-<i>-keys.json``. Raises MalformedShareFile, OSError, ValueError."""
    share_file = threshold.load_share_file(json.loads(share_path.read_text()))
    directory = data_dir or share_path.parent
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    index = share_file.index
    store = GuardianStore(directory / f"guardian-{index}.sqlite3", clock=clock)
    keys_path = directory / f"guardian-{index}-keys.json"
    keys = GuardianKeys.load_or_create(keys_path) if verified or keys_path.exists() else None
    return Guardian(
        share_file,
        token=token,
        limits=limits,
        store=store,
        keys=keys,
        verified=verified,
        tokens_per_period=tokens_per_period,
        period_days=period_days,
        check_limits=check_limits,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notalone guardian", description="Run one escrow key guardian."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the guardian (gunicorn)")
    invite = commands.add_parser("invite", help="verified-filer mode: print new invite codes")
    for command in (serve, invite):
        command.add_argument("--share", required=True, type=Path, help="this guardian's share file")
        command.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="where its counters, keys and codes live (default: the share file's directory)",
        )
    invite.add_argument("--count", type=int, default=10, help="how many codes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8701)
    serve.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    serve.add_argument("--threads", type=int, default=4, help="threads per worker")
    serve.add_argument(
        "--per-hour", type=int, default=DEFAULT_PER_HOUR, help="evaluations per UTC hour, in total"
    )
    serve.add_argument(
        "--per-day", type=int, default=DEFAULT_PER_DAY, help="evaluations per UTC day, in total"
    )
    serve.add_argument(
        "--per-account",
        type=int,
        default=DEFAULT_PER_ACCOUNT,
        help="evaluations per platform account key per UTC day",
    )
    serve.add_argument(
        "--verified-filers",
        action="store_true",
        help="answer only evaluations that carry one of this guardian's tokens",
    )
    serve.add_argument(
        "--tokens-per-period",
        type=int,
        default=DEFAULT_TOKENS_PER_PERIOD,
        help="tokens one invite code buys per period",
    )
    serve.add_argument(
        "--period-days",
        type=int,
        default=DEFAULT_PERIOD_DAYS,
        help="length of an invite code's period, counted from the Unix epoch (UTC)",
    )
    serve.add_argument(
        "--checks-per-hour",
        type=int,
        default=DEFAULT_CHECKS_PER_HOUR,
        help="invite-code checks (POST /check-invite) per UTC hour, in total",
    )
    serve.add_argument(
        "--checks-per-account",
        type=int,
        default=DEFAULT_CHECKS_PER_ACCOUNT,
        help="invite-code checks per platform account key per UTC day",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Its files (the SQLite file and its -wal and -shm, the keys) are the guardian's alone.
    os.umask(0o077)
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "invite":
        try:
            guardian = load_guardian(
                args.share,
                token=None,
                limits=Limits(0, 0, 0),
                data_dir=args.data_dir,
                verified=True,
            )
        except (OSError, ValueError, EscrowCryptoError) as error:
            print(f"guardian: cannot use the share file {args.share}: {error}", file=sys.stderr)
            return 2
        for code in guardian.make_invites(args.count):
            print(code)
        return 0
    _redact_output()
    token = _token_from_environment()
    if not token or len(token) < 32:
        print(
            "guardian: set NOTALONE_ESCROW_GUARDIAN_TOKEN (or _FILE) to the platform's token, "
            "32 characters or more.",
            file=sys.stderr,
        )
        return 2
    if min(args.per_hour, args.per_day, args.per_account, args.checks_per_hour) < 1:
        print("guardian: every limit is at least 1.", file=sys.stderr)
        return 2
    try:
        guardian = load_guardian(
            args.share,
            token=token,
            limits=Limits(args.per_hour, args.per_day, args.per_account),
            data_dir=args.data_dir,
            verified=args.verified_filers,
            tokens_per_period=args.tokens_per_period,
            period_days=args.period_days,
            check_limits=(args.checks_per_hour, args.checks_per_account),
        )
    except (OSError, ValueError, EscrowCryptoError) as error:
        print(f"guardian: cannot use the share file {args.share}: {error}", file=sys.stderr)
        return 2
    share = guardian.share_file

    def banner(port: int) -> str:
        # The port alone: the operator chose the host, and no line here holds an address.
        mode = ", verified filers only" if guardian.verified else ""
        return f"Guardian {share.index} of {share.n} serving on port {port} of the --host address{mode}"

    run_gunicorn(
        wsgi_app(guardian),
        gunicorn_options(args.host, args.port, workers=args.workers, threads=args.threads),
        banner,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
