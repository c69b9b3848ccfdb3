"""Polynomials over the ristretto255 scalar field, for Shamir sharing (ESCROW_PROTOCOL.md §4-5)."""

from collections.abc import Sequence

from notalone.escrow.crypto import _ristretto as group


def evaluate_polynomial(coefficients: Sequence[bytes], x: bytes) -> bytes:
    """Σ coefficients[m]·x^m mod L, by Horner's rule; coefficients[0] is the constant term."""
    value = coefficients[-1]
    for coefficient in reversed(coefficients[:-1]):
        value = group.scalar_add(group.scalar_mul(value, x), coefficient)
    return value


def interpolate(points: Sequence[tuple[bytes, bytes]], at: bytes) -> bytes:
    """The value at ``at`` of the unique polynomial of degree < len(points) through ``points``.

    Lagrange: Σᵢ yᵢ · Π_{m≠i} (at - x_m) / (xᵢ - x_m) mod L. The x values must be distinct.
    """
    xs = [x for x, _ in points]
    if len(set(xs)) != len(xs):
        raise ValueError("interpolation needs distinct x values")
    total = bytes(group.SCALAR_SIZE)
    for i, (x_i, y_i) in enumerate(points):
        numerator = group.scalar_from_int(1)
        denominator = group.scalar_from_int(1)
        for m, x_m in enumerate(xs):
            if m != i:
                numerator = group.scalar_mul(numerator, group.scalar_sub(at, x_m))
                denominator = group.scalar_mul(denominator, group.scalar_sub(x_i, x_m))
        weight = group.scalar_mul(numerator, group.scalar_invert(denominator))
        total = group.scalar_add(total, group.scalar_mul(y_i, weight))
    return total
