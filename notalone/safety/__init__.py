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
- ``start_warm_up()``: a web process loads the models and fits the classifiers as it starts,
  not inside the first request that needs them
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time

from notalone.safety import crisis, guard, pii
from notalone.safety.crisis import CrisisVerdict
from notalone.safety.guard import ReplyVerdict
from notalone.safety.modes import Mode, mode
from notalone.safety.pii import PiiFinding, apply_replacements, suggested_replacement

# A lone surrogate (from JSON's "\\ud800") is no character: the tokenizers refuse it. Each
# public function reads it as U+FFFD (one code point for one, so offsets stay the same).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


logger = logging.getLogger(__name__)


def warm_up() -> float:
    """Load every model of the models mode and fit the classifiers, through the public
    functions on short texts; seconds taken. Rules mode loads nothing. Never raises: a model
    that fails here fails again, and is reported, in the request that needs it."""
    started = time.monotonic()
    if mode().models:
        try:
            detect_crisis("I am safe now.")
            classify_reply("Thank you for sharing this.")
            find_pii("I told my manager about it.")
        except Exception:  # a warm-up is best effort; the request path reports the error
            logger.exception("safety: warm-up failed")
    return time.monotonic() - started


# Set when this process's warm-up (``start_warm_up``) has finished; None when none started.
_warmed: threading.Event | None = None


def models_ready() -> bool | None:
    """Whether this process's background warm-up has finished: None when it started none
    (rules mode, a command, a test), False while the models load, True after. ``/readyz``
    answers 503 while it is False: a process that loads its models is slow for every request,
    not only for those that need a model."""
    return None if _warmed is None else _warmed.is_set()


def start_warm_up() -> threading.Thread | None:
    """``warm_up`` in a daemon thread (None when there is nothing to load, or when
    ``NOTALONE_SAFETY_WARM_UP=off``). Requests that need a model meanwhile wait for it;
    ``models_ready`` says when it is done."""
    global _warmed
    if not mode().models or os.environ.get("NOTALONE_SAFETY_WARM_UP", "").lower() in (
        "off",
        "0",
        "false",
        "no",
    ):
        return None

    warmed = _warmed = threading.Event()

    def run() -> None:
        try:
            logger.info("safety: models ready in %.1f s", warm_up())
        finally:
            warmed.set()

    thread = threading.Thread(target=run, name="safety-warm-up", daemon=True)
    thread.start()
    return thread


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
    "start_warm_up",
    "suggested_replacement",
    "warm_up",
]
