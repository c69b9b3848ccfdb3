"""Where a filing's server CPU goes: the site's WSGI application called in this process, with
three real guardian processes (gunicorn) on 127.0.0.1, 2-of-3, SQLite.

    .venv/bin/python bench/profile_escrow.py                    # 300 filings: CPU per filing
    .venv/bin/python bench/profile_escrow.py --profile 25       # and cProfile's top 25 entries

CPU time, not wall time: on a shared machine throughput says little, CPU per filing much more.
Reported per filing: the site's own work (``time.process_time`` inside each WSGI call: Django,
the relay, storage, without gunicorn), the three guardians (from ``/proc``, gunicorn included),
and the client's cryptography (the rest of this process). With ``--profile``, cProfile runs
only inside the WSGI calls, so its entries are the site's.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_escrow import _cpu_seconds, escrow_site  # noqa: E402


def wsgi_transport(
    application: Callable[..., Any], token: str, profiler: cProfile.Profile | None
) -> tuple[Callable[[str, str, Mapping[str, Any] | None], tuple[int, Any]], list[float]]:
    """A client transport that calls ``application`` directly; and the list its CPU goes to."""
    spent = [0.0]

    def send(method: str, path: str, body: Mapping[str, Any] | None) -> tuple[int, Any]:
        data = b"" if body is None else json.dumps(body).encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": "/api/v1/escrow" + path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_AUTHORIZATION": f"Bearer {token}",
            "HTTP_ACCEPT": "application/json",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status: list[str] = []
        start = time.process_time()
        if profiler is not None:
            profiler.enable()
        chunks = application(environ, lambda s, headers, exc_info=None: status.append(s))
        raw = b"".join(chunks)
        if profiler is not None:
            profiler.disable()
        spent[0] += time.process_time() - start
        return int(status[0].split()[0]), json.loads(raw) if raw else None

    return send, spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N")
    args = parser.parse_args()

    with escrow_site("profile-escrow-") as (tmp, _, guardians):
        from django.core.wsgi import get_wsgi_application

        from notalone.accounts.models import User
        from notalone.accounts.services import api_token_create
        from notalone.escrow import client

        api_token = api_token_create(user=User.objects.create_user("profiler", None))
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        application = get_wsgi_application()
        send, spent = wsgi_transport(application, api_token, None)
        config = client.fetch_config(send)
        record = {"what": "A fictional profile record " * 8}
        for _ in range(30):  # warm up: connections, caches, imports
            client.file_entry(send, config, [f"p-{secrets.token_hex(6)}@example.com"], record)
        send, spent = wsgi_transport(application, api_token, profiler)
        pids = [p.pid for p in guardians.processes]
        guardians_before = sum(_cpu_seconds(p) for p in pids)
        start = time.process_time()
        for _ in range(args.filings):
            client.file_entry(send, config, [f"p-{secrets.token_hex(6)}@example.com"], record)
        total = time.process_time() - start
        guardians_cpu = sum(_cpu_seconds(p) for p in pids) - guardians_before
    per = 1000 / args.filings
    print(
        f"{args.filings} filings, 2-of-3 guardians, SQLite, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"  site (WSGI application in process): {spent[0] * per:6.2f} ms CPU per filing")
    print(f"  guardians (3, gunicorn):            {guardians_cpu * per:6.2f} ms")
    print(f"  client (cryptography, JSON):        {(total - spent[0]) * per:6.2f} ms")
    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
        profiler.dump_stats(str(tmp / "site.prof"))
        print("profile written to", tmp / "site.prof")


if __name__ == "__main__":
    main()
