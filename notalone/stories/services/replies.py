"""Replies: posting one, the story author hiding one, its writer deleting it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import pagecache
from notalone.core.idempotency import IdempotencyConflict, fingerprint
from notalone.safety import ReplyVerdict
from notalone.stories import events, policy
from notalone.stories.models import EventKind, ModerationStatus, Reply, Story
from notalone.stories.schema import clean_idempotency_key, clean_reply_body
from notalone.stories.services import guard
from notalone.stories.text import render_text


def _replay(author: User, key: str, story: Story, body: str) -> Reply | None:
    existing = Reply.objects.filter(author=author, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.idempotency_fingerprint != fingerprint({"story": story.public_id, "body": body}):
        raise IdempotencyConflict(
            _(
                "This idempotency key was already used for a different reply. "
                "Send a new key for a new reply."
            )
        )
    return existing


@transaction.atomic
def reply_post(
    *,
    story_id: str,
    author: User,
    body: str,
    idempotency_key: str = "",
    verdict: ReplyVerdict | None = None,
) -> tuple[Reply, bool]:
    """Reply to a story; return (reply, created), with the same idempotency rules as
    ``story_publish``. ``Story.DoesNotExist`` when the author may not see the story,
    ``PermissionDenied`` when replies are off or the author is suspended. ``verdict``: the reply
    guard's (``notalone.safety.classify_reply``); when ``services.guard.holds`` says so, the
    reply waits, hidden, for a moderator."""
    key = clean_idempotency_key(idempotency_key)
    story = policy.story_for(viewer=author, story_id=story_id)
    policy.check_may_reply(author, story)
    body = clean_reply_body(body)
    if key and (existing := _replay(author, key, story, body)) is not None:
        return existing, False
    story = Story.objects.select_for_update().get(pk=story.pk)
    held = verdict is not None and guard.holds(story, verdict, body)
    reply = Reply(
        story=story,
        author=author,
        body=body,
        body_html=render_text(body),
        moderation_status=ModerationStatus.HIDDEN if held else ModerationStatus.VISIBLE,
        idempotency_key=key,
        idempotency_fingerprint=fingerprint({"story": story.public_id, "body": body})
        if key
        else "",
    )
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        existing = _replay(author, key, story, body) if key else None
        if existing is None:
            raise
        return existing, False
    Story.objects.filter(pk=story.pk).update(reply_count=F("reply_count") + 1)
    events.record(EventKind.REPLY_CREATED, story_pk=story.pk, reply_pk=reply.pk)
    return reply, True


@transaction.atomic
def reply_hide_by_story_author(*, reply_id: str, story_author: User, hidden: bool) -> Reply:
    """The person who shared a story decides which replies stay on it.

    ``Reply.DoesNotExist`` for anyone else, as for a reply they cannot see."""
    reply = policy.reply_for(viewer=story_author, reply_id=reply_id)
    if not policy.is_author(story_author, reply.story):
        raise Reply.DoesNotExist
    if reply.hidden_by_author != hidden:
        reply.hidden_by_author = hidden
        reply.save(update_fields=("hidden_by_author",))
        pagecache.invalidate_on_commit()
        events.record(
            EventKind.REPLY_HIDDEN if hidden else EventKind.REPLY_RESTORED,
            story_pk=reply.story_id,
            reply_pk=reply.pk,
        )
    return reply


@transaction.atomic
def reply_delete(*, reply_id: str, actor: User) -> Story:
    """Delete a reply for good: its writer only (others get ``Reply.DoesNotExist``).
    Returns the story it was on."""
    reply = policy.own_reply(viewer=actor, reply_id=reply_id)
    remove_reply(reply)
    return reply.story


def remove_reply(reply: Reply) -> None:
    """Delete a reply and keep its story's count right (inside the caller's transaction)."""
    Story.objects.filter(pk=reply.story_id).update(reply_count=F("reply_count") - 1)
    reply_pk = reply.pk
    reply.delete()
    pagecache.invalidate_on_commit()
    events.record(EventKind.REPLY_DELETED, story_pk=reply.story_id, reply_pk=reply_pk)
