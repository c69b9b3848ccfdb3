"""The counselor's X25519 key pair, and its private key locked under a passphrase.

The key file is JSON: Argon2id (RFC 9106, via argon2-cffi's ``hash_secret_raw``) stretches the
passphrase with a random salt; HKDF-SHA512 (RFC 5869) splits the result into a ChaCha20-Poly1305
key (RFC 8439) and a 16-byte check value. The check value tells a wrong passphrase
(``WrongPassphrase``) from an altered ciphertext (``TamperedCiphertext``); it helps no attacker,
who can test guesses against the ciphertext anyway. The header (version, KDF parameters, salt,
public key) is the AEAD's associated data, so it cannot be changed unnoticed either.
"""

import hashlib
import hmac
import json
import unicodedata
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from notalone.escrow.crypto._cipher import KEY_SIZE, aead_open, aead_seal, hkdf_sha512
from notalone.escrow.crypto._ristretto import random_bytes
from notalone.escrow.crypto.errors import MalformedKeyFile, WrongPassphrase

FORMAT = "notalone-escrow-counselor-key"
VERSION = 1
SALT_SIZE = 16
CHECK_SIZE = 16
#: RFC 9106 §4, second recommended option: t=3, 64 MiB, 4 lanes.
TIME_COST = 3
MEMORY_COST_KIB = 64 * 1024
PARALLELISM = 4
# Bounds on what an unlocked file may ask for: weak enough files are refused, and so are
# parameters large enough to exhaust the machine.
_LIMITS = {
    "time_cost": (1, 16),
    "memory_cost_kib": (19 * 1024, 4 * 1024 * 1024),
    "parallelism": (1, 16),
}


def generate_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as raw bytes: (private, public)."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def public_key_of(private: bytes) -> bytes:
    """The X25519 public key of a raw private key."""
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()


def fingerprint(public_bytes: bytes) -> str:
    """SHA-256 of the key, hex, in groups of four: what people compare (ESCROW_PROTOCOL.md §11)."""
    digest = hashlib.sha256(public_bytes).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def _stretch(passphrase: str, salt: bytes, kdf: dict[str, Any]) -> tuple[bytes, bytes]:
    """(AEAD key, check value) from the passphrase under the file's Argon2id parameters."""
    secret = unicodedata.normalize("NFC", passphrase).encode()
    master = hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_cost_kib"],
        parallelism=kdf["parallelism"],
        hash_len=KEY_SIZE,
        type=Type.ID,
    )
    key = hkdf_sha512(master, b"", b"NotAlone counselor key v1 aead", KEY_SIZE)
    check = hkdf_sha512(master, b"", b"NotAlone counselor key v1 check", CHECK_SIZE)
    return key, check


def _header_bytes(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def lock_private_key(private: bytes, passphrase: str) -> bytes:
    """The key file body (UTF-8 JSON) holding ``private`` encrypted under ``passphrase``."""
    if not passphrase:
        raise ValueError("the passphrase must not be empty")
    salt = random_bytes(SALT_SIZE)
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {
            "name": "argon2id",
            "salt": salt.hex(),
            "time_cost": TIME_COST,
            "memory_cost_kib": MEMORY_COST_KIB,
            "parallelism": PARALLELISM,
        },
        "cipher": "chacha20-poly1305",
        "public_key": public_key_of(private).hex(),
    }
    key, check = _stretch(passphrase, salt, header["kdf"])
    body = dict(
        header, check=check.hex(), ciphertext=aead_seal(key, private, _header_bytes(header)).hex()
    )
    return json.dumps(body, indent=2, sort_keys=True).encode() + b"\n"


def _parse(blob: bytes) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """(header, salt, check, ciphertext) of a key file, or ``MalformedKeyFile``."""
    try:
        body = json.loads(blob)
        header = {k: body[k] for k in ("format", "version", "kdf", "cipher", "public_key")}
        kdf = header["kdf"]
        if header["format"] != FORMAT or header["version"] != VERSION:
            raise MalformedKeyFile("not a NotAlone counselor key file of a known version")
        if kdf.get("name") != "argon2id" or header["cipher"] != "chacha20-poly1305":
            raise MalformedKeyFile("unknown key derivation or cipher")
        for name, (low, high) in _LIMITS.items():
            value = kdf[name]
            if type(value) is not int or not low <= value <= high:
                raise MalformedKeyFile(f"{name} must be an integer from {low} to {high}")
        salt, check = bytes.fromhex(kdf["salt"]), bytes.fromhex(body["check"])
        ciphertext = bytes.fromhex(body["ciphertext"])
    except MalformedKeyFile:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise MalformedKeyFile(f"the key file is not readable: {error}") from error
    if len(salt) != SALT_SIZE or len(check) != CHECK_SIZE:
        raise MalformedKeyFile("the salt or check value has the wrong length")
    return header, salt, check, ciphertext


def unlock_private_key(blob: bytes, passphrase: str) -> bytes:
    """The raw private key in a key file made by ``lock_private_key``.

    Raises ``WrongPassphrase``, ``TamperedCiphertext`` or ``MalformedKeyFile``.
    """
    header, salt, check, ciphertext = _parse(blob)
    key, expected_check = _stretch(passphrase, salt, header["kdf"])
    if not hmac.compare_digest(check, expected_check):
        raise WrongPassphrase(
            "this passphrase does not unlock the key file (or the file's header was altered)"
        )
    private = aead_open(key, ciphertext, _header_bytes(header), "the key file's private key")
    if public_key_of(private).hex() != header["public_key"]:
        raise MalformedKeyFile("the private key does not match the file's public key")
    return private
