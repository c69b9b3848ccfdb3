"""HKDF-SHA512 (RFC 5869), ChaCha20-Poly1305 (RFC 8439), HPKE (RFC 9180): all ``cryptography``.

HPKE is cryptography's own RFC 9180 implementation, base mode, DHKEM(X25519, HKDF-SHA256),
HKDF-SHA256, ChaCha20-Poly1305. Its public ``Suite.encrypt``/``decrypt`` take no associated
data (cryptography's docs steer single-shot users to ``info``), but ESCROW.md §2 binds each sealed
share to ``entry_id ‖ index`` as HPKE aad. So we call the same Rust implementation through the
aad-taking entry points that cryptography ships beside it (``_encrypt_with_aad`` and
``_decrypt_with_aad``, used by its own RFC 9180 vector tests). tests/escrow/test_entry.py checks
them against RFC 9180 Appendix A.2.1 and against the public API, so a cryptography upgrade that
changes or removes them fails loudly there. A sealed value is enc (32 bytes) ‖ ciphertext.
"""

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.bindings._rust import openssl as _rust_openssl
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from notalone.escrow.crypto._ristretto import random_bytes
from notalone.escrow.crypto.errors import TamperedCiphertext

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
X25519_KEY_SIZE = 32
HPKE_OVERHEAD = X25519_KEY_SIZE + TAG_SIZE

if not hasattr(_rust_openssl.hpke, "_encrypt_with_aad"):  # pragma: no cover
    raise ImportError(
        "the escrow needs cryptography's HPKE with associated data (tested with cryptography 50)"
    )

_HPKE_SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.CHACHA20_POLY1305)


def hkdf_sha512(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 HKDF (extract then expand) with SHA-512."""
    return HKDF(algorithm=hashes.SHA512(), length=length, salt=salt, info=info).derive(ikm)


def aead_seal(key: bytes, plaintext: bytes, aad: bytes, nonce: bytes | None = None) -> bytes:
    """ChaCha20-Poly1305 with a fresh random 12-byte nonce, returned as nonce ‖ ciphertext.

    ``nonce`` is random unless given, which only the deterministic test vectors do.
    """
    if nonce is None:
        nonce = random_bytes(NONCE_SIZE)
    if len(nonce) != NONCE_SIZE:
        raise ValueError(f"the nonce is {NONCE_SIZE} bytes")
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, sealed: bytes, aad: bytes, what: str) -> bytes:
    """Inverse of ``aead_seal``; raises ``TamperedCiphertext`` naming ``what`` on any change."""
    if len(sealed) < NONCE_SIZE + TAG_SIZE:
        raise TamperedCiphertext(f"{what} is truncated")
    try:
        return ChaCha20Poly1305(key).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], aad)
    except InvalidTag as error:
        raise TamperedCiphertext(
            f"{what} does not authenticate: altered or misaddressed"
        ) from error


def hpke_seal(public_key: bytes, info: bytes, aad: bytes, plaintext: bytes) -> bytes:
    """RFC 9180 single-shot base-mode Seal to an X25519 public key; returns enc ‖ ciphertext."""
    recipient = X25519PublicKey.from_public_bytes(public_key)
    sealed: bytes = _rust_openssl.hpke._encrypt_with_aad(
        _HPKE_SUITE, plaintext, recipient, info=info, aad=aad
    )
    return sealed


def hpke_open(private_key: bytes, info: bytes, aad: bytes, sealed: bytes, what: str) -> bytes:
    """RFC 9180 single-shot base-mode Open; raises ``TamperedCiphertext`` naming ``what``."""
    recipient = X25519PrivateKey.from_private_bytes(private_key)
    if len(sealed) < HPKE_OVERHEAD:
        raise TamperedCiphertext(f"{what} is truncated")
    try:
        plaintext: bytes = _rust_openssl.hpke._decrypt_with_aad(
            _HPKE_SUITE, sealed, recipient, info=info, aad=aad
        )
    except InvalidTag as error:
        raise TamperedCiphertext(
            f"{what} does not open: altered, or not sealed to this key"
        ) from error
    return plaintext
