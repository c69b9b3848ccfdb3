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

from notalone.safety.crisis import CrisisVerdict, detect_crisis
from notalone.safety.guard import ReplyVerdict, classify_reply
from notalone.safety.modes import Mode, mode
from notalone.safety.pii import PiiFinding, apply_replacements, find_pii, suggested_replacement

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
