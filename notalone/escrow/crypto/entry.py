"""Entries and matches: ESCROW_PROTOCOL.md §5 (from the OPRF output to an entry) and §10 (opening).

Every survivor who names the same person derives the same polynomial f of degree q-1 from the
OPRF output y, and seals one point (x, f(x)) to the counselor. Any q points give a₀ = f(0), the
per-perpetrator key, which unwraps each entry's record key R; fewer than q determine nothing.
Key derivation is HKDF-SHA512 (RFC 5869), symmetric encryption ChaCha20-Poly1305 (RFC 8439) and
public-key sealing HPKE (RFC 9180); see ``_cipher``.
"""

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, NamedTuple

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto._cipher import (
    KEY_SIZE,
    NONCE_SIZE,
    TAG_SIZE,
    aead_open,
    aead_seal,
    hkdf_sha512,
    hpke_open,
    hpke_seal,
)
from notalone.escrow.crypto._polynomial import evaluate_polynomial, interpolate
from notalone.escrow.crypto.errors import (
    EscrowCryptoError,
    InvalidScalar,
    MalformedShare,
    NotEnoughShares,
    TamperedCiphertext,
)

PROTOCOL_LABEL = b"NotAlone escrow v1"
#: The protocol version (ESCROW_PROTOCOL.md): 2 since the canonical forms and the OPRF input
#: changed. The labels of salt and hpke_info keep their version-1 bytes, so a counselor opens
#: entries of both versions alike; the OPRF input carries the version instead.
PROTOCOL_VERSION = 2
#: Prefix of every version-2 OPRF input. A version-1 input was the bare canonical string, which
#: always starts with a lowercase kind ("email:", "x:" ...), never with "N": no version-1 input
#: equals a version-2 input, so a version-1 index can never meet a version-2 one.
OPRF_INPUT_LABEL = b"NotAlone escrow v2:"


def oprf_input(canonical: str) -> bytes:
    """The RFC 9497 input for one canonical identifier: ``"NotAlone escrow v2:" ‖ UTF-8(id)``."""
    return OPRF_INPUT_LABEL + canonical.encode()


REALM_SIZE = 16
ENTRY_ID_SIZE = 16
INDEX_SIZE = 32
OUTPUT_SIZE = 64
WRAPPED_SIZE = NONCE_SIZE + KEY_SIZE + TAG_SIZE
PLAINTEXT_SIZE = 2 * group.SCALAR_SIZE + WRAPPED_SIZE
MAX_QUORUM = 255


class DerivedKeys(NamedTuple):
    """What one OPRF output gives: the matching index, f's coefficients a₀…a_{q-1}, wrap_key."""

    matching_index: bytes
    coefficients: tuple[bytes, ...]
    wrap_key: bytes


@dataclass(frozen=True)
class SealRandomness:
    """The random values of one filing, fixed only by the deterministic test vectors."""

    record_key: bytes
    record_nonce: bytes
    x_values: tuple[bytes, ...]
    wrap_nonces: tuple[bytes, ...]


@dataclass(frozen=True)
class PreparedItem:
    """Everything computed for one identifier up to HPKE (ESCROW_PROTOCOL.md §12 lists these)."""

    index: bytes
    coefficients: tuple[bytes, ...]
    wrap_key: bytes
    x: bytes
    fx: bytes
    wrapped: bytes
    plaintext: bytes


@dataclass(frozen=True)
class PreparedEntry:
    """A filing before HPKE: record_json, record_ct and one ``PreparedItem`` per identifier."""

    entry_id: bytes
    record_json: bytes
    record_ct: bytes
    items: tuple[PreparedItem, ...]


@dataclass(frozen=True)
class MatchedEntry:
    """One entry as released for a match: its id, record_ct, and its sealed share for the index."""

    entry_id: bytes
    record_ct: bytes
    index: bytes
    sealed: bytes


@dataclass(frozen=True)
class SealedEntry:
    """What the platform stores for one filing: entry_id, record_ct and (indexⱼ, sealedⱼ) pairs."""

    entry_id: bytes
    record_ct: bytes
    items: tuple[tuple[bytes, bytes], ...]

    def for_index(self, index: bytes) -> MatchedEntry:
        """This entry as released for a match on ``index``."""
        for item_index, sealed in self.items:
            if item_index == index:
                return MatchedEntry(self.entry_id, self.record_ct, index, sealed)
        raise KeyError(f"entry {self.entry_id.hex()} has no item for this index")


@dataclass(frozen=True)
class OpenedRecord:
    """A decrypted record of a match."""

    entry_id: bytes
    record: dict[str, Any]


def _check_realm_and_quorum(realm: bytes, q: int) -> None:
    if len(realm) != REALM_SIZE:
        raise ValueError(f"the realm is {REALM_SIZE} bytes")
    if not 1 <= q <= MAX_QUORUM:
        raise ValueError(f"the quorum q is between 1 and {MAX_QUORUM}")


def salt(realm: bytes, q: int) -> bytes:
    """salt = "NotAlone escrow v1" ‖ realm ‖ I2OSP(q, 1) (ESCROW_PROTOCOL.md §1)."""
    _check_realm_and_quorum(realm, q)
    return PROTOCOL_LABEL + realm + bytes([q])


def derive_from_output(y: bytes, realm: bytes, q: int) -> DerivedKeys:
    """ESCROW_PROTOCOL.md §5: index, a₀ … a_{q-1} and wrap_key from the OPRF output y."""
    if len(y) != OUTPUT_SIZE:
        raise ValueError(f"the OPRF output is {OUTPUT_SIZE} bytes")
    entry_salt = salt(realm, q)
    index = hkdf_sha512(y, entry_salt, b"index", INDEX_SIZE)
    a0 = group.reduce64(hkdf_sha512(y, entry_salt, b"key", 64))
    higher = [
        group.reduce64(hkdf_sha512(y, entry_salt, b"coef" + bytes([m]), 64)) for m in range(1, q)
    ]
    wrap_key = hkdf_sha512(a0, entry_salt, b"wrap", KEY_SIZE)
    return DerivedKeys(index, (a0, *higher), wrap_key)


def record_to_json(record: Mapping[str, Any]) -> bytes:
    """The record as UTF-8 JSON, keys sorted, no spaces: one spelling for a given record."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _fresh_randomness(count: int) -> SealRandomness:
    return SealRandomness(
        record_key=group.random_bytes(KEY_SIZE),
        record_nonce=group.random_bytes(NONCE_SIZE),
        x_values=tuple(group.random_scalar() for _ in range(count)),
        wrap_nonces=tuple(group.random_bytes(NONCE_SIZE) for _ in range(count)),
    )


def prepare_entry(
    *,
    realm: bytes,
    q: int,
    entry_id: bytes,
    record: Mapping[str, Any],
    outputs: Sequence[bytes],
    randomness: SealRandomness | None = None,
) -> PreparedEntry:
    """ESCROW_PROTOCOL.md §5 up to HPKE: record_ct and, per OPRF output, the plaintext to seal."""
    if len(entry_id) != ENTRY_ID_SIZE:
        raise ValueError(f"entry_id is {ENTRY_ID_SIZE} bytes")
    if not outputs:
        raise ValueError("an entry names at least one identifier")
    if randomness is None:
        randomness = _fresh_randomness(len(outputs))
    if not len(randomness.x_values) == len(randomness.wrap_nonces) == len(outputs):
        raise ValueError("one x value and one wrap nonce per identifier")
    record_json = record_to_json(record)
    record_ct = aead_seal(
        randomness.record_key, record_json, b"record" + entry_id, randomness.record_nonce
    )
    items = []
    for y, x, nonce in zip(outputs, randomness.x_values, randomness.wrap_nonces, strict=True):
        derived = derive_from_output(y, realm, q)
        fx = evaluate_polynomial(derived.coefficients, group.check_scalar(x, nonzero=True))
        wrapped = aead_seal(
            derived.wrap_key,
            randomness.record_key,
            b"wrap" + entry_id + derived.matching_index,
            nonce,
        )
        items.append(PreparedItem(*derived, x, fx, wrapped, x + fx + wrapped))
    return PreparedEntry(entry_id, record_json, record_ct, tuple(items))


def hpke_info(realm: bytes) -> bytes:
    """HPKE info = "NotAlone escrow v1" ‖ realm."""
    return PROTOCOL_LABEL + realm


def seal_entry(
    *,
    realm: bytes,
    q: int,
    counselor_public_key: bytes,
    entry_id: bytes,
    record: Mapping[str, Any],
    outputs: Sequence[bytes],
    randomness: SealRandomness | None = None,
) -> SealedEntry:
    """ESCROW_PROTOCOL.md §5: one filing, sealed. ``randomness`` is fresh unless given (vectors)."""
    prepared = prepare_entry(
        realm=realm, q=q, entry_id=entry_id, record=record, outputs=outputs, randomness=randomness
    )
    info = hpke_info(realm)
    items = tuple(
        (item.index, hpke_seal(counselor_public_key, info, entry_id + item.index, item.plaintext))
        for item in prepared.items
    )
    return SealedEntry(entry_id, prepared.record_ct, items)


@dataclass(frozen=True)
class _OpenedShare:
    entry: MatchedEntry
    x: bytes
    fx: bytes
    wrapped: bytes


def _open_share(counselor_private_key: bytes, realm: bytes, entry: MatchedEntry) -> _OpenedShare:
    what = f"the sealed share of entry {entry.entry_id.hex()}"
    plaintext = hpke_open(
        counselor_private_key, hpke_info(realm), entry.entry_id + entry.index, entry.sealed, what
    )
    if len(plaintext) != PLAINTEXT_SIZE:
        raise MalformedShare(entry.entry_id, f"the share is {len(plaintext)} bytes, not 124")
    x, fx = plaintext[:32], plaintext[32:64]
    try:
        group.check_scalar(x, nonzero=True)
        group.check_scalar(fx)
    except InvalidScalar as error:
        raise MalformedShare(
            entry.entry_id, f"the point is not a pair of scalars: {error}"
        ) from error
    return _OpenedShare(entry, x, fx, plaintext[64:])


def _unwrap(share: _OpenedShare, wrap_key: bytes) -> bytes:
    entry = share.entry
    aad = b"wrap" + entry.entry_id + entry.index
    return aead_open(
        wrap_key, share.wrapped, aad, f"the wrapped key of entry {entry.entry_id.hex()}"
    )


def _unwraps(share: _OpenedShare, wrap_key: bytes) -> bool:
    try:
        _unwrap(share, wrap_key)
    except TamperedCiphertext:
        return False
    return True


def _find_polynomial(
    shares: Sequence[_OpenedShare], q: int, salt_: bytes
) -> Iterator[tuple[tuple[_OpenedShare, ...], bytes]]:
    """Candidate (q points, wrap_key) pairs, in order: the first q points come first.

    A candidate is confirmed by an authenticated unwrap, so one bad point among the first q does
    not hide the polynomial that the other entries agree on.
    """
    for subset in combinations(shares, q):
        points = [(share.x, share.fx) for share in subset]
        a0 = interpolate(points, bytes(group.SCALAR_SIZE))
        yield subset, hkdf_sha512(a0, salt_, b"wrap", KEY_SIZE)


def open_match(
    *, counselor_private_key: bytes, realm: bytes, q: int, entries: Sequence[MatchedEntry]
) -> list[OpenedRecord]:
    """ESCROW_PROTOCOL.md §10: open the records of a match with the counselor's private key.

    Opens each sealed share, interpolates a₀ = f(0) from q points, checks that every other point
    lies on the same polynomial, derives wrap_key, unwraps each R and decrypts each record.
    Raises ``NotEnoughShares`` below q entries, ``MalformedShare`` naming an entry whose point is
    off the polynomial (call again without it to open the others), and ``TamperedCiphertext`` if
    any ciphertext was altered.
    """
    _check_realm_and_quorum(realm, q)
    if len(entries) < q:
        raise NotEnoughShares(needed=q, have=len(entries))
    if len({entry.index for entry in entries}) != 1:
        raise ValueError("a match is a set of entries for one index")
    if len({entry.entry_id for entry in entries}) != len(entries):
        raise ValueError("an entry appears twice in the match")
    shares = [_open_share(counselor_private_key, realm, entry) for entry in entries]
    seen: set[bytes] = set()
    for share in shares:
        if share.x in seen:
            raise MalformedShare(share.entry.entry_id, "its x value repeats another entry's")
        seen.add(share.x)
    for subset, wrap_key in _find_polynomial(shares, q, salt(realm, q)):
        if not any(_unwraps(share, wrap_key) for share in shares):
            continue
        record_keys = {}
        points = [(share.x, share.fx) for share in subset]
        for share in shares:
            if interpolate(points, share.x) != share.fx:
                raise MalformedShare(share.entry.entry_id, "its point is off the polynomial")
            try:
                record_keys[share.entry.entry_id] = _unwrap(share, wrap_key)
            except TamperedCiphertext as error:
                raise MalformedShare(
                    share.entry.entry_id, "its record key is not wrapped under the shared key"
                ) from error
        return [_decrypt_record(entry, record_keys[entry.entry_id]) for entry in entries]
    raise EscrowCryptoError(
        "no q of these shares give a key that opens an entry: too many malformed shares"
    )


def _decrypt_record(entry: MatchedEntry, record_key: bytes) -> OpenedRecord:
    what = f"the record of entry {entry.entry_id.hex()}"
    record_json = aead_open(record_key, entry.record_ct, b"record" + entry.entry_id, what)
    try:
        record = json.loads(record_json)
    except ValueError as error:
        raise MalformedShare(entry.entry_id, "the record is not UTF-8 JSON") from error
    if not isinstance(record, dict):
        raise MalformedShare(entry.entry_id, "the record is not a JSON object")
    return OpenedRecord(entry.entry_id, record)
