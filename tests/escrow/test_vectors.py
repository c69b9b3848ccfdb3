"""ESCROW.md §4: tests/escrow/vectors.json is reproduced byte for byte, and every client's sealed
values open with the counselor's key. Regenerate with ``python -m tests.escrow.make_vectors``."""

import json
from typing import Any

import pytest

from notalone.escrow.crypto import _cipher, entry, oprf
from notalone.escrow.identifiers import canonicalize
from tests.escrow.make_vectors import VECTORS_PATH, build_vectors


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(VECTORS_PATH.read_text())
    return loaded


def test_python_reproduces_every_deterministic_value_byte_for_byte(
    vectors: dict[str, Any],
) -> None:
    expected = {key: value for key, value in vectors.items() if key != "sealed"}
    assert build_vectors() == expected


def test_the_combined_guardian_answers_equal_the_full_key(vectors: dict[str, Any]) -> None:
    key = bytes.fromhex(vectors["oprf"]["key"])
    for identifier in vectors["identifiers"]:
        assert canonicalize(identifier["raw"]) == identifier["canonical"]
        output = oprf.evaluate(key, identifier["canonical"].encode(), mode=oprf.MODE_VOPRF)
        assert output.hex() == identifier["output"]


def _sealed_by_client(vectors: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [(client, value) for client, values in vectors["sealed"].items() for value in values]


def test_the_file_holds_sealed_values_made_by_python(vectors: dict[str, Any]) -> None:
    plaintexts = sum(len(filing["items"]) for filing in vectors["filings"])
    assert len(vectors["sealed"]["python"]) == plaintexts


def test_every_clients_sealed_values_open_to_the_expected_plaintext(
    vectors: dict[str, Any],
) -> None:
    private_key = bytes.fromhex(vectors["counselor_private_key"])
    info = bytes.fromhex(vectors["hpke_info"])
    expected = {
        (filing["entry_id"], item["index"]): item["hpke_plaintext"]
        for filing in vectors["filings"]
        for item in filing["items"]
    }
    for client, value in _sealed_by_client(vectors):
        aad = bytes.fromhex(value["entry_id"] + value["index"])
        plaintext = _cipher.hpke_open(
            private_key, info, aad, bytes.fromhex(value["sealed"]), f"{client}'s value"
        )
        assert plaintext.hex() == expected[(value["entry_id"], value["index"])], client


@pytest.mark.parametrize("identifier", [0, 1])
def test_every_clients_sealed_values_open_the_match(
    vectors: dict[str, Any], identifier: int
) -> None:
    private_key = bytes.fromhex(vectors["counselor_private_key"])
    for client in vectors["sealed"]:
        sealed = {(v["entry_id"], v["index"]): v["sealed"] for v in vectors["sealed"][client]}
        matched = []
        for filing in vectors["filings"]:
            index = filing["items"][identifier]["index"]
            matched.append(
                entry.MatchedEntry(
                    bytes.fromhex(filing["entry_id"]),
                    bytes.fromhex(filing["record_ct"]),
                    bytes.fromhex(index),
                    bytes.fromhex(sealed[(filing["entry_id"], index)]),
                )
            )
        opened = entry.open_match(
            counselor_private_key=private_key,
            realm=bytes.fromhex(vectors["realm"]),
            q=vectors["q"],
            entries=matched,
        )
        assert [r.record for r in opened] == [f["record"] for f in vectors["filings"]], client
