"""The dashboard's chart bundle and map are exactly what npm's pinned packages build."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "notalone" / "insights" / "static" / "insights"
PINNED = {
    "vega": "6.4.0",
    "vega-lite": "6.5.0",
    "vega-embed": "7.3.0",
    "vega-interpreter": "2.3.2",
    "world-atlas": "2.0.2",
}


def test_the_lockfile_pins_every_package_the_dashboard_uses() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for package, version in PINNED.items():
        assert lock["packages"][f"node_modules/{package}"]["version"] == version
        assert json.loads((ROOT / "package.json").read_text())["dependencies"][package] == version


def test_the_bundle_asks_for_the_csp_safe_interpreter_and_no_style_sheet() -> None:
    source = (ROOT / "js" / "insights" / "charts.js").read_text()
    assert "ast: true" in source
    assert "expr: expressionInterpreter" in source
    assert "defaultStyle: false" in source
    assert "actions: false" in source


def test_a_fresh_build_matches_the_committed_files(tmp_path: Path) -> None:
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists() or shutil.which("node") is None:
        pytest.skip("node_modules is not installed (make assets installs it)")
    out = tmp_path / "charts.js"
    subprocess.run(
        [
            str(esbuild),
            "js/insights/charts.js",
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2022",
            "--legal-comments=eof",
            "--log-level=warning",
            f"--outfile={out}",
        ],
        cwd=ROOT,
        check=True,
    )
    assert out.read_bytes() == (STATIC / "charts.js").read_bytes()
    topology = ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
    assert topology.read_bytes() == (STATIC / "vendor" / "countries-110m.json").read_bytes()
