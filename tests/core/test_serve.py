"""`notalone serve` runs the real server (gunicorn and the Huey worker): it answers with the
safety headers, its logs never hold the client's address, everything it keeps in the data
directory is for its owner only, and two instances on one machine keep out of each other's way.

Two sites are started with different data directories, from a shell as permissive as most
(umask 022): `notalone` itself must make its files private. The second site's database is
left readable to others after `migrate`, as an older version made it.
"""

from __future__ import annotations

import http.client
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gunicorn.ctl.client import ControlClient

from tests.core.processes import (
    Process,
    environment,
    get,
    migrate,
    start_serve,
    wait_until_answering,
)

pytestmark = [pytest.mark.slow, pytest.mark.fault]

SERVER_HOST = "127.0.0.3"
CLIENT_HOST = "127.0.0.9"  # a distinct loopback address, so any log of it is easy to spot
DATABASE = "notalone.sqlite3"


@dataclass
class Site:
    data_dir: Path
    process: Process
    modes_after_migrate: dict[str, int]


@dataclass
class Sites:
    first: Site
    second: Site
    home: Path  # HOME and XDG_RUNTIME_DIR: where gunicorn would put its socket by default


def _modes(directory: Path) -> dict[str, int]:
    return {
        str(path.relative_to(directory)): stat.S_IMODE(path.lstat().st_mode)
        for path in [directory, *directory.rglob("*")]
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    home = tmp_path_factory.mktemp("home")
    logs = tmp_path_factory.mktemp("logs")
    # Directories notalone creates itself.
    data_dirs = [tmp_path_factory.mktemp("site") / "data" for _ in range(2)]
    envs = [
        environment(
            data_dir,
            NOTALONE_ALLOWED_HOSTS=SERVER_HOST,
            NOTALONE_LOG_LEVEL="DEBUG",
            HOME=str(home),
            XDG_RUNTIME_DIR=str(home),
        )
        for data_dir in data_dirs
    ]
    umask = os.umask(0o022)
    try:
        migrate(*envs)
        modes = [_modes(data_dir) for data_dir in data_dirs]
        (data_dirs[1] / DATABASE).chmod(0o644)
        processes = [start_serve(f"site-{n}", env, SERVER_HOST, logs) for n, env in enumerate(envs)]
    finally:
        os.umask(umask)
    try:
        for process in processes:
            wait_until_answering(process)
        yield Sites(
            *(Site(d, p, m) for d, p, m in zip(data_dirs, processes, modes, strict=True)),
            home=home,
        )
    finally:
        for process in processes:
            process.stop()


def _request(
    site: Site, path: str, headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    return get(site.process.host, site.process.port, path, headers, source=CLIENT_HOST)


def test_serve_answers_safely_and_logs_no_address(sites: Sites) -> None:
    site = sites.first
    assert _request(site, "/health/").status == 200
    home = _request(site, "/", {"X-Forwarded-For": "198.51.100.23"})
    assert home.status == 200
    assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]
    assert home.headers["Referrer-Policy"] == "no-referrer"
    assert _request(site, "/static/core/site.css").status == 200
    _request(site, "/no-such-page/?q=secret-search-words")
    deadline = time.monotonic() + 10
    while "GET /no-such-page/ 404" not in site.process.output():  # the access log is on
        assert time.monotonic() < deadline, site.process.output()
        time.sleep(0.1)
    output = site.process.output()
    assert "GET /health/ 200" in output
    assert CLIENT_HOST not in output
    assert "198.51.100.23" not in output
    assert "secret-search-words" not in output


def test_migrate_makes_the_database_for_its_owner_only(sites: Sites) -> None:
    for site in (sites.first, sites.second):
        assert site.modes_after_migrate[DATABASE] == 0o600
        assert site.modes_after_migrate["secret_key"] == 0o600
        assert site.modes_after_migrate["."] == 0o700


def test_every_file_a_running_site_keeps_is_for_its_owner_only(sites: Sites) -> None:
    for site in (sites.first, sites.second):
        # The help directory is read from the database: its -wal and -shm files exist now.
        assert _request(site, "/help/").status == 200
        modes = _modes(site.data_dir)
        for name in (
            DATABASE,
            f"{DATABASE}-wal",
            f"{DATABASE}-shm",
            "jobs.sqlite3",
            "secret_key",
            "gunicorn.ctl",
            "static/core/site.css",
        ):
            assert name in modes, sorted(modes)
        readable_by_others = {name: oct(mode) for name, mode in modes.items() if mode & 0o077}
        assert readable_by_others == {}


def test_serve_mends_a_database_an_older_version_left_readable(sites: Sites) -> None:
    site = sites.second
    assert stat.S_IMODE((site.data_dir / DATABASE).stat().st_mode) == 0o600
    assert "1 file(s) in the data directory are now for their owner only" in (site.process.output())


def test_each_instance_answers_on_its_own_control_socket(sites: Sites) -> None:
    for site in (sites.first, sites.second):
        path = site.data_dir / "gunicorn.ctl"
        assert stat.S_ISSOCK(path.stat().st_mode)
        with ControlClient(str(path), timeout=10) as control:
            config = control.send_command("show config")
        assert config["bind"] == [f"{SERVER_HOST}:{site.process.port}"]
    # Nothing at gunicorn's shared default paths, which a second instance would take over.
    assert not (sites.home / "gunicorn.ctl").exists()
    assert not (sites.home / ".gunicorn").exists()
