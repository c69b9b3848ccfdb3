"""RFC 9497 (V)OPRF, suite ristretto255-SHA512, bytes in and bytes out.

Mode 0 (OPRF, RFC 9497 §3.3.1), mode 1 (VOPRF, §3.3.2) and mode 2 (POPRF, §3.3.3: a public
``info`` input the server also sees, here the epoch of an evaluation token) with the batched DLEQ
proofs of §2.2.
Hashing follows §4.1: HashToGroup is hash_to_ristretto255 (RFC 9380 §5.3.1 expand_message_xmd with
SHA-512 to 64 bytes, then the RFC 9496 §4.3.4 one-way map); HashToScalar is expand_message_xmd to
64 bytes reduced modulo L. The context string is
"OPRFV1-" ‖ I2OSP(mode, 1) ‖ "-ristretto255-SHA512".

Group arithmetic lives in ``_ristretto``; this module only composes it.
"""

import hashlib
from collections.abc import Sequence

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto.errors import EscrowCryptoError, InvalidInput, ProofVerificationError

MODE_OPRF = 0
MODE_VOPRF = 1
MODE_POPRF = 2
SUITE_IDENTIFIER = b"ristretto255-SHA512"
PROOF_SIZE = 2 * group.SCALAR_SIZE
OUTPUT_SIZE = 64
_HASH_BLOCK_SIZE = 128  # SHA-512's input block, r_in_bytes in RFC 9380 §5.3.1
_HASH_OUTPUT_SIZE = 64


def i2osp(value: int, length: int) -> bytes:
    """RFC 8017 I2OSP: ``value`` as ``length`` big-endian bytes."""
    return value.to_bytes(length, "big")


def _framed(data: bytes) -> bytes:
    """I2OSP(len(data), 2) ‖ data, the length prefix RFC 9497 puts before variable inputs."""
    if len(data) > 0xFFFF:
        raise InvalidInput("RFC 9497 inputs are at most 65535 bytes")
    return i2osp(len(data), 2) + data


def context_string(mode: int) -> bytes:
    """RFC 9497 §3.1 contextString for this suite and ``mode`` (0, 1 or 2)."""
    if mode not in (MODE_OPRF, MODE_VOPRF, MODE_POPRF):
        raise ValueError(
            f"unsupported RFC 9497 mode {mode}: this module offers 0 (OPRF), 1 (VOPRF), 2 (POPRF)"
        )
    return b"OPRFV1-" + i2osp(mode, 1) + b"-" + SUITE_IDENTIFIER


def expand_message_xmd(msg: bytes, dst: bytes, len_in_bytes: int) -> bytes:
    """RFC 9380 §5.3.1 expand_message_xmd with SHA-512."""
    ell = -(-len_in_bytes // _HASH_OUTPUT_SIZE)
    if ell > 255 or len_in_bytes > 0xFFFF or len_in_bytes < 1:
        raise ValueError("expand_message_xmd: len_in_bytes out of range")
    if len(dst) > 255:
        raise ValueError("expand_message_xmd: DSTs over 255 bytes are not supported")
    dst_prime = dst + i2osp(len(dst), 1)
    msg_prime = bytes(_HASH_BLOCK_SIZE) + msg + i2osp(len_in_bytes, 2) + i2osp(0, 1) + dst_prime
    b_0 = hashlib.sha512(msg_prime).digest()
    b_i = hashlib.sha512(b_0 + i2osp(1, 1) + dst_prime).digest()
    uniform = bytearray(b_i)
    for i in range(2, ell + 1):
        chained = bytes(x ^ y for x, y in zip(b_0, b_i, strict=True))
        b_i = hashlib.sha512(chained + i2osp(i, 1) + dst_prime).digest()
        uniform += b_i
    return bytes(uniform[:len_in_bytes])


def hash_to_group(msg: bytes, mode: int = MODE_OPRF) -> bytes:
    """RFC 9497 §4.1 HashToGroup: hash_to_ristretto255 with DST "HashToGroup-" ‖ contextString."""
    dst = b"HashToGroup-" + context_string(mode)
    return group.element_from_uniform(expand_message_xmd(msg, dst, group.UNIFORM_SIZE))


def hash_to_scalar(msg: bytes, mode: int = MODE_OPRF, dst: bytes | None = None) -> bytes:
    """RFC 9497 §4.1 HashToScalar; the DST defaults to "HashToScalar-" ‖ contextString."""
    if dst is None:
        dst = b"HashToScalar-" + context_string(mode)
    return group.reduce64(expand_message_xmd(msg, dst, group.UNIFORM_SIZE))


def derive_key_pair(seed: bytes, info: bytes, mode: int = MODE_OPRF) -> tuple[bytes, bytes]:
    """RFC 9497 §3.2.1 DeriveKeyPair: (skS, pkS) from a 32-byte seed and public info."""
    if len(seed) != group.SCALAR_SIZE:
        raise ValueError(f"the seed is {group.SCALAR_SIZE} bytes")
    derive_input = seed + _framed(info)
    dst = b"DeriveKeyPair" + context_string(mode)
    for counter in range(256):
        secret = hash_to_scalar(derive_input + i2osp(counter, 1), dst=dst)
        if secret != bytes(group.SCALAR_SIZE):
            return secret, group.scalar_mult_base(secret)
    raise EscrowCryptoError("DeriveKeyPairError: no nonzero scalar in 256 tries")


def generate_key_pair() -> tuple[bytes, bytes]:
    """RFC 9497 §3.2 GenerateKeyPair: a random (skS, pkS)."""
    secret = group.random_scalar()
    return secret, group.scalar_mult_base(secret)


def blind(input: bytes, blind: bytes | None = None, mode: int = MODE_OPRF) -> tuple[bytes, bytes]:
    """RFC 9497 §3.3.1 Blind: returns (blind, blindedElement).

    ``blind`` is random unless given (the RFC's test vectors fix it).
    """
    input_element = hash_to_group(input, mode)
    if input_element == group.IDENTITY:
        raise InvalidInput("the input hashes to the identity element")
    if blind is None:
        blind = group.random_scalar()
    group.check_scalar(blind, nonzero=True)
    return blind, group.scalar_mult(blind, input_element)


def blind_evaluate(sk: bytes, blinded_element: bytes) -> bytes:
    """RFC 9497 §3.3.1 BlindEvaluate: skS · blindedElement (the element is validated)."""
    return group.scalar_mult(sk, blinded_element)


def _finalize_hash(input: bytes, unblinded_element: bytes) -> bytes:
    hash_input = _framed(input) + _framed(unblinded_element) + b"Finalize"
    return hashlib.sha512(hash_input).digest()


def finalize(input: bytes, blind: bytes, evaluated_element: bytes, mode: int = MODE_OPRF) -> bytes:
    """RFC 9497 §3.3.1 Finalize: unblind and hash to the 64-byte PRF output.

    The RFC's Finalize hash carries no context string, so ``mode`` is only checked; the mode
    that matters is the one ``blind`` was called with.
    """
    context_string(mode)
    unblinded = group.scalar_mult(group.scalar_invert(blind), evaluated_element)
    return _finalize_hash(input, unblinded)


def evaluate(sk: bytes, input: bytes, mode: int = MODE_OPRF) -> bytes:
    """RFC 9497 §3.3.1 Evaluate: the PRF output computed directly with the key."""
    input_element = hash_to_group(input, mode)
    if input_element == group.IDENTITY:
        raise InvalidInput("the input hashes to the identity element")
    return _finalize_hash(input, group.scalar_mult(sk, input_element))


def _element_sum(elements: Sequence[bytes]) -> bytes:
    total = elements[0]
    for element in elements[1:]:
        total = group.element_add(total, element)
    return total


def _composites(
    b: bytes,
    cs: Sequence[bytes],
    ds: Sequence[bytes],
    mode: int,
    k: bytes | None,
) -> tuple[bytes, bytes]:
    """RFC 9497 §2.2.1 ComputeCompositesFast (with ``k``) or §2.2.2 ComputeComposites."""
    if len(cs) != len(ds) or not cs:
        raise ValueError("the proof needs as many evaluated elements as blinded ones, at least one")
    seed_dst = b"Seed-" + context_string(mode)
    seed = hashlib.sha512(_framed(b) + _framed(seed_dst)).digest()
    weights = [
        hash_to_scalar(
            _framed(seed) + i2osp(i, 2) + _framed(c_i) + _framed(d_i) + b"Composite", mode
        )
        for i, (c_i, d_i) in enumerate(zip(cs, ds, strict=True))
    ]
    m = _element_sum([group.scalar_mult(d, c_i) for d, c_i in zip(weights, cs, strict=True)])
    if k is not None:
        return m, group.scalar_mult(k, m)
    z = _element_sum([group.scalar_mult(d, d_i) for d, d_i in zip(weights, ds, strict=True)])
    return m, z


def _times(scalar: bytes, element: bytes) -> bytes:
    """scalar · element, through libsodium's faster fixed-base path when element is B."""
    if element == group.BASE:
        return group.scalar_mult_base(scalar)
    return group.scalar_mult(scalar, element)


def _challenge(elements: Sequence[bytes], mode: int) -> bytes:
    """The challenge scalar c = HashToScalar(framed B, M, Z, t2, t3 ‖ "Challenge")."""
    transcript = b"".join(_framed(element) for element in elements) + b"Challenge"
    return hash_to_scalar(transcript, mode)


def generate_proof(
    k: bytes,
    a: bytes,
    b: bytes,
    cs: Sequence[bytes],
    ds: Sequence[bytes],
    r: bytes | None = None,
    mode: int = MODE_VOPRF,
) -> bytes:
    """RFC 9497 §2.2.1 GenerateProof: a batched DLEQ proof that B = k·A and Dᵢ = k·Cᵢ.

    Returns SerializeScalar(c) ‖ SerializeScalar(s), 64 bytes. ``r`` is random unless given.
    """
    m, z = _composites(b, cs, ds, mode, k)
    if r is None:
        r = group.random_scalar()
    t2 = _times(r, a)
    t3 = group.scalar_mult(r, m)
    c = _challenge((b, m, z, t2, t3), mode)
    s = group.scalar_sub(r, group.scalar_mul(c, k))
    return c + s


def verify_proof(
    a: bytes,
    b: bytes,
    cs: Sequence[bytes],
    ds: Sequence[bytes],
    proof: bytes,
    mode: int = MODE_VOPRF,
) -> bool:
    """RFC 9497 §2.2.2 VerifyProof. Any malformed element or scalar makes it False."""
    if len(proof) != PROOF_SIZE:
        return False
    c, s = proof[: group.SCALAR_SIZE], proof[group.SCALAR_SIZE :]
    try:
        m, z = _composites(b, cs, ds, mode, None)
        t2 = group.element_add(_times(s, a), group.scalar_mult(c, b))
        t3 = group.element_add(group.scalar_mult(s, m), group.scalar_mult(c, z))
    except (EscrowCryptoError, ValueError):
        return False
    return _challenge((b, m, z, t2, t3), mode) == c


def verifiable_blind_evaluate(
    sk: bytes, pk: bytes, blinded_elements: Sequence[bytes], r: bytes | None = None
) -> tuple[list[bytes], bytes]:
    """RFC 9497 §3.3.2 BlindEvaluate (VOPRF), batched: (evaluatedElements, proof).

    ``r`` is the proof's random scalar, random unless given.
    """
    evaluated = [blind_evaluate(sk, element) for element in blinded_elements]
    proof = generate_proof(sk, group.BASE, pk, blinded_elements, evaluated, r, MODE_VOPRF)
    return evaluated, proof


def _check_batch(
    inputs: Sequence[bytes],
    blinds: Sequence[bytes],
    cs: Sequence[bytes],
    ds: Sequence[bytes],
    pk: bytes,
    proof: bytes,
    mode: int,
) -> None:
    """What a batched Finalize checks first: one input and one blind per element, and the
    proof over ``cs`` and ``ds`` (RFC 9497 §2.2.2's C and D) against ``pk``. Raises
    ``ValueError`` and ``ProofVerificationError``."""
    if not len(inputs) == len(blinds) == len(cs) == len(ds):
        raise ValueError("inputs, blinds and elements must be lists of the same length")
    if not verify_proof(group.BASE, pk, cs, ds, proof, mode):
        raise ProofVerificationError("the evaluation proof does not verify against the public key")


def verifiable_finalize(
    inputs: Sequence[bytes],
    blinds: Sequence[bytes],
    evaluated_elements: Sequence[bytes],
    blinded_elements: Sequence[bytes],
    pk: bytes,
    proof: bytes,
) -> list[bytes]:
    """RFC 9497 §3.3.2 Finalize (VOPRF), batched: verify the proof, then unblind and hash.

    Raises ``ProofVerificationError`` if the proof does not verify against ``pk``.
    """
    _check_batch(inputs, blinds, blinded_elements, evaluated_elements, pk, proof, MODE_VOPRF)
    return [
        finalize(input, blind, element, MODE_VOPRF)
        for input, blind, element in zip(inputs, blinds, evaluated_elements, strict=True)
    ]


# -- mode 2: POPRF (RFC 9497 §3.3.3) ----------------------------------------------------------


def _info_scalar(info: bytes) -> bytes:
    """m = HashToScalar("Info" ‖ I2OSP(len(info), 2) ‖ info), the tweak of ``info``."""
    return hash_to_scalar(b"Info" + _framed(info), MODE_POPRF)


def poprf_tweaked_key(pk: bytes, info: bytes) -> bytes:
    """Client side: tweakedKey = m·G + pkS, the key the server's proof is checked against."""
    tweaked = group.element_add(group.scalar_mult_base(_info_scalar(info)), pk)
    if tweaked == group.IDENTITY:
        raise InvalidInput("the tweaked key is the identity element")
    return tweaked


def _poprf_secret(sk: bytes, info: bytes) -> bytes:
    t = group.scalar_add(sk, _info_scalar(info))
    if t == bytes(group.SCALAR_SIZE):
        raise EscrowCryptoError("InverseError: skS + m is zero for this info")
    return t


def poprf_blind_evaluate(
    sk: bytes, info: bytes, blinded_elements: Sequence[bytes], r: bytes | None = None
) -> tuple[list[bytes], bytes]:
    """RFC 9497 §3.3.3 BlindEvaluate, batched: (evaluatedElements, proof).

    evaluatedElement = (skS + m)⁻¹ · blindedElement, proved against tweakedKey = (skS + m)·G
    (the proof's C and D are the evaluated and the blinded elements, in that order).
    """
    t = _poprf_secret(sk, info)
    inverse = group.scalar_invert(t)
    evaluated = [group.scalar_mult(inverse, element) for element in blinded_elements]
    tweaked = group.scalar_mult_base(t)
    proof = generate_proof(t, group.BASE, tweaked, evaluated, blinded_elements, r, MODE_POPRF)
    return evaluated, proof


def _poprf_finalize_hash(input: bytes, info: bytes, unblinded_element: bytes) -> bytes:
    hash_input = _framed(input) + _framed(info) + _framed(unblinded_element) + b"Finalize"
    return hashlib.sha512(hash_input).digest()


def poprf_finalize(
    inputs: Sequence[bytes],
    blinds: Sequence[bytes],
    evaluated_elements: Sequence[bytes],
    blinded_elements: Sequence[bytes],
    pk: bytes,
    proof: bytes,
    info: bytes,
) -> list[bytes]:
    """RFC 9497 §3.3.3 Finalize, batched: verify the proof against the key tweaked by ``info``,
    then unblind and hash. Raises ``ProofVerificationError``."""
    # The proof's C and D are the evaluated and the blinded elements, in that order (§3.3.3).
    tweaked = poprf_tweaked_key(pk, info)
    _check_batch(inputs, blinds, evaluated_elements, blinded_elements, tweaked, proof, MODE_POPRF)
    return [
        _poprf_finalize_hash(input, info, group.scalar_mult(group.scalar_invert(blind), element))
        for input, blind, element in zip(inputs, blinds, evaluated_elements, strict=True)
    ]


def poprf_evaluate(sk: bytes, input: bytes, info: bytes) -> bytes:
    """RFC 9497 §3.3.3 Evaluate: the POPRF output computed directly with the key."""
    input_element = hash_to_group(input, MODE_POPRF)
    if input_element == group.IDENTITY:
        raise InvalidInput("the input hashes to the identity element")
    inverse = group.scalar_invert(_poprf_secret(sk, info))
    return _poprf_finalize_hash(input, info, group.scalar_mult(inverse, input_element))
