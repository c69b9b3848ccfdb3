"""ESCROW_PROTOCOL.md §12: tests/escrow/vectors.json is reproduced byte for byte, and every
client's sealed values open with the counselor's key. Regenerate with
``python -m tests.escrow.make_vectors``."""

import json
from typing import Any

import pytest

from notalone.escrow.crypto import _cipher, entry, oprf, tokens
from notalone.escrow.identifiers import canonicalize
from tests.escrow.make_vectors import VECTORS_PATH, build_vectors

VECTORS_V1_PATH = VECTORS_PATH.with_name("vectors_v1.json")


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(VECTORS_PATH.read_text())
    return loaded


@pytest.fixture(scope="module")
def vectors_v1() -> dict[str, Any]:
    """Protocol version 1's vectors, frozen: entries filed then must still open."""
    loaded: dict[str, Any] = json.loads(VECTORS_V1_PATH.read_text())
    return loaded


@pytest.fixture(scope="module", params=["v2", "v1"])
def any_vectors(
    request: pytest.FixtureRequest, vectors: dict[str, Any], vectors_v1: dict[str, Any]
) -> dict[str, Any]:
    return vectors if request.param == "v2" else vectors_v1


def test_python_reproduces_every_deterministic_value_byte_for_byte(
    vectors: dict[str, Any],
) -> None:
    expected = {
        key: value for key, value in vectors.items() if key not in ("sealed", "sealed_invites")
    }
    assert build_vectors() == expected


def test_the_combined_guardian_answers_equal_the_full_key(vectors: dict[str, Any]) -> None:
    key = bytes.fromhex(vectors["oprf"]["key"])
    for identifier in vectors["identifiers"]:
        assert canonicalize(identifier["raw"]) == identifier["canonical"]
        assert entry.oprf_input(identifier["canonical"]).hex() == identifier["oprf_input"]
        output = oprf.evaluate(key, entry.oprf_input(identifier["canonical"]), mode=oprf.MODE_VOPRF)
        assert output.hex() == identifier["output"]


def test_version_2_inputs_are_separated_from_version_1(
    vectors: dict[str, Any], vectors_v1: dict[str, Any]
) -> None:
    """The same canonical identifier, the same key: version 1 and 2 give different outputs, so
    their indexes never meet (ESCROW_PROTOCOL.md §3.1)."""
    assert vectors["oprf"]["key"] == vectors_v1["oprf"]["key"]
    for new, old in zip(vectors["identifiers"], vectors_v1["identifiers"], strict=True):
        assert new["canonical"] == old["canonical"]
        assert new["output"] != old["output"]
    old_indexes = {i["index"] for f in vectors_v1["filings"] for i in f["items"]}
    new_indexes = {i["index"] for f in vectors["filings"] for i in f["items"]}
    assert not old_indexes & new_indexes


def _sealed_by_client(vectors: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [(client, value) for client, values in vectors["sealed"].items() for value in values]


def test_the_file_holds_sealed_values_made_by_python(vectors: dict[str, Any]) -> None:
    plaintexts = sum(len(filing["items"]) for filing in vectors["filings"])
    assert len(vectors["sealed"]["python"]) == plaintexts


def test_the_file_keeps_values_sealed_before_the_move_to_pyhpke(
    vectors_v1: dict[str, Any],
) -> None:
    # Entries filed before then (under protocol version 1) were sealed by cryptography 50's own
    # HPKE; the counselor must still open them (the next tests open every client's values).
    plaintexts = sum(len(filing["items"]) for filing in vectors_v1["filings"])
    assert len(vectors_v1["sealed"]["python_cryptography_50"]) == plaintexts


def test_every_clients_sealed_values_open_to_the_expected_plaintext(
    any_vectors: dict[str, Any],
) -> None:
    vectors = any_vectors
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
    any_vectors: dict[str, Any], identifier: int
) -> None:
    vectors = any_vectors
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


def test_token_vectors_issue_verify_and_spend(vectors: dict[str, Any]) -> None:
    """ESCROW_PROTOCOL.md §7.3: a guardian accepts the spent token's MAC, and opens the invite
    code each client sealed to it."""
    t = vectors["tokens"]
    secret = bytes.fromhex(t["token_secret"])
    spent_on = [bytes.fromhex(e) for e in t["spent_on"]]
    first = t["issued"][0]
    nonce, mac, epoch = bytes.fromhex(first["nonce"]), bytes.fromhex(t["mac"]), t["epoch"]
    assert tokens.epoch_info(epoch).hex() == t["epoch_info"]
    assert tokens.check_token(secret, epoch, nonce, mac, spent_on)
    assert not tokens.check_token(secret, epoch, nonce, mac, spent_on[:1])
    # The same token presented as one of another epoch has another key: refused.
    assert not tokens.check_token(secret, epoch + 1, nonce, mac, spent_on)
    blinded = [bytes.fromhex(i["blinded_element"]) for i in t["issued"]]
    assert set(vectors["sealed_invites"]) >= {"python", "javascript"}
    for client, sealed in vectors["sealed_invites"].items():
        code = tokens.open_invite(
            bytes.fromhex(t["invite_secret"]),
            bytes.fromhex(vectors["realm"]),
            t["guardian"],
            bytes.fromhex(sealed),
            blinded,
        )
        assert code == t["code"], client
