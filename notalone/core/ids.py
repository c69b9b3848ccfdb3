"""Identifiers taken from requests, parsed in one place.

Public identifiers
    Stories, replies, notices, appeals, moderation decisions and escrow matches are addressed
    in URLs and the API by 16 random characters from a 32-letter alphabet (80 bits), never by
    their database row number: a sequence would tell anyone how many stories there are, how
    fast they arrive and which of two came first, and would let a visitor walk the numbers.
    The alphabet is lower-case ASCII letters and digits without the look-alikes 0/o, 1/l, so
    an identifier read aloud or copied by hand survives.

Everything a request sends as an identifier goes through a parser here, which accepts exactly
the expected ASCII form and nothing else: no digits from other scripts (``int("٣")`` is 3 in
Python, and ``"²".isdigit()`` is true), no signs, spaces, underscores or numbers too large
for a database column. A value that fails is reported by the caller as "not found" (or a
400 where the value is a cursor the client cannot have been given).
"""

from __future__ import annotations

import argparse
import re
import secrets
from collections.abc import Callable
from typing import Annotated, Any

from django import forms
from django.urls import register_converter
from pydantic import BeforeValidator

PUBLIC_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 16
PUBLIC_ID_PATTERN = f"[{PUBLIC_ID_ALPHABET}]{{{PUBLIC_ID_LENGTH}}}"
_PUBLIC_ID = re.compile(PUBLIC_ID_PATTERN)
# Positive integers that fit a signed 64-bit column: cursors and counts, never addresses.
MAX_INTEGER = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[1-9][0-9]{0,18}")
_ASCII_COUNT = re.compile(r"0|[1-9][0-9]{0,18}")
_HEX = re.compile(r"(?:[0-9a-f]{2})+")

assert len(set(PUBLIC_ID_ALPHABET)) == len(PUBLIC_ID_ALPHABET) == 32


def new_public_id() -> str:
    """A fresh public identifier: 16 characters, 80 bits from the operating system's CSPRNG."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def parse_public_id(value: object) -> str | None:
    """The identifier if ``value`` is exactly one (16 characters of the alphabet), else None."""
    if isinstance(value, str) and _PUBLIC_ID.fullmatch(value):
        return value
    return None


def parse_positive_int(value: object) -> int | None:
    """A positive integer written in ASCII digits without sign, space or leading zero that
    fits a signed 64-bit column; None for anything else."""
    if isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
        if number <= MAX_INTEGER:
            return number
    return None


def parse_count(value: object) -> int | None:
    """Like ``parse_positive_int``, but 0 is taken too (an offset, a number of days)."""
    if isinstance(value, str) and _ASCII_COUNT.fullmatch(value):
        number = int(value)
        if number <= MAX_INTEGER:
            return number
    return None


def _count_or_refuse(value: Any) -> Any:
    # A JSON number stays a number (its range is checked by the field); text must be ASCII
    # digits, where pydantic alone would take " 12 ", "+12", "1_2" and "12.0".
    if isinstance(value, (bool, float)):
        raise ValueError("must be a whole number")
    if isinstance(value, str):
        number = parse_count(value)
        if number is None:
            raise ValueError("must be a whole number written in the digits 0-9")
        return number
    return value


DigitsInt = Annotated[int, BeforeValidator(_count_or_refuse)]
"""An int field of an API schema (query parameter or JSON body) that takes a JSON integer or
text of ASCII digits only; anything else is a 422 naming the field."""


class DigitsIntegerField(forms.IntegerField):
    """A form's whole-number field that takes ASCII digits only (surrounding spaces aside):
    Django's own would take Arabic-Indic or fullwidth digits, or "1_2", through int()."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_count(str(value).strip())
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def digits_argument(*, minimum: int = 0, maximum: int = MAX_INTEGER) -> Callable[[str], int]:
    """``type=`` for a command-line number from ``minimum`` to ``maximum``, written in ASCII
    digits only (``type=int`` would take " 8_000 " or Arabic-Indic digits); anything else
    stops the command with argparse's usage line and a sentence naming the value."""

    def parse(text: str) -> int:
        number = parse_count(text)
        if number is None:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number written in 0-9")
        if not minimum <= number <= maximum:
            raise argparse.ArgumentTypeError(f"{number} is not between {minimum} and {maximum}")
        return number

    return parse


def parse_hex(value: object, *, length: int) -> bytes | None:
    """``length`` bytes written as lower-case hexadecimal (twice as many characters), else None.

    Stricter than ``bytes.fromhex``, which also takes spaces and upper case.
    """
    if isinstance(value, str) and len(value) == 2 * length and _HEX.fullmatch(value):
        return bytes.fromhex(value)
    return None


class PublicIdConverter:
    """``<pid:story_id>`` in URL patterns: anything else does not match (a 404)."""

    regex = PUBLIC_ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if parse_public_id(value) is None:
            raise ValueError(f"not a public identifier: {value!r}")
        return value


class HexId16Converter:
    """``<hex16:entry_id>``: 16 bytes as 32 lower-case hexadecimal characters."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value: str) -> bytes:
        parsed = parse_hex(value, length=16)
        if parsed is None:
            raise ValueError(value)
        return parsed

    def to_url(self, value: bytes | str) -> str:
        return value.hex() if isinstance(value, bytes) else value


def register_converters() -> None:
    register_converter(PublicIdConverter, "pid")
    register_converter(HexId16Converter, "hex16")
