"""Idempotency keys: a retried request makes one thing, and a key means one request.

A client sends ``Idempotency-Key`` (the API) or a hidden field (forms) with a write. The first
request with a key does the work and keeps the key with a fingerprint of what was sent; a
retry with the same key and the same content gets the first result back; the same key with
different content is refused (``IdempotencyConflict``, answered 422 as the IETF
Idempotency-Key draft describes), because silently returning the first result would tell
the client that its second, different request was saved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


class IdempotencyConflict(Exception):
    """The key was already used for a request with different content."""


def fingerprint(content: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the content, with keys in a fixed order."""
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()
