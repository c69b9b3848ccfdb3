"""Every write to stories, reactions, replies and blocks: keyword-only, typed, atomic."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import pagecache
from notalone.core.places import country_codes, language_codes
from notalone.stories import search
from notalone.stories.models import (
    BODY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Block,
    ContentWarning,
    Hashtag,
    HashtagDay,
    ModerationStatus,
    Reaction,
    ReactionKind,
    Reply,
    Signature,
    Story,
    StoryHashtag,
    Visibility,
    What,
    Where,
    Who,
)
from notalone.stories.text import InvalidHashtag, normalize_hashtag, render_text

DEFAULT_HASHTAGS = ("MeToo",)
MAX_HASHTAGS = 10
IDEMPOTENCY_KEY_MAX_LENGTH = 64

_COUNT_FIELD = {
    ReactionKind.ME_TOO: "me_too_count",
    ReactionKind.I_BELIEVE_YOU: "i_believe_you_count",
    ReactionKind.SENDING_STRENGTH: "sending_strength_count",
}


@dataclass(frozen=True)
class StoryFields:
    """What an author can set on a story; validated as a whole by ``_clean``."""

    body: str
    title: str = ""
    content_warnings: Sequence[str] = ()
    what: str = ""
    where: str = ""
    who: str = ""
    year: int | None = None
    country: str = ""
    language: str = ""
    hashtags: Sequence[str] | None = None
    signature: str = Signature.PSEUDONYM
    visibility: str = Visibility.PUBLIC
    allow_replies: bool = True


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
        hashtags=[h.name for h in story.hashtags.all()],
        signature=story.signature,
        visibility=story.visibility,
        allow_replies=story.allow_replies,
    )


def _choice(
    errors: dict[str, list[str]], field: str, value: str, choices: Iterable[str], label: str
) -> None:
    if value and value not in set(choices):
        errors.setdefault(field, []).append(
            _("%(value)r is not a known %(label)s. Choose one of: %(choices)s.")
            % {"value": value[:40], "label": label, "choices": ", ".join(choices)}
        )


def _clean(fields: StoryFields) -> tuple[StoryFields, list[tuple[str, str]]]:
    errors: dict[str, list[str]] = {}
    body = fields.body.replace("\x00", "").strip()
    title = fields.title.replace("\x00", "").strip()
    if not body:
        errors["body"] = [_("Write your story before sharing it. Even a few words are enough.")]
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = [
            _(
                "Your story is %(count)d characters long; the most we can keep is %(max)d. You could share it in two parts."
            )
            % {"count": len(body), "max": BODY_MAX_LENGTH}
        ]
    if len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [
            _("Use at most %(max)d characters for the title.") % {"max": TITLE_MAX_LENGTH}
        ]
    warnings = list(dict.fromkeys(fields.content_warnings))
    if warnings:
        known = set(ContentWarning.objects.filter(is_active=True).values_list("slug", flat=True))
        unknown = [w for w in warnings if w not in known]
        if unknown:
            errors["content_warnings"] = [
                _("Unknown content warning: %(names)s. Choose from: %(known)s.")
                % {"names": ", ".join(u[:40] for u in unknown), "known": ", ".join(sorted(known))}
            ]
    _choice(errors, "what", fields.what, What.values, _("kind of harm"))
    _choice(errors, "where", fields.where, Where.values, _("place"))
    _choice(errors, "who", fields.who, Who.values, _("relationship"))
    _choice(errors, "signature", fields.signature, Signature.values, _("signature"))
    _choice(errors, "visibility", fields.visibility, Visibility.values, _("audience"))
    country = fields.country.upper()
    if country and country not in country_codes():
        errors["country"] = [
            _("%(value)r is not a country code (ISO 3166, like FR or IN).")
            % {"value": country[:10]}
        ]
    language = fields.language.lower()
    if language and language not in language_codes():
        errors["language"] = [
            _("%(value)r is not a language code (ISO 639-1, like en or es).")
            % {"value": language[:10]}
        ]
    this_year = timezone.now().year
    if fields.year is not None and not 1900 <= fields.year <= this_year:
        errors["year"] = [
            _("Give a year between 1900 and %(year)d, or leave it empty.") % {"year": this_year}
        ]
    tags: list[tuple[str, str]] = []
    raw_tags = DEFAULT_HASHTAGS if fields.hashtags is None else fields.hashtags
    for raw in raw_tags:
        try:
            name, key = normalize_hashtag(raw)
        except InvalidHashtag as error:
            errors.setdefault("hashtags", []).append(str(error))
            continue
        if key not in {k for _, k in tags}:
            tags.append((name, key))
    if len(tags) > MAX_HASHTAGS:
        errors.setdefault("hashtags", []).append(
            _("Use at most %(max)d hashtags.") % {"max": MAX_HASHTAGS}
        )
    if errors:
        raise ValidationError(errors)
    cleaned = StoryFields(
        body=body,
        title=title,
        content_warnings=warnings,
        what=fields.what,
        where=fields.where,
        who=fields.who,
        year=fields.year,
        country=country,
        language=language,
        hashtags=[name for name, _ in tags],
        signature=fields.signature,
        visibility=fields.visibility,
        allow_replies=fields.allow_replies,
    )
    return cleaned, tags


def _check_idempotency_key(key: str) -> str:
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValidationError(
            {"idempotency_key": _("An idempotency key has at most 64 characters.")}
        )
    return key


def _hashtags_for(tags: list[tuple[str, str]]) -> list[Hashtag]:
    found = {h.key: h for h in Hashtag.objects.filter(key__in=[key for _, key in tags])}
    for name, key in tags:
        if key not in found:
            found[key], _created = Hashtag.objects.get_or_create(key=key, defaults={"name": name})
    return [found[key] for _, key in tags]


def _count_public(story: Story, hashtag_ids: Iterable[int], delta: int) -> None:
    """Keep the hashtag counts and daily timeline in step with a story's public life."""
    ids = list(hashtag_ids)
    if not ids or not delta:
        return
    Hashtag.objects.filter(id__in=ids).update(public_story_count=F("public_story_count") + delta)
    day: datetime.date = timezone.localdate(story.created_at)
    # One upsert per hashtag (SQLite and PostgreSQL share the ON CONFLICT syntax).
    table = HashtagDay._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (hashtag_id, day, story_count) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (hashtag_id, day) DO UPDATE SET story_count = {table}.story_count + %s",
            [(hashtag_id, day, max(delta, 0), delta) for hashtag_id in ids],
        )


def _is_listed(story: Story) -> bool:
    return (
        story.moderation_status == ModerationStatus.VISIBLE
        and story.visibility != Visibility.PRIVATE
    )


def _public_tag_ids(story: Story) -> set[int]:
    if not story.is_public:
        return set()
    return set(StoryHashtag.objects.filter(story=story).values_list("hashtag_id", flat=True))


@transaction.atomic
def story_publish(
    *,
    author: User,
    fields: StoryFields,
    idempotency_key: str = "",
    created_at: datetime.datetime | None = None,
) -> tuple[Story, bool]:
    """Publish a story; return (story, created). A repeated idempotency key returns the first.

    ``created_at`` is for imports and demo data only; members' stories are stamped now.
    """
    _ensure_can_write(author)
    key = _check_idempotency_key(idempotency_key)
    if key:
        existing = Story.objects.filter(author=author, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    cleaned, tags = _clean(fields)
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
        idempotency_key=key,
        created_at=now,
        updated_at=now,
    )
    story.listed = _is_listed(story)
    story.full_clean(exclude=["body_html", "author"])
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError:
        # Two retries raced: the other one won, and its story is the one to return.
        return Story.objects.get(author=author, idempotency_key=key), False
    hashtags = _hashtags_for(tags)
    StoryHashtag.objects.bulk_create([StoryHashtag(story=story, hashtag=h) for h in hashtags])
    if story.is_public:
        _count_public(story, [h.id for h in hashtags], +1)
    search.index_story(story, new=True)
    story.hashtag_names = [h.name for h in hashtags]  # type: ignore[attr-defined]
    return story, True


def _ensure_author(story: Story, user: User) -> None:
    if story.author_id != user.pk:
        raise PermissionDenied(_("Only the person who shared this story can change it."))


def _ensure_can_write(user: User) -> None:
    if not user.can_post:
        raise PermissionDenied(_("Your account is suspended, so you cannot post for now."))


@transaction.atomic
def story_edit(*, story: Story, editor: User, fields: StoryFields) -> Story:
    story = Story.objects.select_for_update().get(pk=story.pk)
    _ensure_author(story, editor)
    cleaned, tags = _clean(fields)
    before = _public_tag_ids(story)
    story.title = cleaned.title
    story.body = cleaned.body
    story.body_html = render_text(cleaned.body)
    story.content_warnings = list(cleaned.content_warnings)
    story.what, story.where, story.who = cleaned.what, cleaned.where, cleaned.who
    story.year, story.country, story.language = cleaned.year, cleaned.country, cleaned.language
    story.signature = cleaned.signature
    story.visibility = cleaned.visibility
    story.allow_replies = cleaned.allow_replies
    story.updated_at = timezone.now()
    story.listed = _is_listed(story)
    story.save()
    hashtags = _hashtags_for(tags)
    StoryHashtag.objects.filter(story=story).exclude(hashtag__in=hashtags).delete()
    current = set(StoryHashtag.objects.filter(story=story).values_list("hashtag_id", flat=True))
    StoryHashtag.objects.bulk_create(
        [StoryHashtag(story=story, hashtag=h) for h in hashtags if h.id not in current]
    )
    after = _public_tag_ids(story)
    _count_public(story, before - after, -1)
    _count_public(story, after - before, +1)
    search.index_story(story)
    pagecache.invalidate_on_commit()
    return story


def story_set_public_state(*, story: Story, moderation_status: str) -> Story:
    """Change a story's moderation status, keeping counts in step. Called only by the
    moderation app's one door (``moderation.services.moderation_act``)."""
    before = _public_tag_ids(story)
    story.moderation_status = moderation_status
    story.listed = _is_listed(story)
    story.save(update_fields=("moderation_status", "listed"))
    after = _public_tag_ids(story)
    _count_public(story, before - after, -1)
    _count_public(story, after - before, +1)
    pagecache.invalidate_on_commit()
    return story


@transaction.atomic
def story_delete(*, story: Story, actor: User) -> None:
    """Delete a story for good: its replies and reactions go with it."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    _ensure_author(story, actor)
    _story_remove(story)


def _story_remove(story: Story) -> None:
    pagecache.invalidate_on_commit()
    _count_public(story, _public_tag_ids(story), -1)
    search.unindex_story(story.pk)
    story.delete()


def _blocked_between(a_id: int | None, b_id: int | None) -> bool:
    if a_id is None or b_id is None:
        return False
    return (
        Block.objects.filter(blocker_id=a_id, blocked_id=b_id).exists()
        or Block.objects.filter(blocker_id=b_id, blocked_id=a_id).exists()
    )


def _ensure_can_see(story: Story, viewer: User) -> None:
    visible = story.author_id == viewer.pk or (
        story.moderation_status == ModerationStatus.VISIBLE
        and story.visibility != Visibility.PRIVATE
    )
    if not visible:
        raise Story.DoesNotExist


@transaction.atomic
def reaction_set(*, story_id: int, member: User, kind: str, on: bool) -> Story:
    """Say (or take back) "me too", "I believe you" or "sending strength" on a story."""
    if kind not in ReactionKind.values:
        raise ValidationError(
            {
                "kind": _("Unknown reaction %(kind)r. Use one of: %(kinds)s.")
                % {"kind": kind[:40], "kinds": ", ".join(ReactionKind.values)}
            }
        )
    _ensure_can_write(member)
    story = Story.objects.select_for_update().get(pk=story_id)
    _ensure_can_see(story, member)
    if _blocked_between(story.author_id, member.pk):
        raise PermissionDenied(_("You cannot react to this story."))
    field = _COUNT_FIELD[ReactionKind(kind)]
    if on:
        _reaction, created = Reaction.objects.get_or_create(story=story, member=member, kind=kind)
        delta = 1 if created else 0
    else:
        deleted, _details = Reaction.objects.filter(story=story, member=member, kind=kind).delete()
        delta = -deleted
    if delta:
        Story.objects.filter(pk=story.pk).update(
            **{field: F(field) + delta, "support_count": F("support_count") + delta}
        )
        story.refresh_from_db(fields=[field, "support_count"])
    return story


@transaction.atomic
def reply_post(
    *, story_id: int, author: User, body: str, idempotency_key: str = ""
) -> tuple[Reply, bool]:
    _ensure_can_write(author)
    key = _check_idempotency_key(idempotency_key)
    if key:
        existing = Reply.objects.filter(author=author, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    story = Story.objects.select_for_update().get(pk=story_id)
    _ensure_can_see(story, author)
    if not story.allow_replies and story.author_id != author.pk:
        raise PermissionDenied(_("The person who shared this story has turned replies off."))
    if _blocked_between(story.author_id, author.pk):
        raise PermissionDenied(_("You cannot reply to this story."))
    body = body.replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Write a few words before sending your reply.")})
    if len(body) > REPLY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Your reply is %(count)d characters long; keep it under %(max)d.")
                % {"count": len(body), "max": REPLY_MAX_LENGTH}
            }
        )
    reply = Reply(
        story=story, author=author, body=body, body_html=render_text(body), idempotency_key=key
    )
    reply.save()
    Story.objects.filter(pk=story.pk).update(reply_count=F("reply_count") + 1)
    return reply, True


@transaction.atomic
def reply_hide_by_story_author(*, reply: Reply, story_author: User, hidden: bool) -> Reply:
    """The person who shared a story decides which replies stay on it."""
    if reply.story.author_id != story_author.pk:
        raise PermissionDenied(_("Only the person who shared this story can hide its replies."))
    reply.hidden_by_author = hidden
    reply.save(update_fields=("hidden_by_author",))
    pagecache.invalidate_on_commit()
    return reply


@transaction.atomic
def reply_delete(*, reply: Reply, actor: User) -> None:
    if reply.author_id != actor.pk:
        raise PermissionDenied(_("Only the person who wrote this reply can delete it."))
    Story.objects.filter(pk=reply.story_id).update(reply_count=F("reply_count") - 1)
    reply.delete()
    pagecache.invalidate_on_commit()


@transaction.atomic
def block_set(*, blocker: User, blocked: User, on: bool) -> None:
    if blocker.pk == blocked.pk:
        raise ValidationError({"blocked": _("You cannot block yourself.")})
    if on:
        Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    else:
        Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def erase_member_content(user: User, keep_stories: bool) -> None:
    """Account deletion: remove or anonymise what the member wrote (see accounts.registry)."""
    pagecache.invalidate_on_commit()
    for story in Story.objects.filter(author=user):
        if keep_stories:
            before = _public_tag_ids(story)
            story.author = None
            story.author_name = ""
            story.signature = Signature.ANONYMOUS
            story.idempotency_key = ""
            story.updated_at = timezone.now()
            story.save(
                update_fields=(
                    "author",
                    "author_name",
                    "signature",
                    "idempotency_key",
                    "updated_at",
                )
            )
            if story.visibility == Visibility.PRIVATE:
                # A private draft has no reader left: keeping it would keep it for no one.
                _count_public(story, before, -1)
                search.unindex_story(story.pk)
                story.delete()
        else:
            _story_remove(story)
    # Reactions and replies go with the account (on_delete=CASCADE); keep counts honest first.
    for reaction in Reaction.objects.filter(member=user):
        field = _COUNT_FIELD[ReactionKind(reaction.kind)]
        Story.objects.filter(pk=reaction.story_id).update(
            **{field: F(field) - 1, "support_count": F("support_count") - 1}
        )
    for reply in Reply.objects.filter(author=user).only("story_id"):
        Story.objects.filter(pk=reply.story_id).update(reply_count=F("reply_count") - 1)
