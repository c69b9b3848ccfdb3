"""ESCROW_PROTOCOL.md §5, §10: q survivors seal entries for one identifier; the counselor opens."""

import os

import pytest

from notalone.escrow.crypto import _cipher, entry, keyfile, oprf
from notalone.escrow.crypto._polynomial import interpolate
from notalone.escrow.crypto.errors import (
    MalformedShare,
    NotEnoughShares,
    TamperedCiphertext,
)

REALM = bytes.fromhex("0f" * 16)
IDENTIFIER = b"email:jane.doe@example.com"


def flip_byte(data: bytes, position: int = 0) -> bytes:
    changed = bytearray(data)
    changed[position % len(data)] ^= 0x01
    return bytes(changed)


@pytest.fixture(scope="module")
def counselor() -> tuple[bytes, bytes]:
    return keyfile.generate_keypair()


def _file(q: int, public_key: bytes, survivors: int, other_identifier: bool = True) -> list:
    """``survivors`` filings naming IDENTIFIER (and, in each, one unrelated identifier)."""
    key, _ = oprf.generate_key_pair()
    y = oprf.evaluate(key, IDENTIFIER, mode=1)
    filings = []
    for n in range(survivors):
        outputs = [y, os.urandom(64)] if other_identifier else [y]
        filings.append(
            entry.seal_entry(
                realm=REALM,
                q=q,
                counselor_public_key=public_key,
                entry_id=os.urandom(16),
                record={"survivor": n, "what": "fictional test record", "contact": f"s{n}@x.test"},
                outputs=outputs,
            )
        )
    return filings


def _match(filings: list) -> list[entry.MatchedEntry]:
    index = filings[0].items[0][0]
    return [filing.for_index(index) for filing in filings]


@pytest.mark.parametrize("q", [2, 3])
def test_q_survivors_naming_the_same_person_open_every_record(
    q: int, counselor: tuple[bytes, bytes]
) -> None:
    private, public = counselor
    filings = _file(q, public, q)
    assert len({filing.items[0][0] for filing in filings}) == 1
    opened = entry.open_match(
        counselor_private_key=private, realm=REALM, q=q, entries=_match(filings)
    )
    assert [r.record["survivor"] for r in opened] == list(range(q))
    assert [r.entry_id for r in opened] == [f.entry_id for f in filings]


def test_more_than_q_entries_all_open(counselor: tuple[bytes, bytes]) -> None:
    private, public = counselor
    filings = _file(2, public, 4)
    opened = entry.open_match(
        counselor_private_key=private, realm=REALM, q=2, entries=_match(filings)
    )
    assert [r.record["survivor"] for r in opened] == [0, 1, 2, 3]


@pytest.mark.parametrize("q", [2, 3])
def test_q_minus_one_entries_cannot_be_opened_even_with_the_private_key(
    q: int, counselor: tuple[bytes, bytes]
) -> None:
    private, public = counselor
    matched = _match(_file(q, public, q - 1))
    with pytest.raises(NotEnoughShares, match=f"{q - 1} shares opened, {q} needed"):
        entry.open_match(counselor_private_key=private, realm=REALM, q=q, entries=matched)


@pytest.mark.parametrize("q", [2, 3])
def test_q_minus_one_points_interpolate_to_no_key_that_opens_anything(
    q: int, counselor: tuple[bytes, bytes]
) -> None:
    private, public = counselor
    matched = _match(_file(q, public, q - 1))
    info = entry.hpke_info(REALM)
    points = []
    for m in matched:
        plaintext = _cipher.hpke_open(private, info, m.entry_id + m.index, m.sealed, "test")
        points.append((plaintext[:32], plaintext[32:64]))
    # The best a counselor can do with q-1 points: the lower-degree polynomial through them.
    a0_guess = interpolate(points, bytes(32))
    wrap_key = _cipher.hkdf_sha512(a0_guess, entry.salt(REALM, q), b"wrap", 32)
    plaintext = _cipher.hpke_open(
        private, info, matched[0].entry_id + matched[0].index, matched[0].sealed, "test"
    )
    with pytest.raises(TamperedCiphertext):
        _cipher.aead_open(
            wrap_key,
            plaintext[64:],
            b"wrap" + matched[0].entry_id + matched[0].index,
            "wrapped key",
        )


def _reseal(m: entry.MatchedEntry, public: bytes, plaintext: bytes) -> entry.MatchedEntry:
    sealed = _cipher.hpke_seal(public, entry.hpke_info(REALM), m.entry_id + m.index, plaintext)
    return entry.MatchedEntry(m.entry_id, m.record_ct, m.index, sealed)


def _plaintext(m: entry.MatchedEntry, private: bytes) -> bytes:
    return _cipher.hpke_open(
        private, entry.hpke_info(REALM), m.entry_id + m.index, m.sealed, "test"
    )


@pytest.mark.parametrize("bad", [0, 2])
def test_a_malformed_share_is_named(bad: int, counselor: tuple[bytes, bytes]) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 3))
    plaintext = _plaintext(matched[bad], private)
    off_polynomial = plaintext[:32] + flip_byte(plaintext[32:64], 1) + plaintext[64:]
    matched[bad] = _reseal(matched[bad], public, off_polynomial)
    with pytest.raises(MalformedShare, match=matched[bad].entry_id.hex()) as raised:
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)
    assert raised.value.entry_id == matched[bad].entry_id
    good = [m for i, m in enumerate(matched) if i != bad]
    assert len(entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=good)) == 2


def test_a_share_of_the_wrong_length_is_named(counselor: tuple[bytes, bytes]) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 2))
    matched[1] = _reseal(matched[1], public, _plaintext(matched[1], private)[:-1])
    with pytest.raises(MalformedShare, match=matched[1].entry_id.hex()):
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)


@pytest.mark.parametrize("position", [0, 11, 12, 40, -1])
def test_it_rejects_a_flipped_byte_in_record_ct(
    position: int, counselor: tuple[bytes, bytes]
) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 2))
    m = matched[1]
    matched[1] = entry.MatchedEntry(m.entry_id, flip_byte(m.record_ct, position), m.index, m.sealed)
    with pytest.raises(TamperedCiphertext, match=f"record of entry {m.entry_id.hex()}"):
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)


@pytest.mark.parametrize("position", [0, 31, 32, 100, -1])
def test_it_rejects_a_flipped_byte_in_sealed(position: int, counselor: tuple[bytes, bytes]) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 2))
    m = matched[0]
    matched[0] = entry.MatchedEntry(m.entry_id, m.record_ct, m.index, flip_byte(m.sealed, position))
    with pytest.raises(TamperedCiphertext, match=f"sealed share of entry {m.entry_id.hex()}"):
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)


@pytest.mark.parametrize("position", [64, 80, 123])
def test_it_rejects_a_flipped_byte_in_wrapped(
    position: int, counselor: tuple[bytes, bytes]
) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 3))
    plaintext = _plaintext(matched[2], private)
    matched[2] = _reseal(matched[2], public, flip_byte(plaintext, position))
    with pytest.raises(MalformedShare, match=matched[2].entry_id.hex()):
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)


def test_a_sealed_share_moved_to_another_entry_does_not_open(
    counselor: tuple[bytes, bytes],
) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 2))
    a, b = matched
    matched[0] = entry.MatchedEntry(a.entry_id, a.record_ct, a.index, b.sealed)
    with pytest.raises(TamperedCiphertext):
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)


def test_another_counselor_key_opens_nothing(counselor: tuple[bytes, bytes]) -> None:
    _, public = counselor
    matched = _match(_file(2, public, 2))
    other_private, _ = keyfile.generate_keypair()
    with pytest.raises(TamperedCiphertext, match="not sealed to this key"):
        entry.open_match(counselor_private_key=other_private, realm=REALM, q=2, entries=matched)


def test_a_different_realm_or_quorum_changes_every_derived_value() -> None:
    y = os.urandom(64)
    base = entry.derive_from_output(y, REALM, 2)
    assert entry.derive_from_output(y, bytes(16), 2).matching_index != base.matching_index
    other_q = entry.derive_from_output(y, REALM, 3)
    assert other_q.matching_index != base.matching_index
    assert len(other_q.coefficients) == 3


def test_salt_is_label_realm_and_quorum() -> None:
    assert entry.salt(REALM, 3) == b"NotAlone escrow v1" + REALM + b"\x03"


def test_a_bad_wrapped_key_is_named_even_with_exactly_q_entries(
    counselor: tuple[bytes, bytes],
) -> None:
    private, public = counselor
    matched = _match(_file(2, public, 2))
    matched[0] = _reseal(matched[0], public, flip_byte(_plaintext(matched[0], private), 70))
    with pytest.raises(MalformedShare, match=matched[0].entry_id.hex()):
        entry.open_match(counselor_private_key=private, realm=REALM, q=2, entries=matched)
