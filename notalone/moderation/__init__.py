"""Reports, system flags, the moderation queue and its one door for decisions.

The safety detectors of issue 13 are reached from here too (they live in ``notalone.safety``,
a library both this app and ``stories`` call):

- ``find_pii(text) -> list[PiiFinding]``
- ``classify_reply(text) -> ReplyVerdict``
- ``detect_crisis(text) -> CrisisVerdict``
"""

from notalone.safety import (
    CrisisVerdict,
    PiiFinding,
    ReplyVerdict,
    classify_reply,
    detect_crisis,
    find_pii,
)

__all__ = [
    "CrisisVerdict",
    "PiiFinding",
    "ReplyVerdict",
    "classify_reply",
    "detect_crisis",
    "find_pii",
]
