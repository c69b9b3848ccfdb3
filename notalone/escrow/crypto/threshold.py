"""t-of-n key guardians for the RFC 9497 VOPRF (ESCROW_PROTOCOL.md §4).

The dealer Shamir-splits the OPRF key k over the ristretto255 scalar field: g(x) = k + c₁x + … +
c_{t-1}x^{t-1} mod L, guardian i holds kᵢ = g(i) and everyone knows Pᵢ = kᵢ·B. Guardian i answers
blinded elements Eⱼ with Zᵢⱼ = kᵢ·Eⱼ and one batched DLEQ proof (RFC 9497 §2.2.1, pkS = Pᵢ). The
client checks each proof, drops and names a guardian whose proof fails, and combines any t valid
answers by Lagrange interpolation in the exponent: Zⱼ = Σ λᵢ·Zᵢⱼ = k·Eⱼ. RFC 9497 Finalize (mode 1)
with the client's blind then gives the VOPRF output under k.

Guardian indexes start at 1; ``public_shares[i - 1]`` is Pᵢ.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto import oprf
from notalone.escrow.crypto._polynomial import evaluate_polynomial
from notalone.escrow.crypto.errors import (
    GuardianProofError,
    InvalidScalar,
    MalformedShareFile,
    NotEnoughGuardians,
)

SHARE_FILE_VERSION = 1
REALM_SIZE = 16
MAX_GUARDIANS = 255


@dataclass(frozen=True)
class GuardianAnswer:
    """What guardian i sends back: Zᵢⱼ for each blinded element, and one batched proof."""

    evaluated_elements: tuple[bytes, ...]
    proof: bytes


@dataclass(frozen=True)
class CombinedAnswer:
    """The combined elements Zⱼ, the guardians used, and the guardians dropped (named)."""

    evaluated_elements: tuple[bytes, ...]
    used: tuple[int, ...]
    rejected: tuple[GuardianProofError, ...]


@dataclass(frozen=True)
class Dealing:
    """The result of ``deal``: the realm, the public shares and one share file per guardian."""

    realm: bytes
    public_shares: tuple[bytes, ...]
    share_files: tuple[dict[str, Any], ...]


def _check_threshold(t: int, n: int) -> None:
    if not 1 <= t <= n <= MAX_GUARDIANS:
        raise ValueError(f"need 1 ≤ t ≤ n ≤ {MAX_GUARDIANS}, got t={t}, n={n}")


def split_key(
    k: bytes, t: int, n: int, *, coefficients: Sequence[bytes] | None = None
) -> list[tuple[int, bytes]]:
    """Shamir-split the scalar ``k`` into n shares, any t of which determine it.

    Returns [(i, kᵢ = g(i)) for i in 1..n]. ``coefficients`` (c₁ … c_{t-1}) are random unless
    given, which only the deterministic test vectors do.
    """
    _check_threshold(t, n)
    group.check_scalar(k, nonzero=True)
    if coefficients is None:
        coefficients = [group.random_scalar() for _ in range(t - 1)]
    if len(coefficients) != t - 1:
        raise ValueError(f"a degree {t - 1} polynomial has {t - 1} random coefficients")
    polynomial = [k, *(group.check_scalar(c) for c in coefficients)]
    return [(i, evaluate_polynomial(polynomial, group.scalar_from_int(i))) for i in range(1, n + 1)]


def public_share(share: bytes) -> bytes:
    """Pᵢ = kᵢ·B, published so clients can check guardian i's proofs."""
    return group.scalar_mult_base(share)


def lagrange_coefficient(i: int, subset: Sequence[int]) -> bytes:
    """λᵢ = Π_{m∈S, m≠i} m / (m - i) mod L, the weight of guardian i to interpolate at 0."""
    indexes = set(subset)
    if len(indexes) != len(subset) or i not in indexes or min(indexes) < 1:
        raise ValueError("the subset must hold distinct positive indexes, including i")
    numerator = group.scalar_from_int(1)
    denominator = group.scalar_from_int(1)
    for m in subset:
        if m != i:
            numerator = group.scalar_mul(numerator, group.scalar_from_int(m))
            denominator = group.scalar_mul(denominator, group.scalar_from_int(m - i))
    return group.scalar_mul(numerator, group.scalar_invert(denominator))


def guardian_evaluate(
    share: bytes,
    blinded_elements: Sequence[bytes],
    r: bytes | None = None,
    *,
    public: bytes | None = None,
) -> GuardianAnswer:
    """Guardian side: Zᵢⱼ = kᵢ·Eⱼ and one RFC 9497 batched proof with pkS = Pᵢ.

    ``public`` is Pᵢ when the caller keeps it (a serving guardian: one scalar multiplication
    less per request); it must be ``share``'s, or the proof will not verify."""
    evaluated, proof = oprf.verifiable_blind_evaluate(
        share, public_share(share) if public is None else public, blinded_elements, r
    )
    return GuardianAnswer(tuple(evaluated), proof)


def verify_answer(
    index: int, public_key: bytes, blinded_elements: Sequence[bytes], answer: GuardianAnswer
) -> None:
    """Raise ``GuardianProofError(index)`` unless the answer's proof verifies against Pᵢ."""
    if len(answer.evaluated_elements) != len(blinded_elements) or not oprf.verify_proof(
        group.BASE, public_key, blinded_elements, answer.evaluated_elements, answer.proof
    ):
        raise GuardianProofError(index)


def combine(answers: Mapping[int, Sequence[bytes]], t: int) -> tuple[bytes, ...]:
    """Lagrange in the exponent over the first t guardians: Zⱼ = Σ λᵢ·Zᵢⱼ.

    ``answers`` maps a guardian index to its evaluated elements (already verified). Raises
    ``NotEnoughGuardians`` with fewer than t answers.
    """
    if len(answers) < t:
        raise NotEnoughGuardians(needed=t, valid=len(answers))
    subset = sorted(answers)[:t]
    lengths = {len(answers[i]) for i in subset}
    if len(lengths) != 1:
        raise ValueError("every guardian must answer every blinded element")
    weights = {i: lagrange_coefficient(i, subset) for i in subset}
    combined = []
    for j in range(lengths.pop()):
        total = group.scalar_mult(weights[subset[0]], answers[subset[0]][j])
        for i in subset[1:]:
            total = group.element_add(total, group.scalar_mult(weights[i], answers[i][j]))
        combined.append(total)
    return tuple(combined)


def combine_verified(
    *,
    blinded_elements: Sequence[bytes],
    answers: Mapping[int, GuardianAnswer],
    public_shares: Sequence[bytes],
    t: int,
) -> CombinedAnswer:
    """Client side: verify every answer, drop and name the bad ones, combine t good ones.

    Raises ``NotEnoughGuardians`` (listing the dropped guardians) if fewer than t answers verify.
    """
    valid: dict[int, Sequence[bytes]] = {}
    rejected: list[GuardianProofError] = []
    for index in sorted(answers):
        if not 1 <= index <= len(public_shares):
            raise ValueError(f"guardian {index} has no public share")
        try:
            verify_answer(index, public_shares[index - 1], blinded_elements, answers[index])
        except GuardianProofError as error:
            rejected.append(error)
            continue
        valid[index] = answers[index].evaluated_elements
    if len(valid) < t:
        raise NotEnoughGuardians(
            needed=t, valid=len(valid), failed=tuple(error.index for error in rejected)
        )
    elements = combine(valid, t)
    return CombinedAnswer(elements, tuple(sorted(valid)[:t]), tuple(rejected))


def deal(
    t: int,
    n: int,
    *,
    realm: bytes | None = None,
    key: bytes | None = None,
    coefficients: Sequence[bytes] | None = None,
) -> Dealing:
    """``escrow init``: a realm, a fresh OPRF key split t-of-n, and the guardians' share files.

    The key itself is not returned: the dealer forgets it (ESCROW_PROTOCOL.md §4). ``realm``,
    ``key`` and ``coefficients`` are random unless given, which only the test vectors do.
    """
    realm = group.random_bytes(REALM_SIZE) if realm is None else realm
    if len(realm) != REALM_SIZE:
        raise ValueError(f"the realm is {REALM_SIZE} bytes")
    shares = split_key(
        group.random_scalar() if key is None else key, t, n, coefficients=coefficients
    )
    public_shares = tuple(public_share(share) for _, share in shares)
    files = tuple(
        {
            "version": SHARE_FILE_VERSION,
            "realm": realm.hex(),
            "index": index,
            "t": t,
            "n": n,
            "share": share.hex(),
            "public_shares": [p.hex() for p in public_shares],
        }
        for index, share in shares
    )
    return Dealing(realm, public_shares, files)


@dataclass(frozen=True)
class ShareFile:
    """A parsed and checked guardian share file."""

    realm: bytes
    index: int
    t: int
    n: int
    share: bytes
    public_shares: tuple[bytes, ...]


def load_share_file(data: Mapping[str, Any]) -> ShareFile:
    """Parse a share-file dict (ESCROW_PROTOCOL.md §4) and check it is self-consistent.

    Raises ``MalformedShareFile`` naming the first problem found.
    """
    try:
        if data["version"] != SHARE_FILE_VERSION:
            raise MalformedShareFile(f"unknown share file version {data['version']!r}")
        parsed = ShareFile(
            realm=bytes.fromhex(data["realm"]),
            index=int(data["index"]),
            t=int(data["t"]),
            n=int(data["n"]),
            share=group.check_scalar(bytes.fromhex(data["share"]), nonzero=True),
            public_shares=tuple(bytes.fromhex(p) for p in data["public_shares"]),
        )
        _check_threshold(parsed.t, parsed.n)
    except MalformedShareFile:
        raise
    except (KeyError, TypeError, ValueError, InvalidScalar) as error:
        raise MalformedShareFile(
            f"share file is missing a field or has a bad value: {error}"
        ) from error
    if len(parsed.realm) != REALM_SIZE:
        raise MalformedShareFile(f"the realm is {REALM_SIZE} bytes")
    if len(parsed.public_shares) != parsed.n or not 1 <= parsed.index <= parsed.n:
        raise MalformedShareFile("the index or the number of public shares does not match n")
    if public_share(parsed.share) != parsed.public_shares[parsed.index - 1]:
        raise MalformedShareFile(f"share {parsed.index} does not match its public share")
    return parsed
