"""The gunicorn command line `notalone serve` builds, and how it mends an older data directory."""

from __future__ import annotations

import stat
from pathlib import Path

from notalone.serving import control_socket_path, gunicorn_command, make_private


def _command(host: str, control_socket: Path | None) -> list[str]:
    return gunicorn_command(
        "python", host=host, port=8000, workers=1, threads=4, control_socket=control_socket
    )


def test_an_ipv6_host_is_bound_in_brackets() -> None:
    assert "[::1]:8000" in _command("::1", None)
    assert "127.0.0.1:8000" in _command("127.0.0.1", None)


def test_the_control_socket_lives_in_the_data_directory(tmp_path: Path) -> None:
    path = control_socket_path(tmp_path)
    assert path == tmp_path / "gunicorn.ctl"
    command = _command("127.0.0.1", path)
    assert command[command.index("--control-socket") + 1] == str(path)


def test_a_data_directory_too_deep_for_a_socket_runs_without_one(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 100)
    assert control_socket_path(deep) is None
    command = _command("127.0.0.1", None)
    assert "--no-control-socket" in command
    assert "--control-socket" not in command


def test_files_an_older_version_left_readable_are_made_private(tmp_path: Path) -> None:
    (tmp_path / "notalone.sqlite3").write_text("")
    (tmp_path / "notalone.sqlite3").chmod(0o644)
    (tmp_path / "secret_key").write_text("")
    (tmp_path / "secret_key").chmod(0o600)
    (tmp_path / "static").mkdir(mode=0o755)
    assert make_private(tmp_path) == 1
    assert stat.S_IMODE((tmp_path / "notalone.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
