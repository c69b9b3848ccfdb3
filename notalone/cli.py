"""The ``notalone`` command: the operator's front door.

notalone serve [--host H] [--port P]   web server (gunicorn) and background worker (Huey)
notalone serve --production ...         the same, after checking the production profile
notalone run_huey [--production] ...    the job worker on its own (--production: checked first)
notalone demo                           fictional demo data (idempotent; refused in production)
notalone migrate | check | ...          any Django management command
"""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

# Everything a notalone process creates (the database and its -wal and -shm files, the job
# queue, escrow files, the control socket) is for the operator's user alone.
PRIVATE_UMASK = 0o077


def _configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
    from notalone.core.env import SettingError

    try:
        import django

        django.setup()
    except SettingError as error:
        print(f"notalone: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def serve_parser() -> argparse.ArgumentParser:
    """The options of ``notalone serve`` (docs/OPERATING.md's units are checked against it)."""
    from notalone.core.env import envint, envstr
    from notalone.core.ids import digits_argument

    default_host = envstr("NOTALONE_HOST", "127.0.0.1")
    default_port = envint("PORT", 8000, minimum=1, maximum=65535)
    parser = argparse.ArgumentParser(prog="notalone serve", description="Serve NotAlone.")
    parser.add_argument("--host", default=default_host)
    parser.add_argument(
        "--port", type=digits_argument(minimum=1, maximum=65535), default=default_port
    )
    parser.add_argument(
        "--workers",
        type=digits_argument(minimum=1, maximum=64),
        default=1,
        help="gunicorn worker processes (keep 1 with no Redis: the page cache lives in the "
        "process, and a page cleared in one would linger in the others)",
    )
    parser.add_argument("--threads", type=digits_argument(minimum=1, maximum=256), default=4)
    parser.add_argument("--no-worker", action="store_true", help="do not start the job worker")
    parser.add_argument(
        "--production",
        action="store_true",
        help="check the production profile (PostgreSQL, Redis, a reverse proxy, HTTPS) first "
        "and refuse to start on any problem (docs/OPERATING.md)",
    )
    return parser


def _serve(argv: Sequence[str]) -> int:
    from notalone.core.env import SettingError

    try:
        parser = serve_parser()
    except SettingError as error:
        print(f"notalone: configuration error: {error}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    _configure()

    from django.conf import settings
    from django.core.management import call_command

    from notalone import serving

    if args.production:
        from notalone.core.production import production_problems, replica_warnings

        problems = production_problems()
        for warning in [] if problems else replica_warnings():
            print(f"notalone: warning: {warning}", file=sys.stderr)
        if problems:
            print(
                "notalone: refusing to start with --production:\n"
                + "\n".join(f"  - {problem}" for problem in problems),
                file=sys.stderr,
            )
            return 2

    data_dir = Path(settings.DATA_DIR)
    # One server per data directory: a second would share the database file, the job queue
    # and the control socket (and delete the socket when it stopped).
    lock = (data_dir / "serve.lock").open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(
            f"notalone: another `notalone serve` is using {data_dir}. Stop it first, or give "
            "this one its own NOTALONE_DATA_DIR.",
            file=sys.stderr,
        )
        return 2
    mended = serving.make_private(data_dir)
    if mended:
        print(f"notalone: {mended} file(s) in the data directory are now for their owner only.")
    call_command("collectstatic", interactive=False, verbosity=0)
    python = sys.executable
    commands: list[list[str]] = []
    if not args.no_worker:
        commands.append([python, "-m", "django", "run_huey", "--workers", "2", "--quiet"])
    control_socket = serving.control_socket_path(data_dir)
    if control_socket is None:
        print(
            "notalone: the data directory's path is too long for a Unix socket, so gunicorn "
            "runs without its control socket (gunicornc cannot reach this instance).",
            file=sys.stderr,
        )
    commands.append(
        serving.gunicorn_command(
            python,
            host=args.host,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
            control_socket=control_socket,
            access_log=settings.LOG_FORMAT == "plain",
        )
    )
    return _run_children(commands, banner=_banner(args.host, args.port))


def _banner(host: str, port: int) -> str:
    # The log holds no address, not even the server's own; on this machine, localhost works.
    if host in ("127.0.0.1", "::1", "localhost"):
        return f"NotAlone is serving on http://localhost:{port}/ (Ctrl+C stops it)"
    return f"NotAlone is serving on port {port} of the --host address (Ctrl+C stops it)"


def _run_children(commands: Sequence[Sequence[str]], *, banner: str) -> int:
    """Run the processes side by side, their output redacted, until one of them ends."""
    from notalone.core.redact import pump_redacted

    environment = dict(os.environ, PYTHONUNBUFFERED="1")
    children: list[subprocess.Popen[str]] = []
    pumps: list[threading.Thread] = []
    lock = threading.Lock()
    for command in commands:
        child = subprocess.Popen(
            command,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        children.append(child)
        assert child.stdout is not None
        assert child.stderr is not None
        pumps += [
            pump_redacted(child.stdout, sys.stdout, lock),
            pump_redacted(child.stderr, sys.stderr, lock),
        ]
    with lock:
        print(banner, flush=True)

    def stop(signum: int, frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # If either process ends, stop the other: a half-running site is worse than none.
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop(signal.SIGTERM, None)
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    for pump in pumps:
        pump.join(timeout=5)
    return max((child.returncode or 0) for child in children)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    if args[0] == "serve":
        return _serve(args[1:])
    if args[0] == "guardian":
        # A guardian runs on another organisation's machine, without the platform's settings,
        # database or Django: hand over before any of them is loaded.
        from notalone.escrow import guardian

        return guardian.main(args[1:])
    production_worker = False
    if args[0] == "run_huey":
        # The worker's output is its log: no address in it, tracebacks included.
        from notalone.core.redact import redact_standard_streams

        redact_standard_streams()
        production_worker = "--production" in args
        args = [arg for arg in args if arg != "--production"]
    _configure()
    if production_worker:
        from notalone.core.production import replica_warnings, worker_problems

        problems = worker_problems()
        for warning in [] if problems else replica_warnings():
            print(f"notalone: warning: {warning}", file=sys.stderr)
        if problems:
            print(
                "notalone: refusing to start the worker with --production:\n"
                + "\n".join(f"  - {problem}" for problem in problems),
                file=sys.stderr,
            )
            return 2
    from django.core.management import execute_from_command_line

    execute_from_command_line(["notalone", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
