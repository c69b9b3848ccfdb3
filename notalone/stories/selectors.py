"""Every read of stories that is more than a ``get``: feeds, hashtag pages, one story."""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core.places import country_codes, language_codes
from notalone.stories import search
from notalone.stories.models import (
    Block,
    Hashtag,
    HashtagDay,
    ModerationStatus,
    Reaction,
    Reply,
    Story,
    Visibility,
    What,
    Where,
    Who,
)
from notalone.stories.text import InvalidHashtag, normalize_hashtag

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
RECENT_DAYS = 30
SORTS = ("latest", "supported")

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class FeedFilters:
    hashtag: str = ""
    what: str = ""
    where: str = ""
    who: str = ""
    country: str = ""
    language: str = ""
    q: str = ""
    sort: str = "latest"

    def cleaned(self) -> FeedFilters:
        """Check every value; an unknown one is a clear error, never an empty page."""
        errors: dict[str, list[str]] = {}
        checks = (
            ("what", What.values),
            ("where", Where.values),
            ("who", Who.values),
            ("sort", SORTS),
        )
        for name, allowed in checks:
            value = getattr(self, name)
            if value and value not in allowed:
                errors[name] = [
                    _("%(value)r is not a known value for %(name)s. Use one of: %(allowed)s.")
                    % {"value": value[:40], "name": name, "allowed": ", ".join(allowed)}
                ]
        country = self.country.upper()
        if country and country not in country_codes():
            errors["country"] = [
                _("%(value)r is not a country code (ISO 3166, like FR).") % {"value": country[:10]}
            ]
        language = self.language.lower()
        if language and language not in language_codes():
            errors["language"] = [
                _("%(value)r is not a language code (like en).") % {"value": language[:10]}
            ]
        hashtag = ""
        if self.hashtag:
            try:
                hashtag = normalize_hashtag(self.hashtag)[1]
            except InvalidHashtag as error:
                errors["hashtag"] = [str(error)]
        if len(self.q) > 200:
            errors["q"] = [_("Search with at most 200 characters.")]
        if errors:
            raise ValidationError(errors)
        return FeedFilters(
            hashtag=hashtag,
            what=self.what,
            where=self.where,
            who=self.who,
            country=country,
            language=language,
            q=self.q.strip(),
            sort=self.sort or "latest",
        )


@dataclass
class FeedPage:
    items: list[Story]
    next_cursor: str | None
    reacted: dict[int, set[str]] = field(default_factory=dict)


def _encode_cursor(*parts: int) -> str:
    raw = ".".join(str(p) for p in parts).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, size: int) -> list[int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = [int(p) for p in raw.split(".")]
    except (binascii.Error, UnicodeDecodeError, ValueError):
        parts = []
    if len(parts) != size or any(p < 0 for p in parts):
        raise ValidationError(
            {"cursor": [_("This page link is not valid. Start again from the first page.")]}
        )
    return parts


def _block_exclusions(queryset: QuerySet[Story], viewer: Viewer) -> QuerySet[Story]:
    if not isinstance(viewer, User):
        return queryset
    blocked = Block.objects.filter(blocker_id=viewer.pk).values("blocked_id")
    blockers = Block.objects.filter(blocked_id=viewer.pk).values("blocker_id")
    return queryset.exclude(author_id__in=blocked).exclude(author_id__in=blockers)


def readable_stories(*, viewer: Viewer) -> QuerySet[Story]:
    """Stories anyone in the viewer's place may read in a feed."""
    # ``listed`` is "visible and not a private draft", so members read every listed story and
    # everyone else the listed public ones: equalities only, which every index can serve.
    # (``listed__in=[True]``, not ``listed=True``: Django writes the latter as a bare column,
    # which SQLite cannot match to an index, and then sorts the whole table.)
    if isinstance(viewer, User) and viewer.is_active:
        queryset = Story.objects.filter(listed__in=[True])
    else:
        queryset = Story.objects.filter(listed__in=[True], visibility=Visibility.PUBLIC)
    return _block_exclusions(queryset, viewer)


def story_feed(
    *, viewer: Viewer, filters: FeedFilters, cursor: str | None = None, limit: int = PAGE_SIZE
) -> FeedPage:
    """One page of a feed, newest first or most supported recently, by keyset pagination."""
    filters = filters.cleaned()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    queryset = readable_stories(viewer=viewer)
    tag_filter: dict[str, object] = {}
    if filters.hashtag:
        # One filter() call for the tag and its cursor, so they share one join.
        tag_filter["storyhashtag__hashtag__key"] = filters.hashtag
    for name in ("what", "where", "who", "country", "language"):
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{name: value})
    if filters.q:
        queryset = search.filter_matching(queryset, filters.q)
    if filters.sort == "supported":
        since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
        queryset = queryset.filter(created_at__gte=since)
        if cursor:
            support, last_id = _decode_cursor(cursor, 2)
            queryset = queryset.filter(
                Q(support_count__lt=support) | Q(support_count=support, id__lt=last_id)
            )
        queryset = queryset.filter(**tag_filter).order_by("-support_count", "-id")
    else:
        # On a hashtag, order by the tag row's story id: the (hashtag, story) index then
        # yields the page in order, instead of sorting every story that carries the tag.
        key = "storyhashtag__story_id" if filters.hashtag else "id"
        if cursor:
            (last_id,) = _decode_cursor(cursor, 1)
            tag_filter[f"{key}__lt"] = last_id
        queryset = queryset.filter(**tag_filter).order_by(f"-{key}")
    rows = list(queryset.prefetch_related("hashtags")[: limit + 1])
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = (
            _encode_cursor(last.support_count, last.pk)
            if filters.sort == "supported"
            else _encode_cursor(last.pk)
        )
    return FeedPage(
        items=items, next_cursor=next_cursor, reacted=reactions_of(viewer=viewer, stories=items)
    )


def reactions_of(*, viewer: Viewer, stories: list[Story]) -> dict[int, set[str]]:
    """Which reactions the viewer has given to each of these stories (one query)."""
    reacted: dict[int, set[str]] = {story.pk: set() for story in stories}
    if isinstance(viewer, User) and stories:
        pairs = Reaction.objects.filter(member=viewer, story_id__in=list(reacted)).values_list(
            "story_id", "kind"
        )
        for story_id, kind in pairs:
            reacted[story_id].add(kind)
    for story in stories:
        # Templates read it from the story: they cannot look up a dictionary by key.
        story.viewer_reactions = reacted[story.pk]  # type: ignore[attr-defined]
    return reacted


def story_for_reader(*, story_id: int, viewer: Viewer) -> Story:
    """One story, if the viewer may read it; otherwise Story.DoesNotExist (shown as 404)."""
    story = Story.objects.prefetch_related("hashtags").get(pk=story_id)
    is_author = isinstance(viewer, User) and story.author_id == viewer.pk
    if is_author:
        return story
    is_moderator = isinstance(viewer, User) and viewer.is_moderator
    if story.visibility == Visibility.PRIVATE:
        raise Story.DoesNotExist
    if story.visibility == Visibility.MEMBERS and not isinstance(viewer, User):
        raise Story.DoesNotExist
    if story.moderation_status != ModerationStatus.VISIBLE and not is_moderator:
        raise Story.DoesNotExist
    if (
        isinstance(viewer, User)
        and Block.objects.filter(
            Q(blocker_id=viewer.pk, blocked_id=story.author_id)
            | Q(blocker_id=story.author_id, blocked_id=viewer.pk)
        ).exists()
    ):
        raise Story.DoesNotExist
    return story


def replies_for_reader(*, story: Story, viewer: Viewer) -> QuerySet[Reply]:
    replies = Reply.objects.filter(story=story).select_related("author").order_by("id")
    is_story_author = isinstance(viewer, User) and story.author_id == viewer.pk
    is_moderator = isinstance(viewer, User) and viewer.is_moderator
    if not is_moderator:
        replies = replies.filter(moderation_status=ModerationStatus.VISIBLE)
    if not is_story_author:
        replies = replies.filter(
            Q(hidden_by_author=False) | Q(author_id=getattr(viewer, "pk", None))
        )
    if isinstance(viewer, User):
        blocked = Block.objects.filter(blocker_id=viewer.pk).values("blocked_id")
        blockers = Block.objects.filter(blocked_id=viewer.pk).values("blocker_id")
        replies = replies.exclude(author_id__in=blocked).exclude(author_id__in=blockers)
    return replies


@dataclass
class HashtagPage:
    hashtag: Hashtag
    timeline: list[HashtagDay]


def hashtag_page(*, raw: str, days: int = 30) -> HashtagPage:
    """The hashtag, how many public stories carry it, and its recent daily timeline."""
    try:
        key = normalize_hashtag(raw)[1]
    except InvalidHashtag as error:
        raise ValidationError({"hashtag": [str(error)]}) from None
    hashtag = Hashtag.objects.get(key=key)
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    timeline = list(HashtagDay.objects.filter(hashtag=hashtag, day__gte=since).order_by("day"))
    return HashtagPage(hashtag=hashtag, timeline=timeline)


def stories_of(*, author: User) -> QuerySet[Story]:
    return Story.objects.filter(author=author).prefetch_related("hashtags").order_by("-id")
