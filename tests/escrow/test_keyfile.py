"""The counselor's key file: it round-trips, refuses a wrong passphrase, and notices tampering."""

import json

import pytest

from notalone.escrow.crypto import keyfile
from notalone.escrow.crypto.errors import (
    EscrowCryptoError,
    MalformedKeyFile,
    TamperedCiphertext,
    WrongPassphrase,
)

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def locked() -> tuple[bytes, bytes, bytes]:
    private, public = keyfile.generate_keypair()
    return private, public, keyfile.lock_private_key(private, PASSPHRASE)


def _edit(blob: bytes, **changes: object) -> bytes:
    body = json.loads(blob)
    for key, value in changes.items():
        if key in body["kdf"]:
            body["kdf"][key] = value
        else:
            body[key] = value
    return json.dumps(body).encode()


def test_it_unlocks_the_private_key_it_locked(locked: tuple[bytes, bytes, bytes]) -> None:
    private, public, blob = locked
    assert keyfile.unlock_private_key(blob, PASSPHRASE) == private
    assert keyfile.public_key_of(private) == public


def test_the_file_records_argon2id_parameters_and_never_the_key(
    locked: tuple[bytes, bytes, bytes],
) -> None:
    private, public, blob = locked
    body = json.loads(blob)
    assert body["version"] == 1
    assert body["kdf"]["name"] == "argon2id"
    assert body["kdf"]["memory_cost_kib"] >= 64 * 1024
    assert body["kdf"]["time_cost"] >= 3
    assert len(bytes.fromhex(body["kdf"]["salt"])) == 16
    assert body["public_key"] == public.hex()
    assert private.hex() not in blob.decode()


def test_the_same_key_locked_twice_gives_different_files(
    locked: tuple[bytes, bytes, bytes],
) -> None:
    private, _, blob = locked
    assert keyfile.lock_private_key(private, PASSPHRASE) != blob


def test_it_refuses_a_wrong_passphrase_with_a_clear_message(
    locked: tuple[bytes, bytes, bytes],
) -> None:
    _, _, blob = locked
    with pytest.raises(WrongPassphrase, match="does not unlock the key file"):
        keyfile.unlock_private_key(blob, PASSPHRASE + "!")


def test_it_refuses_an_empty_passphrase_when_locking() -> None:
    with pytest.raises(ValueError, match="empty"):
        keyfile.lock_private_key(keyfile.generate_keypair()[0], "")


@pytest.mark.parametrize("position", [0, 12, 30, -1])
def test_it_rejects_a_flipped_byte_in_the_ciphertext(
    locked: tuple[bytes, bytes, bytes], position: int
) -> None:
    _, _, blob = locked
    ciphertext = bytearray.fromhex(json.loads(blob)["ciphertext"])
    ciphertext[position] ^= 0x01
    with pytest.raises(TamperedCiphertext):
        keyfile.unlock_private_key(_edit(blob, ciphertext=ciphertext.hex()), PASSPHRASE)


def test_it_notices_a_replaced_public_key(locked: tuple[bytes, bytes, bytes]) -> None:
    _, _, blob = locked
    other_public = keyfile.generate_keypair()[1]
    with pytest.raises(EscrowCryptoError):
        keyfile.unlock_private_key(_edit(blob, public_key=other_public.hex()), PASSPHRASE)


def test_it_notices_a_changed_salt(locked: tuple[bytes, bytes, bytes]) -> None:
    _, _, blob = locked
    with pytest.raises(WrongPassphrase, match="header was altered"):
        keyfile.unlock_private_key(_edit(blob, salt="00" * 16), PASSPHRASE)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": 2}, "known version"),
        ({"memory_cost_kib": 1024}, "memory_cost_kib must be"),
        ({"time_cost": 10**9}, "time_cost must be"),
        ({"check": "zz"}, "not readable"),
    ],
)
def test_it_refuses_a_malformed_file(
    locked: tuple[bytes, bytes, bytes], changes: dict[str, object], message: str
) -> None:
    _, _, blob = locked
    with pytest.raises(MalformedKeyFile, match=message):
        keyfile.unlock_private_key(_edit(blob, **changes), PASSPHRASE)


def test_it_refuses_something_that_is_not_json() -> None:
    with pytest.raises(MalformedKeyFile):
        keyfile.unlock_private_key(b"\x00not json", PASSPHRASE)


def test_the_fingerprint_is_sha256_hex_in_groups_of_four() -> None:
    fingerprint = keyfile.fingerprint(b"\x00" * 32)
    groups = fingerprint.split(" ")
    assert len(groups) == 16
    assert all(len(g) == 4 for g in groups)
    assert fingerprint.replace(" ", "") == (
        "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    )
