"""Page cursors that reveal nothing: keyset positions sealed with AES-GCM.

A feed pages by keyset (the last row's number and, for "most supported", its count), which
is fast on every database. Written plainly in a link, those numbers would tell a reader how
many stories exist and how fast they arrive, the very thing public identifiers hide. So the
position is encrypted and authenticated (AES-256-GCM, from ``cryptography``) under a key
derived from the secret key: a cursor can only be one this site gave out, and reads as noise.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_NONCE_LENGTH = 12
_MAX_CURSOR_LENGTH = 200


@cache
def _key(secret_key: str, purpose: str) -> bytes:
    """A key of its own per site and purpose (HKDF-SHA256, RFC 5869)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"notalone cursor " + purpose.encode()
    ).derive(secret_key.encode())


def seal(purpose: str, *positions: int) -> str:
    """A URL-safe cursor holding non-negative 64-bit ``positions`` for ``purpose``."""
    plain = struct.pack(f">{len(positions)}Q", *positions)
    nonce = os.urandom(_NONCE_LENGTH)
    sealed = AESGCM(_key(settings.SECRET_KEY, purpose)).encrypt(nonce, plain, purpose.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def open_sealed(purpose: str, cursor: str, size: int) -> tuple[int, ...] | None:
    """The ``size`` positions in a cursor this site sealed for ``purpose``; None for anything
    else (altered, truncated, from another purpose or site, or not a cursor at all)."""
    if not cursor.isascii() or len(cursor) > _MAX_CURSOR_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        return None
    nonce, sealed = raw[:_NONCE_LENGTH], raw[_NONCE_LENGTH:]
    try:
        plain = AESGCM(_key(settings.SECRET_KEY, purpose)).decrypt(nonce, sealed, purpose.encode())
    except (InvalidTag, ValueError):
        return None
    if len(plain) != 8 * size:
        return None
    return struct.unpack(f">{size}Q", plain)
