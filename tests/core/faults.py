"""Helpers for the fault tests: a NotAlone server that can be killed outright, a PostgreSQL
cluster and a Redis of the test's own (never the shared ones), and plain HTTP calls."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from tests.core.processes import NOTALONE, environment, free_port

HOST = "127.0.0.1"
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def database_url_of_tests() -> str:
    """The URL of the test database this test process uses (committed rows only)."""
    values = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{values['NAME']}"
    password = f":{values['PASSWORD']}" if values.get("PASSWORD") else ""
    return (
        f"postgres://{values['USER']}{password}@{values['HOST'] or '127.0.0.1'}:"
        f"{values['PORT'] or 5432}/{values['NAME']}"
    )


@dataclass
class Server:
    """`notalone serve` in a session of its own, so SIGKILL reaches gunicorn and its workers."""

    env: dict[str, str]
    data_dir: Path
    port: int
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        log = (self.data_dir / "serve.log").open("ab")
        self.popen = subprocess.Popen(
            [NOTALONE, "serve", "--no-worker", "--host", HOST, "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if call(self, "GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            if self.popen.poll() is not None:
                raise AssertionError((self.data_dir / "serve.log").read_text()[-3000:])
            time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        """SIGKILL to every process of the server: no shutdown, no cleanup."""
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        # The lock on the data directory went with the processes; the socket file stays.
        (self.data_dir / "gunicorn.ctl").unlink(missing_ok=True)

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def make_server(tmp_path: Path, **extra: str) -> Server:
    data_dir = tmp_path / f"site-{uuid.uuid4().hex[:6]}"
    data_dir.mkdir()
    settings = {
        "NOTALONE_SECRET_KEY": "fault-tests-" + "k" * 60,
        "NOTALONE_JOBS_IMMEDIATE": "true",
        **extra,
    }
    env = environment(data_dir, **settings)
    return Server(env=env, data_dir=data_dir, port=free_port(HOST))


def call(
    server: Server,
    method: str,
    path: str,
    body: object = None,
    headers: dict[str, str] | None = None,
    timeout: float = 15,
) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    sent = {"Host": "localhost", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body)
        sent["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        return response.status, dict(response.headers), text
    finally:
        conn.close()


def migrated_server(tmp_path: Path, database_url: str) -> Server:
    """A server of the test's own over ``database_url``, its tables made; not yet started."""
    server = make_server(tmp_path, DATABASE_URL=database_url)
    subprocess.run(
        [NOTALONE, "migrate", "--no-input", "-v0"], env=server.env, check=True, timeout=300
    )
    return server


def sign_up(server: Server, username: str) -> str:
    """Signs a new member up through the server's API; their API token."""
    status, _, text = call(
        server,
        "POST",
        "/api/v1/accounts",
        body={"username": username, "password": "a long enough password"},
    )
    assert status == 201, text
    token: str = json.loads(text)["token"]
    return token


def post_story(server: Server, token: str, key: str, body: str) -> tuple[int, dict[str, str], str]:
    return call(
        server,
        "POST",
        "/api/v1/stories",
        body={"body": body},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        # A fresh process's first post loads the safety models: slow on a loaded machine.
        timeout=60,
    )


def run_as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    return subprocess.run(
        [*prefix, *command], capture_output=True, text=True, check=True, timeout=120
    )


@dataclass
class Cluster:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/notalone"

    def pg_ctl(self, *arguments: str) -> None:
        assert PG_BIN is not None
        run_as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.directory / "postgres.log"),
            "-w",
            *arguments,
        )


@contextmanager
def own_postgres(tmp_path: Path) -> Iterator[Cluster]:
    """A PostgreSQL cluster of the test's own: initdb as the postgres user, in a temporary
    directory, on a free port, with a database "notalone"; stopped and deleted after."""
    assert PG_BIN is not None, "PostgreSQL's server binaries are not installed"
    # Not under pytest's temporary directory: the postgres user may not enter root's.
    directory = Path(tempfile.mkdtemp(prefix="notalone-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    run_as_postgres(
        str(PG_BIN / "initdb"), "-D", str(directory / "data"), "-A", "trust", "-U", "postgres"
    )
    cluster = Cluster(directory, free_port(HOST))
    options = f"-p {cluster.port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=on"
    cluster.pg_ctl("-o", options, "start")
    try:
        run_as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "notalone"
        )
        yield cluster
    finally:
        try:
            cluster.pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


@dataclass
class OwnRedis:
    directory: Path
    port: int
    popen: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.popen = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise AssertionError("own redis-server did not start")

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.terminate()  # SIGTERM: Redis writes its AOF and exits
            self.popen.wait(timeout=20)


@contextmanager
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    directory = tmp_path / "redis"
    directory.mkdir()
    server = OwnRedis(directory, free_port(HOST))
    server.start()
    try:
        yield server
    finally:
        server.stop()
