"""Rules that raise system flags for the moderators, run in the background on story events.

Each detector has a name and a version shown in the queue beside its flag, so a moderator can
tell which rule (or, later, which classifier) asked them to look, and weigh its score.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from notalone import safety
from notalone.moderation.models import ReportReason
from notalone.moderation.services import flag_raise
from notalone.moderation.wording import flag_note
from notalone.stories import events, policy
from notalone.stories.models import (
    EventKind,
    ModerationStatus,
    Reply,
    Signature,
    Story,
    StoryEvent,
)

REPEATED_REPLY = "repeated-reply"
REPEATED_REPLY_VERSION = "2"
# The same words sent under this many different stories within the window look like a
# copy-and-paste campaign (spam, or one message of harassment sent to many survivors).
REPEATED_REPLY_STORIES = 3
REPEATED_REPLY_WINDOW = datetime.timedelta(hours=1)
# Short words of support ("I believe you.") are said again and again, rightly: only longer
# messages, or ones carrying a link or a handle, count.
REPEATED_REPLY_MIN_WORDS = 12
_SPACES = re.compile(r"\s+")
_LINK_OR_HANDLE = re.compile(r"https?://|www\.|\b[\w.-]+\.(?:com|net|org|io|me|ly)\b|@\w", re.I)


def _same_words(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def repeated_reply(event: StoryEvent) -> None:
    """Flag a reply whose words its writer also sent under other stories in the last hour.
    Idempotent: ``flag_raise`` keeps one open flag per detector and reply."""
    if event.reply_pk is None:
        return
    reply = Reply.objects.filter(pk=event.reply_pk).select_related("story").first()
    if reply is None or policy.reply_by_anonymous_author(reply, reply.story):
        # Never look at what is signed "the person who shared": comparing it with the same
        # account's signed replies would tie the anonymous story to the account.
        return
    words = _same_words(reply.body)
    if len(words.split()) < REPEATED_REPLY_MIN_WORDS and not _LINK_OR_HANDLE.search(words):
        return
    since = reply.created_at - REPEATED_REPLY_WINDOW
    recent = (
        Reply.objects.filter(
            author_id=reply.author_id, created_at__gte=since, created_at__lte=timezone.now()
        )
        # Only replies signed with the username, like this one.
        .exclude(story__signature=Signature.ANONYMOUS, story__author_id=reply.author_id)
        .values_list("story_id", "body")
    )
    stories = {story_id for story_id, body in recent if _same_words(body) == words}
    if len(stories) < REPEATED_REPLY_STORIES:
        return
    flag_raise(
        reply=reply,
        reason=ReportReason.SPAM,
        score=min(1.0, len(stories) / (2 * REPEATED_REPLY_STORIES)),
        detector=REPEATED_REPLY,
        detector_version=REPEATED_REPLY_VERSION,
        note=flag_note(REPEATED_REPLY, stories=len(stories)),
    )


REPLY_GUARD = "reply-guard"
CRISIS_CUES = "crisis-cues"


def reply_guard(event: StoryEvent) -> None:
    """Flag a reply the guard reads as victim-blaming or abusive (held or published, as the
    reply service decided), and one in a language the guard does not read, so that a report
    on it finds a moderator already looking. The queue shows detector, reason and score."""
    if event.reply_pk is None:
        return
    reply = Reply.objects.filter(pk=event.reply_pk).select_related("story").first()
    if reply is None:
        return
    verdict = safety.classify_reply(reply.body)
    held = reply.moderation_status != ModerationStatus.VISIBLE
    if not verdict.covered:
        flag_raise(
            reply=reply,
            reason=ReportReason.OTHER,
            score=0.0,
            detector=REPLY_GUARD,
            detector_version=verdict.version,
            note=flag_note("reply-guard-not-covered", language=verdict.language),
        )
        return
    if verdict.label not in ("victim_blaming", "abusive"):
        return
    flag_raise(
        reply=reply,
        reason=ReportReason.HARASSMENT
        if verdict.label == "abusive"
        else ReportReason.VICTIM_BLAMING,
        score=verdict.score,
        detector=REPLY_GUARD,
        detector_version=verdict.version,
        note=flag_note(REPLY_GUARD, label=verdict.label, held=held),
    )


def crisis_cues(event: StoryEvent) -> None:
    """Flag a story or a reply that suggests immediate danger or self-harm now, for a
    moderator's attention (the writer was already shown the crisis lines; nothing is held)."""
    if event.reply_pk is not None:
        reply = Reply.objects.filter(pk=event.reply_pk).first()
        target: dict[str, Story | Reply] = {"reply": reply} if reply is not None else {}
        text = reply.body if reply is not None else ""
    else:
        story = (
            Story.objects.filter(pk=event.story_pk)
            .only("pk", "title", "body", "visibility")
            .first()
        )
        target = {"story": story} if story is not None else {}
        text = f"{story.title}\n{story.body}" if story is not None else ""
    if not target:
        return
    verdict = safety.detect_crisis(text)
    if not verdict.crisis:
        return
    flag_raise(
        **target,  # type: ignore[arg-type]
        reason=ReportReason.THREAT,
        score=verdict.score,
        detector=CRISIS_CUES,
        detector_version=safety.crisis.VERSION,
        note=flag_note(CRISIS_CUES),
    )


def register() -> None:
    events.subscribe(
        f"moderation.{REPEATED_REPLY}", repeated_reply, kinds=(EventKind.REPLY_CREATED,)
    )
    # The two models read outside any transaction (events.subscribe): flag_raise writes.
    events.subscribe(
        f"moderation.{REPLY_GUARD}",
        reply_guard,
        kinds=(EventKind.REPLY_CREATED,),
        own_transactions=True,
    )
    events.subscribe(
        f"moderation.{CRISIS_CUES}",
        crisis_cues,
        # STORY_VISIBILITY too: a private draft, which no detector flags, is read again when
        # its author shares it.
        kinds=(
            EventKind.STORY_CREATED,
            EventKind.STORY_EDITED,
            EventKind.STORY_VISIBILITY,
            EventKind.REPLY_CREATED,
        ),
        own_transactions=True,
    )
