"""The browser client (js/escrow/) is one protocol with the Python client.

- node's test runner reproduces tests/escrow/vectors.json byte for byte, opens every other
  client's sealed values, and seals values that Python opens here;
- the JavaScript canonicalizer is checked in test_identifier_conformance.py;
- the committed bundle is exactly a fresh esbuild build, and matches its recorded checksum.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from notalone.escrow.crypto import _cipher
from tests.escrow.make_vectors import VECTORS_PATH
from tests.escrow.node import ROOT, require_node, run_node_tests

BUNDLE = ROOT / "notalone" / "escrow" / "static" / "escrow" / "escrow.js"
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


@pytest.fixture(scope="module")
def node_run() -> dict[str, Any]:
    return run_node_tests()


def test_node_reproduces_the_vectors_and_opens_pythons_sealed_values(
    node_run: dict[str, Any],
) -> None:
    written = sum(
        len(re.findall(r"^test\(", path.read_text(), flags=re.MULTILINE))
        for path in (ROOT / "js/escrow/test").glob("*.mjs")
    )
    assert re.search(r"^# fail 0$", node_run["stdout"], flags=re.MULTILINE)
    assert re.search(r"^# skipped 0$", node_run["stdout"], flags=re.MULTILINE)
    assert re.search(rf"^# pass {written}$", node_run["stdout"], flags=re.MULTILINE)


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


def test_python_opens_an_invite_code_javascript_sealed_for_a_check(
    node_run: dict[str, Any],
) -> None:
    from notalone.escrow.crypto import tokens

    t = json.loads(VECTORS_PATH.read_text())["tokens"]
    realm = bytes.fromhex(json.loads(VECTORS_PATH.read_text())["realm"])
    sealed = bytes.fromhex(node_run["invite_check"])
    secret = bytes.fromhex(t["invite_secret"])
    assert tokens.open_invite_check(secret, realm, 1, sealed) == t["code"]


def test_the_vectors_file_holds_javascript_sealed_values() -> None:
    vectors = json.loads(VECTORS_PATH.read_text())
    assert len(vectors["sealed"]["javascript"]) == len(vectors["sealed"]["python"])


def test_the_bundle_matches_its_recorded_checksum() -> None:
    recorded = (BUNDLE.parent / "BUILT.md").read_text()
    assert hashlib.sha256(BUNDLE.read_bytes()).hexdigest() in recorded


def test_the_bundle_is_a_fresh_build_byte_for_byte(tmp_path: Path) -> None:
    require_node()
    out = tmp_path / "escrow.js"
    subprocess.run([*BUILD, f"--outfile={out}"], cwd=ROOT, check=True, timeout=120)
    assert out.read_bytes() == BUNDLE.read_bytes()


def test_the_bundle_needs_no_eval() -> None:
    text = BUNDLE.read_text()
    assert "new Function" not in text
    assert "eval(" not in text
