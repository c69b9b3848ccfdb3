"""t-of-n guardians: any t give the full key's output, fewer cannot, a cheat is named."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto import oprf, threshold
from notalone.escrow.crypto.errors import (
    GuardianProofError,
    MalformedShareFile,
    NotEnoughGuardians,
)

IDENTIFIERS = [b"email:jane.doe@example.com", b"x:somehandle"]


def flip_byte(data: bytes, position: int = 0) -> bytes:
    changed = bytearray(data)
    changed[position % len(data)] ^= 0x01
    return bytes(changed)


def _client_outputs(
    shares: list[tuple[int, bytes]], subset: tuple[int, ...], t: int
) -> list[bytes]:
    """Blind, ask the guardians in ``subset``, verify, combine and finalize (mode 1)."""
    blinds, blinded = zip(*(oprf.blind(x, mode=1) for x in IDENTIFIERS), strict=True)
    share_of = dict(shares)
    public_shares = [threshold.public_share(share) for _, share in shares]
    answers = {i: threshold.guardian_evaluate(share_of[i], list(blinded)) for i in subset}
    combined = threshold.combine_verified(
        blinded_elements=list(blinded), answers=answers, public_shares=public_shares, t=t
    )
    return [
        oprf.finalize(x, b, z, mode=1)
        for x, b, z in zip(IDENTIFIERS, blinds, combined.evaluated_elements, strict=True)
    ]


def test_any_t_of_n_guardians_give_the_output_of_the_full_key() -> None:
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, 3, 5)
    expected = [oprf.evaluate(key, x, mode=1) for x in IDENTIFIERS]
    for subset in itertools.combinations(range(1, 6), 3):
        assert _client_outputs(shares, subset, 3) == expected


def test_more_than_t_answers_give_the_same_output() -> None:
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, 2, 4)
    expected = [oprf.evaluate(key, x, mode=1) for x in IDENTIFIERS]
    assert _client_outputs(shares, (1, 2, 3, 4), 2) == expected


def test_one_of_one_is_exactly_rfc_9497_mode_1() -> None:
    key, pk = oprf.generate_key_pair()
    [(index, share)] = threshold.split_key(key, 1, 1)
    assert (index, share) == (1, key)
    assert threshold.public_share(share) == pk


def test_t_minus_one_guardians_cannot_combine() -> None:
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, 3, 5)
    with pytest.raises(NotEnoughGuardians, match="2 valid guardian answers, 3 needed"):
        _client_outputs(shares, (1, 4), 3)


def test_t_minus_one_shares_interpolate_to_something_else() -> None:
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, 3, 5)
    blinded = [oprf.blind(IDENTIFIERS[0], mode=1)[1]]
    answers = {i: [oprf.blind_evaluate(s, blinded[0])] for i, s in shares[:2]}
    wrong = threshold.combine(answers, 2)
    assert wrong[0] != oprf.blind_evaluate(key, blinded[0])


def test_a_wrong_guardian_answer_is_detected_and_named() -> None:
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, 2, 3)
    public_shares = [threshold.public_share(s) for _, s in shares]
    blinds, blinded = zip(*(oprf.blind(x, mode=1) for x in IDENTIFIERS), strict=True)
    answers = {i: threshold.guardian_evaluate(s, list(blinded)) for i, s in shares}
    honest = answers[2]
    answers[2] = threshold.GuardianAnswer(
        (flip_byte(honest.evaluated_elements[0], 3), honest.evaluated_elements[1]), honest.proof
    )
    combined = threshold.combine_verified(
        blinded_elements=list(blinded), answers=answers, public_shares=public_shares, t=2
    )
    assert [error.index for error in combined.rejected] == [2]
    assert "guardian 2" in str(combined.rejected[0])
    assert combined.used == (1, 3)
    outputs = [
        oprf.finalize(x, b, z, mode=1)
        for x, b, z in zip(IDENTIFIERS, blinds, combined.evaluated_elements, strict=True)
    ]
    assert outputs == [oprf.evaluate(key, x, mode=1) for x in IDENTIFIERS]


def test_a_guardian_answering_with_another_share_is_named() -> None:
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, 2, 2)
    public_shares = [threshold.public_share(s) for _, s in shares]
    blinded = [oprf.blind(IDENTIFIERS[0], mode=1)[1]]
    answers = {
        1: threshold.guardian_evaluate(shares[0][1], blinded),
        2: threshold.guardian_evaluate(oprf.generate_key_pair()[0], blinded),
    }
    with pytest.raises(NotEnoughGuardians, match=r"invalid proofs: \[2\]") as raised:
        threshold.combine_verified(
            blinded_elements=blinded, answers=answers, public_shares=public_shares, t=2
        )
    assert raised.value.failed == (2,)


def test_verify_answer_raises_guardian_proof_error_with_the_index() -> None:
    share = oprf.generate_key_pair()[0]
    blinded = [oprf.blind(b"x", mode=1)[1]]
    answer = threshold.guardian_evaluate(share, blinded)
    bad = threshold.GuardianAnswer(answer.evaluated_elements, flip_byte(answer.proof, 40))
    with pytest.raises(GuardianProofError) as raised:
        threshold.verify_answer(7, threshold.public_share(share), blinded, bad)
    assert raised.value.index == 7


def test_lagrange_coefficients_at_zero_sum_to_one() -> None:
    subset = [2, 5, 7]
    total = group.scalar_from_int(0)
    for i in subset:
        total = group.scalar_add(total, threshold.lagrange_coefficient(i, subset))
    assert total == group.scalar_from_int(1)


def test_lagrange_coefficient_refuses_an_index_outside_the_subset() -> None:
    with pytest.raises(ValueError, match="distinct positive"):
        threshold.lagrange_coefficient(4, [1, 2, 3])


def test_the_dealer_writes_share_files_as_escrow_md_describes() -> None:
    dealing = threshold.deal(2, 3)
    assert len(dealing.realm) == 16
    assert [f["index"] for f in dealing.share_files] == [1, 2, 3]
    for share_file in dealing.share_files:
        assert set(share_file) == {"version", "realm", "index", "t", "n", "share", "public_shares"}
        assert share_file["version"] == 1
        assert share_file["realm"] == dealing.realm.hex()
        assert (share_file["t"], share_file["n"]) == (2, 3)
        assert share_file["public_shares"] == [p.hex() for p in dealing.public_shares]
        loaded = threshold.load_share_file(share_file)
        assert threshold.public_share(loaded.share) == dealing.public_shares[loaded.index - 1]


def test_it_rejects_a_share_file_whose_share_does_not_match_its_public_share() -> None:
    dealing = threshold.deal(2, 3)
    altered = dict(dealing.share_files[0], share=dealing.share_files[1]["share"])
    with pytest.raises(MalformedShareFile, match="does not match its public share"):
        threshold.load_share_file(altered)


def test_it_rejects_a_share_file_with_a_missing_field() -> None:
    dealing = threshold.deal(1, 1)
    incomplete = {k: v for k, v in dealing.share_files[0].items() if k != "share"}
    with pytest.raises(MalformedShareFile, match="missing a field"):
        threshold.load_share_file(incomplete)


def test_split_key_refuses_t_above_n() -> None:
    with pytest.raises(ValueError, match="t ≤ n"):
        threshold.split_key(oprf.generate_key_pair()[0], 4, 3)


@settings(max_examples=15, deadline=None, database=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(min_value=1, max_value=n))
    ),
    st.randoms(use_true_random=False),
)
def test_any_subset_of_size_t_reconstructs_for_small_t_and_n(
    n_and_t: tuple[int, int], rng: random.Random
) -> None:
    n, t = n_and_t
    key, _ = oprf.generate_key_pair()
    shares = threshold.split_key(key, t, n)
    subset = tuple(sorted(rng.sample(range(1, n + 1), t)))
    blinded = oprf.blind(b"phone:+14155550100", mode=1)[1]
    answers = {i: [oprf.blind_evaluate(s, blinded)] for i, s in shares if i in subset}
    assert threshold.combine(answers, t)[0] == oprf.blind_evaluate(key, blinded)
