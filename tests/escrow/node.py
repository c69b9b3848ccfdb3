"""Runs the browser client's own tests under node (js/escrow/test/), for the tests that compare
the two clients. Node and node_modules are required: `make test` installs them (npm ci), and
without them these tests fail with what to do; they never skip."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")


def require_node() -> str:
    if NODE is None or not (ROOT / "node_modules" / "@noble" / "curves").exists():
        pytest.fail(
            "node and node_modules are needed to test the browser client: "
            "run `make test` (it runs npm ci) or `apt-get install nodejs npm && npm ci`."
        )
    return NODE


def run_node_tests(
    cases: list[tuple[str, str | None, str | None]] | None = None,
) -> dict[str, Any]:
    """``node --test js/escrow/test/``: its output, the values it sealed, and its answers for
    ``cases`` (``[input, kind, region]``) with its message tables."""
    node = require_node()
    with tempfile.TemporaryDirectory() as work:
        sealed = Path(work) / "sealed.json"
        invite_check = Path(work) / "invite-check.hex"
        case_file = Path(work) / "cases.json"
        case_file.write_text(json.dumps(cases or []))
        result = subprocess.run(
            [node, "--test", "js/escrow/test/"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env={
                "PATH": "/usr/bin:/bin",
                "NOTALONE_JS_SEALED_OUT": str(sealed),
                "NOTALONE_JS_CASES": str(case_file),
                "NOTALONE_JS_INVITE_CHECK_OUT": str(invite_check),
            },
            check=False,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        return {
            "stdout": result.stdout,
            "sealed": json.loads(sealed.read_text()),
            "cases": json.loads(Path(str(case_file) + ".out").read_text()),
            "invite_check": invite_check.read_text(),
        }
