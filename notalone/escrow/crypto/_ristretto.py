"""The only module that touches primitives: ristretto255 (RFC 9496) through libsodium.

A thin, strict wrapper over the ``rbcl`` package, which bundles libsodium. Everything is bytes:
elements are 32-byte canonical encodings (RFC 9496 §4.3.2), scalars are 32 bytes little-endian
below the group order L. Every input is validated here, because libsodium signals some failures
only through return codes that ``rbcl`` does not always surface (an invalid point added to a valid
one silently yields 32 zero bytes). Multiplications that would give the identity raise
``IdentityElement`` instead of returning its encoding.
"""

from typing import cast

import rbcl

from notalone.escrow.crypto.errors import IdentityElement, InvalidElement, InvalidScalar

ELEMENT_SIZE = 32
SCALAR_SIZE = 32
UNIFORM_SIZE = 64
#: L, the prime order of ristretto255 (RFC 9496 §4.1).
ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes(ELEMENT_SIZE)
#: The generator B, as encoded in RFC 9496 §4.4 (checked against scalar_mult_base(1) in tests).
BASE = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")


def scalar_from_int(value: int) -> bytes:
    """Encode ``value mod L`` as a scalar."""
    return (value % ORDER).to_bytes(SCALAR_SIZE, "little")


def scalar_to_int(scalar: bytes) -> int:
    """Decode a canonical scalar to an integer in [0, L)."""
    return int.from_bytes(check_scalar(scalar), "little")


def check_scalar(scalar: bytes, *, nonzero: bool = False) -> bytes:
    """Return ``scalar`` if it is canonical (and nonzero when asked), else raise."""
    if not isinstance(scalar, bytes) or len(scalar) != SCALAR_SIZE:
        raise InvalidScalar(f"a scalar is {SCALAR_SIZE} bytes")
    value = int.from_bytes(scalar, "little")
    if value >= ORDER:
        raise InvalidScalar("scalar is not reduced modulo the group order")
    if nonzero and value == 0:
        raise InvalidScalar("scalar must not be zero")
    return scalar


def check_element(element: bytes) -> bytes:
    """Return ``element`` if it is a canonical, non-identity encoding (RFC 9497 §4.1), else raise.

    RFC 9497 requires DeserializeElement to reject the identity; libsodium accepts it, so the
    check is done here.
    """
    if not isinstance(element, bytes) or len(element) != ELEMENT_SIZE:
        raise InvalidElement(f"an element is {ELEMENT_SIZE} bytes")
    if element == IDENTITY:
        raise InvalidElement("the identity element is not allowed here")
    if not rbcl.crypto_core_ristretto255_is_valid_point(element):
        raise InvalidElement("bytes are not a canonical ristretto255 encoding")
    return element


def random_scalar() -> bytes:
    """A uniformly random nonzero scalar (RFC 9497 RandomScalar)."""
    while True:
        scalar = cast(bytes, rbcl.crypto_core_ristretto255_scalar_random())
        if scalar != bytes(SCALAR_SIZE):
            return scalar


def random_bytes(length: int) -> bytes:
    """``length`` bytes from libsodium's CSPRNG."""
    return cast(bytes, rbcl.randombytes(length))


def reduce64(uniform: bytes) -> bytes:
    """64 bytes to a scalar, little-endian mod L (libsodium ``scalar_reduce``)."""
    if not isinstance(uniform, bytes) or len(uniform) != UNIFORM_SIZE:
        raise InvalidScalar(f"reduce64 takes exactly {UNIFORM_SIZE} bytes")
    return cast(bytes, rbcl.crypto_core_ristretto255_scalar_reduce(uniform))


def element_from_uniform(uniform: bytes) -> bytes:
    """The one-way map of RFC 9496 §4.3.4 applied to 64 uniform bytes (libsodium from_hash)."""
    if not isinstance(uniform, bytes) or len(uniform) != UNIFORM_SIZE:
        raise InvalidElement(f"the map takes exactly {UNIFORM_SIZE} bytes")
    return cast(bytes, rbcl.crypto_core_ristretto255_from_hash(uniform))


def scalar_add(a: bytes, b: bytes) -> bytes:
    """(a + b) mod L."""
    return cast(bytes, rbcl.crypto_core_ristretto255_scalar_add(check_scalar(a), check_scalar(b)))


def scalar_sub(a: bytes, b: bytes) -> bytes:
    """(a - b) mod L."""
    return cast(bytes, rbcl.crypto_core_ristretto255_scalar_sub(check_scalar(a), check_scalar(b)))


def scalar_mul(a: bytes, b: bytes) -> bytes:
    """(a · b) mod L."""
    return cast(bytes, rbcl.crypto_core_ristretto255_scalar_mul(check_scalar(a), check_scalar(b)))


def scalar_invert(a: bytes) -> bytes:
    """a⁻¹ mod L; zero has no inverse and raises ``InvalidScalar``."""
    return cast(bytes, rbcl.crypto_core_ristretto255_scalar_invert(check_scalar(a, nonzero=True)))


def scalar_mult(scalar: bytes, element: bytes) -> bytes:
    """scalar · element. Raises ``IdentityElement`` for a zero scalar (the result would be I)."""
    check_element(element)
    if check_scalar(scalar) == bytes(SCALAR_SIZE):
        raise IdentityElement("multiplication by the zero scalar")
    try:
        return cast(bytes, rbcl.crypto_scalarmult_ristretto255(scalar, element))
    except RuntimeError as error:
        # libsodium refuses only when the product is the identity: the inputs are checked above.
        raise IdentityElement("scalar multiplication gave the identity") from error


def scalar_mult_base(scalar: bytes) -> bytes:
    """scalar · B. Raises ``IdentityElement`` for a zero scalar."""
    if check_scalar(scalar) == bytes(SCALAR_SIZE):
        raise IdentityElement("multiplication of the generator by the zero scalar")
    try:
        return cast(bytes, rbcl.crypto_scalarmult_ristretto255_base(scalar))
    except RuntimeError as error:
        raise IdentityElement("scalar multiplication gave the identity") from error


def element_add(a: bytes, b: bytes) -> bytes:
    """a + b. Raises ``IdentityElement`` if the sum is the identity."""
    total = cast(bytes, rbcl.crypto_core_ristretto255_add(check_element(a), check_element(b)))
    if total == IDENTITY:
        raise IdentityElement("the sum of two elements is the identity")
    return total
