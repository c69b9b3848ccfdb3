"""HPKE (RFC 9180) as the escrow seals each share: the RFC's known answer, round trips, tampering.

The suite is base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305 (ESCROW_PROTOCOL.md
§5); the browser's @hpke/core must agree with it byte for byte, which test_vectors.py and test_js.py
check on the protocol's own vectors.
"""

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite
from hypothesis import given, settings
from hypothesis import strategies as st

from notalone.escrow.crypto import _cipher, keyfile
from notalone.escrow.crypto.errors import TamperedCiphertext
from tests.escrow.test_entry import flip_byte

RFC9180 = json.loads(Path(__file__).with_name("rfc9180_vectors.json").read_text())
PRIVATE, PUBLIC = keyfile.generate_keypair()
INFO = b"NotAlone escrow v1" + bytes(range(16))
AAD = bytes(range(48))
SHARE = bytes(range(124))

_P = 2**255 - 19
# X25519 public values of small order (and non-canonical spellings of them): RFC 7748 §6.1 and
# RFC 9180 §7.1.4 require the all-zero shared secret they give to be refused.
LOW_ORDER = [
    u.to_bytes(32, "little")
    for u in (
        0,
        1,
        325606250916557431795983626356110631294008115727848805560023387167927233504,
        39382357235489614581723060781553021112529911719440698176882885853963445705823,
        _P - 1,
        _P,
        _P + 1,
    )
]


def _hex(vector: dict[str, Any], key: str) -> bytes:
    return bytes.fromhex(vector[key])


def test_the_rfc_vector_is_for_the_suite_the_escrow_uses() -> None:
    suite = _cipher._HPKE_SUITE
    assert (RFC9180["mode"], RFC9180["kem_id"], RFC9180["kdf_id"], RFC9180["aead_id"]) == (
        0,
        suite.kem.id.value,
        suite.kdf.id.value,
        suite.aead.id.value,
    )
    assert keyfile.public_key_of(_hex(RFC9180, "skRm")) == _hex(RFC9180, "pkRm")
    assert keyfile.public_key_of(_hex(RFC9180, "skEm")) == _hex(RFC9180, "pkEm")


def test_it_seals_the_rfc_9180_a_2_1_vector_byte_for_byte() -> None:
    encryption = RFC9180["encryption"]
    sealed = _cipher.hpke_seal(
        _hex(RFC9180, "pkRm"),
        _hex(RFC9180, "info"),
        _hex(encryption, "aad"),
        _hex(encryption, "pt"),
        ephemeral_private_key=_hex(RFC9180, "skEm"),
    )
    assert sealed.hex() == RFC9180["enc"] + encryption["ct"]


def test_it_opens_the_rfc_9180_a_2_1_vector_with_its_aad_only() -> None:
    encryption = RFC9180["encryption"]
    sealed = _hex(RFC9180, "enc") + _hex(encryption, "ct")
    skr, info, aad = _hex(RFC9180, "skRm"), _hex(RFC9180, "info"), _hex(encryption, "aad")
    assert _cipher.hpke_open(skr, info, aad, sealed, "vector").hex() == encryption["pt"]
    with pytest.raises(TamperedCiphertext, match="vector does not open"):
        _cipher.hpke_open(skr, info, b"", sealed, "vector")


@settings(max_examples=60, deadline=None, database=None)
@given(
    plaintext=st.binary(max_size=300),
    info=st.binary(max_size=80),
    aad=st.binary(max_size=100),
)
def test_what_is_sealed_opens_to_the_same_bytes(plaintext: bytes, info: bytes, aad: bytes) -> None:
    sealed = _cipher.hpke_seal(PUBLIC, info, aad, plaintext)
    assert len(sealed) == _cipher.HPKE_OVERHEAD + len(plaintext)
    assert _cipher.hpke_open(PRIVATE, info, aad, sealed, "share") == plaintext


def test_each_seal_has_a_fresh_ephemeral_key() -> None:
    first, second = (_cipher.hpke_seal(PUBLIC, INFO, AAD, SHARE) for _ in range(2))
    assert first[:32] != second[:32]
    assert first[32:] != second[32:]


SEALED = _cipher.hpke_seal(PUBLIC, INFO, AAD, SHARE)


@settings(max_examples=80, deadline=None, database=None)
@given(part=st.sampled_from(["enc", "ciphertext", "aad", "info"]), position=st.integers(0, 200))
def test_it_rejects_a_flipped_byte_anywhere(part: str, position: int) -> None:
    enc, ciphertext, aad, info = SEALED[:32], SEALED[32:], AAD, INFO
    if part == "enc":
        enc = flip_byte(enc, position)
    elif part == "ciphertext":
        ciphertext = flip_byte(ciphertext, position)
    elif part == "aad":
        aad = flip_byte(aad, position)
    else:
        info = flip_byte(info, position)
    with pytest.raises(TamperedCiphertext, match="the share does not open"):
        _cipher.hpke_open(PRIVATE, info, aad, enc + ciphertext, "the share")


@pytest.mark.parametrize("length", [0, 1, 31, 32, 47])
def test_it_rejects_a_value_too_short_to_hold_enc_and_a_tag(length: int) -> None:
    with pytest.raises(TamperedCiphertext, match="the share is truncated"):
        _cipher.hpke_open(PRIVATE, INFO, AAD, SEALED[:length], "the share")


@pytest.mark.parametrize("length", [48, 100, len(SEALED) - 1])
def test_it_rejects_a_cut_ciphertext(length: int) -> None:
    with pytest.raises(TamperedCiphertext, match="the share does not open"):
        _cipher.hpke_open(PRIVATE, INFO, AAD, SEALED[:length], "the share")


@pytest.mark.parametrize("enc", LOW_ORDER, ids=lambda enc: enc[:4].hex())
def test_it_rejects_a_low_order_enc_as_tampering(enc: bytes) -> None:
    with pytest.raises(TamperedCiphertext, match="the share does not open"):
        _cipher.hpke_open(PRIVATE, INFO, AAD, enc + SEALED[32:], "the share")


@pytest.mark.parametrize("public_key", LOW_ORDER, ids=lambda key: key[:4].hex())
def test_it_will_not_seal_to_a_low_order_public_key(public_key: bytes) -> None:
    with pytest.raises(ValueError, match="shared key"):
        _cipher.hpke_seal(public_key, INFO, AAD, SHARE)


def test_it_will_not_seal_to_a_public_key_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        _cipher.hpke_seal(PUBLIC[:31], INFO, AAD, SHARE)


def test_another_private_key_opens_nothing() -> None:
    other_private, _ = keyfile.generate_keypair()
    with pytest.raises(TamperedCiphertext, match="not sealed to this key"):
        _cipher.hpke_open(other_private, INFO, AAD, SEALED, "the share")


def test_it_interoperates_with_cryptographys_own_hpke_without_aad() -> None:
    # cryptography's public Suite takes no aad, so this checks the rest of the suite against a
    # second implementation (the browser's @hpke/core is the third: test_js.py).
    suite = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.CHACHA20_POLY1305)
    private = X25519PrivateKey.from_private_bytes(PRIVATE)
    assert suite.decrypt(_cipher.hpke_seal(PUBLIC, INFO, b"", SHARE), private, info=INFO) == SHARE
    sealed = suite.encrypt(SHARE, private.public_key(), info=INFO)
    assert _cipher.hpke_open(PRIVATE, INFO, b"", sealed, "the share") == SHARE


def test_no_module_reaches_into_cryptographys_private_parts() -> None:
    # What lets the cryptography pin follow its releases (pyproject.toml): only its public API.
    private = []
    for path in Path(_cipher.__file__).parents[2].rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "cryptography" and any(p.startswith("_") for p in parts):
                    private.append(f"{path}: {name}")
    assert private == []
