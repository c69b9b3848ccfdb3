"""The browser client (js/escrow/) is one protocol with the Python client.

- node's test runner reproduces tests/escrow/vectors.json byte for byte, opens every other
  client's sealed values, and seals values that Python opens here;
- the JavaScript canonicalizer gives the same string as identifiers.py on Python's own cases;
- the committed bundle is exactly a fresh esbuild build, and matches its recorded checksum.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from notalone.escrow.crypto import _cipher
from notalone.escrow.identifiers import InvalidIdentifier, canonicalize
from tests.escrow import test_identifiers as python_cases
from tests.escrow.make_vectors import VECTORS_PATH

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "notalone" / "escrow" / "static" / "escrow" / "escrow.js"
NODE = shutil.which("node")
BUILD = [
    "node_modules/.bin/esbuild",
    "js/escrow/page.js",
    "--bundle",
    "--format=esm",
    "--minify",
    "--target=es2022",
    "--legal-comments=eof",
    "--log-level=warning",
]


def _needs_node() -> None:
    if NODE is None or not (ROOT / "node_modules" / "@noble" / "curves").exists():
        pytest.skip("node and node_modules are needed (make assets installs node_modules)")


def _cases() -> list[tuple[str, str | None, str]]:
    cases: list[tuple[str, str | None, str]] = []
    for raws in python_cases.EQUIVALENT.values():
        cases += [(raw, None, "US") for raw in raws]
    for raw, kind, expected in python_cases.WITH_KIND:
        cases.append((raw, kind, "GB" if expected.startswith("phone:+44") else "US"))
    refused = [
        ("", None),
        ("@somehandle", None),
        ("https://example.com/someone", None),
        ("https://x.com/home", None),
        ("https://x.com/some-handle", None),
        ("jane@", None),
        ("jane@@example.com", None),
        ("jane@localhost", None),
        ("+1 000 000 0000", None),
        ("somebody", None),
        ("bob!", "x"),
        ("bob", "myspace"),
        ("ftp://x.com/bob", None),
        ("https://instagram.com/bob", "x"),
        ("@bob", "mastodon"),
    ]
    cases += [(raw, kind, "US") for raw, kind in refused]
    return cases


@pytest.fixture(scope="module")
def node_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    _needs_node()
    work = tmp_path_factory.mktemp("js")
    cases = work / "cases.json"
    cases.write_text(json.dumps(_cases()))
    sealed = work / "sealed.json"
    result = subprocess.run(
        [str(NODE), "--test", "js/escrow/test/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "NOTALONE_JS_SEALED_OUT": str(sealed),
            "NOTALONE_JS_CASES": str(cases),
        },
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return {
        "sealed": json.loads(sealed.read_text()),
        "canonical": json.loads(Path(str(cases) + ".out").read_text()),
        "output": result.stdout,
    }


def test_node_reproduces_the_vectors_and_opens_pythons_sealed_values(
    node_run: dict[str, Any],
) -> None:
    assert re.search(r"^# fail 0$", node_run["output"], flags=re.MULTILINE)
    assert re.search(r"^# pass 7$", node_run["output"], flags=re.MULTILINE)


def test_python_opens_values_javascript_sealed_just_now(node_run: dict[str, Any]) -> None:
    vectors = json.loads(VECTORS_PATH.read_text())
    expected = {
        (f["entry_id"], i["index"]): i["hpke_plaintext"]
        for f in vectors["filings"]
        for i in f["items"]
    }
    private = bytes.fromhex(vectors["counselor_private_key"])
    info = bytes.fromhex(vectors["hpke_info"])
    for value in node_run["sealed"]:
        aad = bytes.fromhex(value["entry_id"] + value["index"])
        opened = _cipher.hpke_open(private, info, aad, bytes.fromhex(value["sealed"]), "js value")
        assert opened.hex() == expected[(value["entry_id"], value["index"])]


def test_the_vectors_file_holds_javascript_sealed_values() -> None:
    vectors = json.loads(VECTORS_PATH.read_text())
    assert len(vectors["sealed"]["javascript"]) == len(vectors["sealed"]["python"])


def test_javascript_canonicalizes_like_python(node_run: dict[str, Any]) -> None:
    for (raw, kind, region), js in zip(_cases(), node_run["canonical"], strict=True):
        try:
            expected: str | None = canonicalize(raw, kind=kind, default_region=region)
        except InvalidIdentifier:
            expected = None
        if expected is None:
            assert "error" in js, (raw, kind, js)
        elif "error" in js and expected.startswith("phone:") and "country code" in js["error"]:
            # Documented: without libphonenumber, only +CC numbers (and US/Canada) are read.
            assert region != "US"
        else:
            assert js == {"ok": expected}, (raw, kind)


def test_the_bundle_matches_its_recorded_checksum() -> None:
    recorded = (BUNDLE.parent / "BUILT.md").read_text()
    assert hashlib.sha256(BUNDLE.read_bytes()).hexdigest() in recorded


def test_the_bundle_is_a_fresh_build_byte_for_byte(tmp_path: Path) -> None:
    _needs_node()
    out = tmp_path / "escrow.js"
    subprocess.run([*BUILD, f"--outfile={out}"], cwd=ROOT, check=True, timeout=120)
    assert out.read_bytes() == BUNDLE.read_bytes()


def test_the_bundle_needs_no_eval() -> None:
    text = BUNDLE.read_text()
    assert "new Function" not in text
    assert "eval(" not in text
