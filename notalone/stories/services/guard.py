"""What the reply guard's verdict does to a reply (the verdict itself: ``notalone.safety``).

- abusive: held for a moderator, always;
- victim-blaming, sent after the nudge: held, or published and queued, as the person who
  shared chose (``Story.hold_blaming_replies``);
- anything else, or a language the guard does not read: published;
- words that suggest the writer is in danger or thinking of self-harm: never held (a crisis
  cue never blocks a post), whatever the guard's label; the flags still reach the queue.

The flag with the detector, reason and score is raised in the background
(``moderation.detectors.reply_guard``), for held and published replies alike.
"""

from __future__ import annotations

import hashlib

from notalone import safety
from notalone.safety import ReplyVerdict
from notalone.stories.models import Story


def holds(story: Story, verdict: ReplyVerdict, body: str = "") -> bool:
    if not verdict.covered:
        return False
    if verdict.label in ("abusive", "victim_blaming") and safety.detect_crisis(body).crisis:
        return False
    if verdict.label == "abusive":
        return True
    return verdict.label == "victim_blaming" and story.hold_blaming_replies


def acknowledgement(body: str) -> str:
    """The token a writer sends back with "send it anyway": bound to these exact words, so
    changed words are read again."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:20]
