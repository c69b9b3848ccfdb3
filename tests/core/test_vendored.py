"""Vendored front-end files are exactly the recorded versions from the npm registry."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "notalone" / "core" / "static" / "core" / "vendor"


def _recorded() -> list[tuple[str, str, str, str]]:
    rows = re.findall(
        r"^\| (\S+) \| (\S+) \| (\S+) \| ([0-9a-f]{64}) \|$",
        (VENDOR / "VENDORED.md").read_text(),
        flags=re.MULTILINE,
    )
    assert rows
    return rows


@pytest.mark.parametrize(("name", "package", "version", "digest"), _recorded())
def test_each_vendored_file_matches_its_checksum(
    name: str, package: str, version: str, digest: str
) -> None:
    assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(("name", "package", "version", "digest"), _recorded())
def test_the_lockfile_pins_the_recorded_version(
    name: str, package: str, version: str, digest: str
) -> None:
    lock = (ROOT / "package-lock.json").read_text()
    assert f'"node_modules/{package}": {{\n      "version": "{version}"' in lock


@pytest.mark.parametrize(("name", "package", "version", "digest"), _recorded())
def test_a_fresh_npm_copy_matches_when_node_modules_is_there(
    name: str, package: str, version: str, digest: str
) -> None:
    fresh = ROOT / "node_modules" / package / "dist" / name
    if not fresh.exists():
        pytest.skip("node_modules is not installed (make assets installs it)")
    assert fresh.read_bytes() == (VENDOR / name).read_bytes()
