"""The ``notalone`` command: the operator's front door.

notalone serve [--host H] [--port P]   web server (gunicorn) and background worker (Huey)
notalone demo                           fictional demo data (idempotent; refused in production)
notalone migrate | check | ...          any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

GUNICORN_ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(B)s %(M)sms"  # no address, no query string


def _configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
    from notalone.core.env import SettingError

    try:
        import django

        django.setup()
    except SettingError as error:
        print(f"notalone: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="notalone serve", description="Serve NotAlone.")
    parser.add_argument("--host", default=os.environ.get("NOTALONE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="gunicorn worker processes (keep 1 with SQLite and no Redis: rate limits and "
        "the cache live in the process)",
    )
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-worker", action="store_true", help="do not start the job worker")
    args = parser.parse_args(argv)
    _configure()

    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    python = sys.executable
    children: list[subprocess.Popen[bytes]] = []
    if not args.no_worker:
        children.append(
            subprocess.Popen([python, "-m", "django", "run_huey", "--workers", "2", "--quiet"])
        )
    children.append(
        subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "notalone.wsgi:application",
                "--bind",
                f"{args.host}:{args.port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--access-logfile",
                "-",
                "--access-logformat",
                GUNICORN_ACCESS_FORMAT,
                "--forwarded-allow-ips",
                "",
            ]
        )
    )
    print(f"NotAlone is serving on http://{args.host}:{args.port}/ (Ctrl+C stops it)", flush=True)

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
    return max((child.returncode or 0) for child in children)


def main(argv: Sequence[str] | None = None) -> int:
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
    _configure()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["notalone", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
