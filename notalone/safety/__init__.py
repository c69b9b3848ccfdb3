"""Safety intelligence (issue 13): the PII shield, the reply guard, crisis cues and the
sentence embeddings behind "stories like yours".

A library, not an app: it imports nothing from Django's apps, so both ``stories`` (the nudge
before a reply is posted, the preview before a story is published) and ``moderation`` (the
flags raised in the background) call it. Every model ships inside an installed package (the
``[ml]`` extra): nothing is downloaded, ever. Without the extra each function answers with
plain rules (``mode()`` says which), never with an error.

Public API (re-exported by ``notalone.moderation``):

- ``find_pii(text) -> list[PiiFinding]``
- ``classify_reply(text) -> ReplyVerdict``
- ``detect_crisis(text) -> CrisisVerdict``
- ``embed(texts) -> list[list[float]]`` and ``mode()``
"""

from __future__ import annotations

import re

from notalone.safety import crisis, guard, pii
from notalone.safety.crisis import CrisisVerdict
from notalone.safety.guard import ReplyVerdict
from notalone.safety.modes import Mode, mode
from notalone.safety.pii import PiiFinding, apply_replacements, suggested_replacement

# A lone surrogate (from JSON's "\\ud800") is no character: the tokenizers refuse it. Each
# public function reads it as U+FFFD (one code point for one, so offsets stay the same).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _readable(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text) if isinstance(text, str) else ""


def find_pii(text: str, *, region: str | None = None) -> list[PiiFinding]:
    """``pii.find_pii`` for any ``str`` (findings' ``text`` as written)."""
    found = pii.find_pii(_readable(text), region=region)
    return [PiiFinding(f.kind, f.start, f.end, text[f.start : f.end], f.score) for f in found]


def classify_reply(text: str) -> ReplyVerdict:
    """``guard.classify_reply`` for any ``str``."""
    return guard.classify_reply(_readable(text))


def detect_crisis(text: str) -> CrisisVerdict:
    """``crisis.detect_crisis`` for any ``str``."""
    return crisis.detect_crisis(_readable(text))


__all__ = [
    "CrisisVerdict",
    "Mode",
    "PiiFinding",
    "ReplyVerdict",
    "apply_replacements",
    "classify_reply",
    "detect_crisis",
    "find_pii",
    "mode",
    "suggested_replacement",
]
