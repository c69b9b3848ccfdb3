"""The systemd units of docs/OPERATING.md say what the `notalone` command really accepts: each
ExecStart is parsed by the command's own parser, and, where systemd is installed, the units
pass `systemd-analyze verify` (issue 14)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from notalone import cli
from tests.core.processes import NOTALONE

OPERATING = Path(__file__).resolve().parents[2] / "docs" / "OPERATING.md"
INSTALLED = "/opt/notalone/bin/notalone"


def documented_units() -> dict[str, str]:
    """File name (an instance for a template) → text, for each unit in OPERATING.md."""
    text = OPERATING.read_text()
    units = {}
    for match in re.finditer(r"`/etc/systemd/system/([\w@.-]+)`.*?```ini\n(.*?)```", text, re.S):
        name, body = match.groups()
        units[name.replace("@.", "@8000.")] = body
    return units


def exec_start(unit: str) -> list[str]:
    (line,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart=").replace("%i", "8000"))


def test_the_web_and_worker_units_are_documented() -> None:
    assert set(documented_units()) == {"notalone-web@8000.service", "notalone-worker.service"}


def test_the_web_unit_runs_serve_with_options_serve_has() -> None:
    program, command, *arguments = exec_start(documented_units()["notalone-web@8000.service"])
    assert (program, command) == (INSTALLED, "serve")
    args = cli.serve_parser().parse_args(arguments)
    assert args.production
    assert args.no_worker  # the worker has a unit of its own
    assert args.host == "127.0.0.1"  # only the proxy reaches gunicorn
    assert args.port == 8000


def test_the_worker_unit_runs_the_checked_worker_with_options_run_huey_has() -> None:
    from django.core.management import load_command_class

    program, command, *arguments = exec_start(documented_units()["notalone-worker.service"])
    assert (program, command) == (INSTALLED, "run_huey")
    assert "--production" in arguments  # the start-up checks of the queue's Redis
    run_huey = load_command_class("huey.contrib.djhuey", "run_huey")
    parser = run_huey.create_parser("notalone", "run_huey")
    parser.parse_args([argument for argument in arguments if argument != "--production"])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    paths = []
    for name, body in documented_units().items():
        path = tmp_path / name
        path.write_text(body.replace(INSTALLED, NOTALONE))
        paths.append(str(path))
    run = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *paths],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert not [line for line in run.stderr.splitlines() if "notalone-" in line], run.stderr
