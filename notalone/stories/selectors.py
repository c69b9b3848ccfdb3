"""Every read of stories that is more than a ``get``: feeds, hashtag pages, blocks.

Which stories and replies a viewer may see is decided by ``stories.policy`` alone."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core import cursors, dbrouting
from notalone.stories import policy, schema, search
from notalone.stories.models import (
    HASHTAGS_PREFETCH,
    Block,
    Hashtag,
    HashtagDay,
    MutedBy,
    Reaction,
    Reply,
    Story,
    StoryMute,
)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
RECENT_DAYS = 30
# The most replies a thread shows (and the API returns) at once.
MAX_THREAD = 500

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
        """Check every value with the story schema's rules; an unknown one is a clear error
        (``ValidationError``), never an empty page."""
        return FeedFilters(**schema.clean_filters(self.as_dict()))

    def as_dict(self) -> dict[str, str]:
        """The filters by name: ``dataclasses.asdict`` without its deep copy of each string
        (every feed request reads them twice)."""
        return {name: getattr(self, name) for name in _FILTER_NAMES}


_FILTER_NAMES = tuple(f.name for f in dataclasses.fields(FeedFilters))


@dataclass
class FeedPage:
    items: list[Story]
    next_cursor: str | None
    reacted: dict[int, set[str]] = field(default_factory=dict)


_CURSOR = "story-feed"


def _decode_cursor(cursor: str, size: int) -> tuple[int, ...]:
    positions = cursors.open_sealed(_CURSOR, cursor, size)
    if positions is None:
        raise ValidationError(
            {"cursor": [_("This page link is not valid. Start again from the first page.")]}
        )
    return positions


def story_feed(
    *,
    viewer: Viewer,
    filters: FeedFilters,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    with_hashtags: bool = True,
) -> FeedPage:
    """One page of a feed, newest first or most supported recently, by keyset pagination.

    ``with_hashtags=False`` leaves the stories' hashtags to be fetched by whoever needs them
    (the pages fetch them only for cards not in the cache)."""
    filters = filters.cleaned()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    rows = feed_stories(
        policy.visible_stories(viewer=viewer),
        filters,
        cursor,
        limit + 1,
        with_hashtags=with_hashtags,
    )
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = cursor_after(items[-1].pk, items[-1].support_count, filters)
    return FeedPage(
        items=items, next_cursor=next_cursor, reacted=reactions_of(viewer=viewer, stories=items)
    )


def cursor_after(story_id: int, support_count: int, filters: FeedFilters) -> str:
    """The sealed cursor of the page that follows this story (``filters`` cleaned)."""
    if filters.sort == "supported":
        return cursors.seal(_CURSOR, support_count, story_id)
    return cursors.seal(_CURSOR, story_id)


def feed_stories(
    queryset: QuerySet[Story],
    filters: FeedFilters,
    cursor: str | None,
    count: int,
    *,
    with_hashtags: bool = True,
) -> list[Story]:
    """The first ``count`` stories of a policy queryset (``policy.visible_stories`` or
    ``policy.audience_stories``) under cleaned ``filters``, after ``cursor``, in feed order.
    ``ValidationError`` for a cursor that is not valid."""
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
        # A search without a hashtag is ordered by the index's own order (search.ORDER_FIELD,
        # the same story ids), which lets SQLite stop after a page.
        order = search.ORDER_FIELD if filters.q and not filters.hashtag else key
        queryset = queryset.filter(**tag_filter).order_by(f"-{order}")
    return _stories_in_order(queryset, count, with_hashtags=with_hashtags)


# What the primary says of each story in a page, and a replica's copy must match: its text
# version, and how it is signed (an account deletion anonymises a story without an edit).
_AS_ON_PRIMARY = ("pk", "updated_at", "signature", "author_name", "visibility")


def _stories_in_order(
    queryset: QuerySet[Story], count: int, *, with_hashtags: bool = True
) -> list[Story]:
    """The first ``count`` stories of a policy queryset, with their hashtags.

    With read replicas, the policy's query runs on the primary and yields identifiers and
    versions only (a block or a moderator's decision holds at once); the stories then come
    from a replica, and any the replica has not caught up with (just shared, edited or
    anonymised) from the primary."""
    related = (HASHTAGS_PREFETCH,) if with_hashtags else ()
    if not dbrouting.replicas_configured():
        return list(queryset.prefetch_related(*related)[:count])
    primary = {row[0]: row for row in queryset.values_list(*_AS_ON_PRIMARY)[:count]}
    found = dbrouting.replica_or_primary(
        lambda: Story.objects.prefetch_related(*related).in_bulk(list(primary))
    )
    behind = [
        key
        for key, row in primary.items()
        if key not in found or tuple(getattr(found[key], f) for f in _AS_ON_PRIMARY) != row
    ]
    if behind:
        found.update(Story.objects.prefetch_related(*related).in_bulk(behind))
    return [found[key] for key in primary if key in found]


def reactions_of(*, viewer: Viewer, stories: list[Story]) -> dict[int, set[str]]:
    """Which reactions the viewer has given to each of these stories (one query)."""
    reacted: dict[int, set[str]] = {story.pk: set() for story in stories}
    if isinstance(viewer, User) and stories:
        reacted.update(reactions_by_story(member=viewer, story_ids=list(reacted)))
    for story in stories:
        # Templates read it from the story: they cannot look up a dictionary by key.
        story.viewer_reactions = reacted[story.pk]  # type: ignore[attr-defined]
    return reacted


def reactions_by_story(*, member: User, story_ids: list[int]) -> dict[int, set[str]]:
    """The member's reactions to these stories (primary keys), by story; one indexed query."""
    if not story_ids:
        return {}
    sql, params = reactions_query(member, story_ids)
    with connections[router.db_for_read(Reaction)].cursor() as cursor:
        cursor.execute(sql, params)
        return reactions_from(cursor.fetchall())


def reactions_query(member: User, story_ids: list[int]) -> tuple[str, list[int]]:
    """The statement ``reactions_by_story`` runs (``story_ids`` not empty): rows of (2, a
    story's primary key, a reaction's kind), for a caller that reads them in the same round
    trip as other rows (``UNION ALL``, ``stories.cardlist``)."""
    # Written out, as policy.feed_exclusions: on every member's page, building it through
    # the ORM cost several times what running it did. Numbers only, as parameters.
    listed = ", ".join(["%s"] * len(story_ids))
    sql = (
        f"SELECT 2, story_id, kind FROM {Reaction._meta.db_table} "  # noqa: S608  (the model's table)
        f"WHERE member_id = %s AND story_id IN ({listed})"
    )
    return sql, [member.pk, *(int(pk) for pk in story_ids)]


def reactions_from(rows: Iterable[Sequence[Any]]) -> dict[int, set[str]]:
    """``reactions_by_story``'s answer from ``reactions_query``'s rows (others left out)."""
    reacted: dict[int, set[str]] = {}
    for tag, story_id, kind in rows:
        if tag == 2:
            reacted.setdefault(story_id, set()).add(kind)
    return reacted


@dataclass
class HashtagPage:
    hashtag: Hashtag
    timeline: list[HashtagDay]


def hashtag_page_key(key: str, days: int = 30) -> str:
    """The shared cache key of a hashtag's row and timeline (``key``: the tag's cleaned key)."""
    return "tagpage:v1:" + hashlib.sha256(f"{key}:{days}".encode()).hexdigest()


def hashtag_page(
    *,
    raw: str,
    viewer: Viewer,
    days: int = 30,
    seen_one: bool = False,
    read: Callable[[str], Any] | None = None,
) -> HashtagPage:
    """The hashtag, how many public stories carry it, and its recent daily timeline.

    ``Hashtag.DoesNotExist`` unless the viewer may read at least one story that carries it:
    a tag used only on private drafts, hidden or deleted stories answers as a tag never used.
    ``seen_one``: the caller has just shown the viewer such a story, read through the policy,
    so that check is already made. The tag and its timeline (the same for every reader, and
    counts a moment old are fine) are kept in the shared cache for ``CARD_LIST_SECONDS``.
    ``ValidationError`` for a hashtag that is not valid. ``read``: how to read the shared
    cache (a request's keys read ahead, ``core.requestcache``), else ``cache.get``."""
    key = schema.clean_filters({"hashtag": raw})["hashtag"]
    cache_key = hashtag_page_key(key, days)
    shared = (read or cache.get)(cache_key) if settings.CARD_LIST_SECONDS else None
    if not isinstance(shared, HashtagPage):
        hashtag = Hashtag.objects.get(key=key)
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        # Daily counts: a moment old is fine, from a replica (or the primary if it is down).
        timeline = dbrouting.replica_or_primary(
            lambda: list(HashtagDay.objects.filter(hashtag=hashtag, day__gte=since).order_by("day"))
        )
        shared = HashtagPage(hashtag=hashtag, timeline=timeline)
        if settings.CARD_LIST_SECONDS:
            cache.set(cache_key, shared, timeout=settings.CARD_LIST_SECONDS)
    if not seen_one and not (
        policy.visible_stories(viewer=viewer).filter(storyhashtag__hashtag=shared.hashtag).exists()
    ):
        raise Hashtag.DoesNotExist
    return shared


def story_thread(*, viewer: Viewer, story: Story) -> list[Reply]:
    """The replies the viewer may read under a story, each with ``shown_name`` (how it is
    signed, by the policy) and ``by_viewer`` set for the template."""
    replies = list(policy.visible_replies(viewer=viewer, story=story)[:MAX_THREAD])
    member = policy.member_of(viewer)
    for reply in replies:
        reply.shown_name = policy.reply_shown_name(reply, story)  # type: ignore[attr-defined]
        reply.by_viewer = member is not None and reply.author_id == member.pk  # type: ignore[attr-defined]
        reply.signed_anonymously = policy.reply_by_anonymous_author(reply, story)  # type: ignore[attr-defined]
    return replies


def stories_of(*, author: User) -> QuerySet[Story]:
    """The member's own stories, drafts and hidden ones included, newest first."""
    return Story.objects.filter(author=author).prefetch_related(HASHTAGS_PREFETCH).order_by("-id")


@dataclass
class ClosedThread:
    story: Story
    username: str


@dataclass
class Blocks:
    members: list[str]
    muted: list[Story]
    closed: list[ClosedThread]


def blocks_of(*, member: User) -> Blocks:
    """What the member blocked, muted, and closed their anonymous threads to (three queries).

    Muted stories are listed while they are still shared: one hidden, made private or deleted
    since simply leaves the list, so the list does not tell which of those happened."""
    return Blocks(
        members=list(
            Block.objects.filter(blocker=member)
            .order_by("blocked__username")
            .values_list("blocked__username", flat=True)
        ),
        muted=[
            mute.story
            for mute in StoryMute.objects.filter(
                member=member, made_by=MutedBy.MEMBER, story__listed__in=[True]
            )
            .select_related("story")
            .order_by("-id")
        ],
        closed=[
            ClosedThread(story=mute.story, username=mute.member.username)
            for mute in StoryMute.objects.filter(story__author=member, made_by=MutedBy.AUTHOR)
            .select_related("story", "member")
            .order_by("-id")
        ],
    )
