"""HKDF-SHA512 (RFC 5869) and ChaCha20-Poly1305 (RFC 8439) from ``cryptography``; HPKE (RFC 9180)
from pyhpke.

HPKE is base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305, single shot (one
Seal per context, sequence number 0), with ESCROW_PROTOCOL.md §5's ``info`` and ``aad``. It goes
through pyhpke's public API: ``cryptography``'s own HPKE ``Suite`` takes no associated data, and
§5 binds each sealed share to ``entry_id ‖ index`` as aad. pyhpke is the Python sibling of the
``@hpke/core`` the browser seals with (one author), and builds RFC 9180 from ``cryptography``'s
public X25519, HMAC and ChaCha20-Poly1305, so the ``cryptography`` pin can follow its releases.
tests/escrow/test_hpke.py checks it against RFC 9180 Appendix A.2.1, and the vectors of
ESCROW_PROTOCOL.md §12 against the browser's values. A sealed value is enc (32 bytes) ‖ ciphertext.
"""

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyhpke import AEADId, CipherSuite, KDFId, KEMId, KEMKey, KEMKeyPair, OpenError

from notalone.escrow.crypto._ristretto import random_bytes
from notalone.escrow.crypto.errors import TamperedCiphertext

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
X25519_KEY_SIZE = 32
HPKE_OVERHEAD = X25519_KEY_SIZE + TAG_SIZE

_HPKE_SUITE = CipherSuite.new(
    KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.CHACHA20_POLY1305
)


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


def _ephemeral_key_pair(private_key: bytes) -> KEMKeyPair:
    private = X25519PrivateKey.from_private_bytes(private_key)
    return KEMKeyPair(
        KEMKey.from_pyca_cryptography_key(private),
        KEMKey.from_pyca_cryptography_key(private.public_key()),
    )


def hpke_seal(
    public_key: bytes,
    info: bytes,
    aad: bytes,
    plaintext: bytes,
    ephemeral_private_key: bytes | None = None,
) -> bytes:
    """RFC 9180 single-shot base-mode Seal to an X25519 public key; returns enc ‖ ciphertext.

    The ephemeral key is fresh unless given, which only test vectors do (RFC 9180's and §12's).
    Raises ``ValueError`` for a public key that is not 32 bytes or gives an all-zero shared secret.
    """
    recipient = _HPKE_SUITE.kem.deserialize_public_key(public_key)
    ephemeral: KEMKeyPair | None = None
    if ephemeral_private_key is not None:
        ephemeral = _ephemeral_key_pair(ephemeral_private_key)
    enc, sender = _HPKE_SUITE.create_sender_context(recipient, info, eks=ephemeral)
    return enc + sender.seal(plaintext, aad)


def hpke_open(private_key: bytes, info: bytes, aad: bytes, sealed: bytes, what: str) -> bytes:
    """RFC 9180 single-shot base-mode Open; raises ``TamperedCiphertext`` naming ``what``."""
    recipient = _HPKE_SUITE.kem.deserialize_private_key(private_key)
    if len(sealed) < HPKE_OVERHEAD:
        raise TamperedCiphertext(f"{what} is truncated")
    enc, ciphertext = sealed[:X25519_KEY_SIZE], sealed[X25519_KEY_SIZE:]
    try:
        # A low-order enc gives an all-zero shared secret, which cryptography refuses with a
        # ValueError (RFC 9180 §7.1.4); anything else that fails to open is an OpenError.
        return _HPKE_SUITE.create_recipient_context(enc, recipient, info).open(ciphertext, aad)
    except (ValueError, OpenError) as error:
        raise TamperedCiphertext(
            f"{what} does not open: altered, or not sealed to this key"
        ) from error
