"""Sharing, editing and deleting stories, and the moderation status moderators set."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import pagecache
from notalone.core.idempotency import IdempotencyConflict, fingerprint
from notalone.stories import events, policy, search
from notalone.stories.models import (
    EventKind,
    ModerationStatus,
    Story,
    StoryHashtag,
)
from notalone.stories.schema import (
    CleanStory,
    StoryFields,
    clean_idempotency_key,
    clean_story,
)
from notalone.stories.services.counts import hashtags_for, uncount_pairs
from notalone.stories.text import render_text


def story_fields_of(story: Story) -> StoryFields:
    """What the author set on a story, as the fields an edit starts from."""
    return StoryFields(
        body=story.body,
        title=story.title,
        content_warnings=list(story.content_warnings),
        what=story.what,
        where=story.where,
        who=story.who,
        year=story.year,
        country=story.country,
        language=story.language,
        hashtags=story.written_hashtags,
        signature=story.signature,
        visibility=story.visibility,
        allow_replies=story.allow_replies,
        in_statistics=story.in_statistics,
        hold_blaming_replies=story.hold_blaming_replies,
    )


def _replay(author: User, key: str, clean: CleanStory) -> Story | None:
    existing = Story.objects.filter(author=author, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.idempotency_fingerprint != fingerprint(dataclasses.asdict(clean.fields)):
        raise IdempotencyConflict(
            _(
                "This idempotency key was already used to share a different story. "
                "Send a new key for a new story."
            )
        )
    return existing


@transaction.atomic
def story_publish(
    *,
    author: User,
    fields: StoryFields,
    idempotency_key: str = "",
    created_at: datetime.datetime | None = None,
) -> tuple[Story, bool]:
    """Publish a story; return (story, created).

    A repeated idempotency key with the same story returns the first (created False); with a
    different story it raises ``IdempotencyConflict``. ``ValidationError`` lists every field
    to fix; ``PermissionDenied`` while the author is suspended. ``created_at`` is for imports
    and demo data only: members' stories are stamped now.
    """
    policy.check_may_write(author)
    key = clean_idempotency_key(idempotency_key)
    clean = clean_story(fields)
    if key and (existing := _replay(author, key, clean)) is not None:
        return existing, False
    cleaned = clean.fields
    now = created_at or timezone.now()
    story = Story(
        author=author,
        author_name=author.username,
        signature=cleaned.signature,
        visibility=cleaned.visibility,
        title=cleaned.title,
        body=cleaned.body,
        body_html=render_text(cleaned.body),
        content_warnings=list(cleaned.content_warnings),
        what=cleaned.what,
        where=cleaned.where,
        who=cleaned.who,
        year=cleaned.year,
        country=cleaned.country,
        language=cleaned.language,
        allow_replies=cleaned.allow_replies,
        in_statistics=cleaned.in_statistics,
        hold_blaming_replies=cleaned.hold_blaming_replies,
        idempotency_key=key,
        idempotency_fingerprint=fingerprint(dataclasses.asdict(cleaned)) if key else "",
        created_at=now,
        updated_at=now,
    )
    story.listed = policy.is_listed(story)
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError:
        # Two retries raced: the other one won, and its story is the one to return.
        existing = _replay(author, key, clean)
        if existing is None:
            raise
        return existing, False
    StoryHashtag.objects.bulk_create(
        [
            StoryHashtag(story=story, hashtag=h, name=name)
            for (name, _key), h in zip(clean.hashtags, hashtags_for(clean.hashtags), strict=True)
        ]
    )
    events.record(EventKind.STORY_CREATED, story_pk=story.pk)
    return story, True


@transaction.atomic
def story_edit(*, story: Story, editor: User, fields: StoryFields) -> Story:
    """Change a story: its author only (others get ``Story.DoesNotExist``)."""
    story = policy.own_story(viewer=editor, story_id=story.public_id)
    story = Story.objects.select_for_update().get(pk=story.pk)
    clean = clean_story(fields)
    cleaned = clean.fields
    audience_changed = (story.visibility, story.signature) != (
        cleaned.visibility,
        cleaned.signature,
    )
    now = timezone.now()
    if (story.title, story.body) != (cleaned.title, cleaned.body):
        story.text_edited_at = now
    story.title = cleaned.title
    story.body = cleaned.body
    story.body_html = render_text(cleaned.body)
    story.content_warnings = list(cleaned.content_warnings)
    story.what, story.where, story.who = cleaned.what, cleaned.where, cleaned.who
    story.year, story.country, story.language = cleaned.year, cleaned.country, cleaned.language
    story.signature = cleaned.signature
    story.visibility = cleaned.visibility
    story.allow_replies = cleaned.allow_replies
    story.in_statistics = cleaned.in_statistics
    story.hold_blaming_replies = cleaned.hold_blaming_replies
    story.updated_at = now
    story.listed = policy.is_listed(story)
    story.save()
    hashtags = hashtags_for(clean.hashtags)
    removed = StoryHashtag.objects.filter(story=story).exclude(hashtag__in=hashtags)
    uncount_pairs(story, removed)
    removed.delete()
    current = set(StoryHashtag.objects.filter(story=story).values_list("hashtag_id", flat=True))
    written = {h.id: name for (name, _key), h in zip(clean.hashtags, hashtags, strict=True)}
    StoryHashtag.objects.bulk_create(
        [
            StoryHashtag(story=story, hashtag=h, name=written[h.id])
            for h in hashtags
            if h.id not in current
        ]
    )
    # A tag kept with another spelling ("#ano" made "#año") shows as the author now writes it.
    for hashtag_id in current & written.keys():
        StoryHashtag.objects.filter(story=story, hashtag_id=hashtag_id).exclude(
            name=written[hashtag_id]
        ).update(name=written[hashtag_id])
    # The old words leave the search index now (the author may have taken out a name); the
    # new ones arrive with the background job.
    search.unindex_story(story.pk)
    pagecache.invalidate_on_commit()
    events.record(
        EventKind.STORY_VISIBILITY if audience_changed else EventKind.STORY_EDITED,
        story_pk=story.pk,
    )
    return story


def story_set_public_state(*, story: Story, moderation_status: str) -> Story:
    """Hide or restore a story. Called only by moderation's one door
    (``moderation.services.moderation_act``), inside its transaction."""
    story.moderation_status = moderation_status
    story.listed = policy.is_listed(story)
    story.save(update_fields=("moderation_status", "listed"))
    pagecache.invalidate_on_commit()
    hidden = moderation_status == ModerationStatus.HIDDEN
    events.record(EventKind.STORY_HIDDEN if hidden else EventKind.STORY_RESTORED, story_pk=story.pk)
    return story


@transaction.atomic
def story_delete(*, story: Story, actor: User) -> None:
    """Delete a story for good, with its replies and reactions: its author only."""
    story = policy.own_story(viewer=actor, story_id=story.public_id)
    remove_story(Story.objects.select_for_update().get(pk=story.pk))


def remove_story(story: Story) -> None:
    """Delete a story and everything that hangs on it (inside the caller's transaction)."""
    pagecache.invalidate_on_commit()
    uncount_pairs(story, StoryHashtag.objects.select_for_update().filter(story=story))
    search.unindex_story(story.pk)
    story_pk = story.pk
    story.delete()
    events.record(EventKind.STORY_DELETED, story_pk=story_pk)
