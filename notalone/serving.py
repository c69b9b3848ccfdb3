"""How ``notalone serve`` runs gunicorn: no address in its logs, its own control socket.

gunicorn writes the peer's address into its error log when a request is malformed
(``Invalid request from ip=…``); ``AddressFreeThreadWorker`` never hands it the address, and
``AddressFreeLogger`` filters every handler gunicorn sets up (the console, a log file or
syslog an operator adds through ``GUNICORN_CMD_ARGS``). ``notalone serve`` also reads its
children's output and redacts it line by line (``notalone.core.redact.pump_redacted``).

Since 25.1 gunicorn opens a control socket (for ``gunicornc``) at one path per user,
``$XDG_RUNTIME_DIR/gunicorn.ctl`` or ``~/.gunicorn/gunicorn.ctl``: a second instance takes
it over, and the first one's shutdown deletes it. Each ``notalone serve`` puts its own in the
data directory instead.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from gunicorn import glogging
from gunicorn.workers.gthread import ThreadWorker

from notalone.core.redact import REDACTED, add_filter_to_handlers

# method, path without the query string, status, size, time: no address, nothing searched
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
CONTROL_SOCKET_NAME = "gunicorn.ctl"
# sun_path holds 108 bytes on Linux (104 on the BSDs and macOS), the final NUL included.
_UNIX_SOCKET_PATH_MAX = 103


# Control characters a request can put in its path (%0A, %1B ...): written as they are, they
# would start a forged log line or drive the operator's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape_controls(value: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", value)


class AddressFreeLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger with the address filter on every handler it sets up, and control
    characters in a request's path written as escapes in the access log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        add_filter_to_handlers(self.error_log, self.access_log)

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        values: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {
            key: _escape_controls(value) if isinstance(value, str) else value
            for key, value in values.items()
        }


class AddressFreeThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker, which never gives the peer's address to its error path, and
    which starts loading the safety models as it starts."""

    def load_wsgi(self) -> None:
        super().load_wsgi()
        # In the worker, after the fork (even with --preload): the safety models load in the
        # background as the process starts, so the first story or reply does not wait for
        # them (tens of seconds on a busy machine).
        from notalone.safety import start_warm_up

        start_warm_up()

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        # gunicorn would log "Invalid request from ip=<address>" and put it in the
        # access-log environment; it gets the placeholder instead.
        super().handle_error(req, client, (REDACTED, -1), exc)


def make_private(data_dir: Path) -> int:
    """Take group and other permissions off the files directly in ``data_dir``.

    New files are private already (``notalone`` runs with umask 077); this mends those an
    older version made readable to others, such as a database created with mode 0644.
    Returns how many files changed.
    """
    changed = 0
    for path in data_dir.iterdir():
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode) and mode & 0o077:
            path.chmod(stat.S_IMODE(mode) & 0o700)
            changed += 1
    return changed


def control_socket_path(data_dir: Path) -> Path | None:
    """Where this instance's control socket goes; None if the path is too long for one."""
    path = data_dir / CONTROL_SOCKET_NAME
    return None if len(os.fsencode(path)) > _UNIX_SOCKET_PATH_MAX else path


def gunicorn_command(
    python: str,
    *,
    host: str,
    port: int,
    workers: int,
    threads: int,
    control_socket: Path | None,
    access_log: bool = True,
) -> list[str]:
    """The gunicorn command line for ``notalone serve``. Without ``access_log`` gunicorn
    writes none: with JSON logs, NotAlone's own request line (``core.logs``) takes its place."""
    return [
        python,
        "-m",
        "gunicorn",
        "notalone.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",  # an IPv6 host in brackets
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "notalone.serving.AddressFreeThreadWorker",
        "--logger-class",
        "notalone.serving.AddressFreeLogger",
        *(["--access-logfile", "-", "--access-logformat", ACCESS_FORMAT] if access_log else []),
        "--forwarded-allow-ips",
        "",
        *(["--control-socket", str(control_socket)] if control_socket else ["--no-control-socket"]),
    ]
