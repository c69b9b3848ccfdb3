"""Every failure of the escrow's cryptography is an ``EscrowCryptoError``.

Callers catch the specific class when they can act on it (name a guardian, name an entry, ask
for the passphrase again) and the base class otherwise. None of them carries secret material.
"""


class EscrowCryptoError(Exception):
    """Base class: something in the escrow's cryptography did not check out."""


class InvalidElement(EscrowCryptoError):
    """Bytes that are not the canonical encoding of a non-identity ristretto255 element.

    RFC 9497 §2.1 calls this DeserializeError; RFC 9496 §4.3.1 defines the canonical encoding.
    """


class InvalidScalar(EscrowCryptoError):
    """Bytes that are not a canonical scalar (32 bytes little-endian, below the group order)."""


class IdentityElement(EscrowCryptoError):
    """An operation would have produced the identity element (e.g. a multiplication by zero)."""


class InvalidInput(EscrowCryptoError):
    """RFC 9497 InvalidInputError: the input hashes to the identity element."""


class ProofVerificationError(EscrowCryptoError):
    """A DLEQ proof (RFC 9497 §2.2) does not verify: RFC 9497 VerifyError."""


class GuardianProofError(ProofVerificationError):
    """Guardian ``index`` answered with a proof that does not verify against its public share."""

    def __init__(self, index: int) -> None:
        super().__init__(f"guardian {index}'s answer has an invalid proof; its answer was dropped")
        self.index = index


class NotEnoughGuardians(EscrowCryptoError):
    """Fewer than t guardians gave a valid answer, so the OPRF output cannot be computed."""

    def __init__(self, *, needed: int, valid: int, failed: tuple[int, ...] = ()) -> None:
        detail = f"; guardians with invalid proofs: {list(failed)}" if failed else ""
        super().__init__(f"{valid} valid guardian answers, {needed} needed{detail}")
        self.needed = needed
        self.valid = valid
        self.failed = failed


class TamperedCiphertext(EscrowCryptoError):
    """An AEAD or HPKE ciphertext failed authentication: altered, truncated or misaddressed."""


class NotEnoughShares(EscrowCryptoError):
    """Fewer than q points were given, so the per-perpetrator key cannot be interpolated."""

    def __init__(self, *, needed: int, have: int) -> None:
        super().__init__(f"{have} shares opened, {needed} needed to open any record")
        self.needed = needed
        self.have = have


class MalformedShare(EscrowCryptoError):
    """The share in entry ``entry_id`` is not on the polynomial of the others, or unreadable."""

    def __init__(self, entry_id: bytes, reason: str) -> None:
        super().__init__(f"entry {entry_id.hex()}: {reason}")
        self.entry_id = entry_id


class MalformedShareFile(EscrowCryptoError):
    """A guardian share file (ESCROW_PROTOCOL.md §4) lacks a field or has an inconsistent value."""


class WrongPassphrase(EscrowCryptoError):
    """The passphrase does not unlock this key file (or the file's header was altered)."""


class MalformedKeyFile(EscrowCryptoError):
    """A key file that is not valid JSON of a known version, or whose fields are out of range."""
