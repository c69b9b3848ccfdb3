"""A feed page (the latest, most supported, a hashtag, filters) from one shared rendered list.

A viral day is mostly many readers asking for the same few pages. For each audience
(``policy.audience_stories``: readers who are not signed in, or members), address, filters,
cursor and language, the page's story cards are chosen and rendered once and kept in the
shared cache, with a few cards beyond the page (``SPARE``). Each request then lays the reader's
own state over that list:

- their blocks and mutes (``policy.feed_exclusions``, read on the primary, every time: no
  cache ever holds a block back) take cards out, and when that leaves less than a page while
  more stories exist, the page is read afresh through ``policy.visible_stories``;
- their reactions press their buttons. Both are read in one statement on the primary
  (``_member_state``: the policy's query and the reactions' query, ``UNION ALL``).

Freshness: the list is tagged with the page cache's generation (``core.pagecache``), which every
edit, hide, restore, deletion, change of audience, reply hidden or deleted and account deletion
moves at once, so none of those ever shows from an old list. Each process also keeps the lists
it has read (the generation is still read from the shared cache on every request), which saves
reading and unpickling the list's tens of kilobytes on most requests. New stories and reaction counts
show within ``CARD_LIST_SECONDS`` (5 s by default; 0 turns the shared list off), except to a
member who has just written (``core.dbrouting.wrote_key``): their pages are read afresh.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpRequest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from notalone.accounts.models import User
from notalone.core import dbrouting, pagecache, requestcache
from notalone.stories import policy, selectors
from notalone.stories.cards import attach_card_html
from notalone.stories.models import Block, Story
from notalone.stories.templatetags.stories_tags import (
    REACTIONS_END,
    buttons_writer,
    reaction_words_start,
    reactions_csrf_token,
)

# Cards kept beyond a page, so that a member's blocks and mutes rarely leave it short.
SPARE = 10
_CARD_END = REACTIONS_END + "</article>"


@dataclass(frozen=True)
class Card:
    """One story's card: what the policy's exclusions and the cursor need, and its HTML up to
    the reader's reaction buttons (text, meta line, hashtags, counts in words)."""

    pk: int
    author_id: int | None
    signature: str
    public_id: str
    support_count: int
    html: str


@dataclass
class CardPage:
    """``items``: the cards shown; ``html``: them with this reader's buttons."""

    items: list[Card]
    next_cursor: str | None
    html: SafeString


def _card(story: Story) -> Card:
    html = (
        f'<article class="story-card" aria-labelledby="story-{story.public_id}-title">\n  '
        f"{story.card_html}\n  {reaction_words_start(story)}"  # type: ignore[attr-defined]
    )
    return Card(
        pk=story.pk,
        author_id=story.author_id,
        signature=story.signature,
        public_id=story.public_id,
        support_count=story.support_count,
        html=html,
    )


def _cards(stories: list[Story]) -> list[Card]:
    attach_card_html(stories)
    return [_card(story) for story in stories]


def _list_key(audience: str, filters: selectors.FeedFilters, cursor: str | None) -> str:
    identity = json.dumps([filters.as_dict(), cursor, translation.get_language()])
    return f"cardlist:v2:{audience}:{hashlib.sha256(identity.encode()).hexdigest()}"


# Lists kept in this process as well, by key: (until, generation, cards, more). ``until`` is
# when the list was read from the database plus CARD_LIST_SECONDS, as for the shared copy, so
# a kept list shows nothing older than the shared one could; the generation is still read
# from the shared cache on every request, so an edit, hide or deletion drops it at once.
_KEPT: dict[str, tuple[float, int, list[Card], bool]] = {}
KEPT_LISTS = 128


def _keep(key: str, until: float, generation: int, cards: list[Card], more: bool) -> None:
    while len(_KEPT) >= KEPT_LISTS:
        try:
            del _KEPT[next(iter(_KEPT))]  # the oldest
        except (KeyError, RuntimeError, StopIteration):  # another thread got there first
            break
    _KEPT[key] = (until, generation, cards, more)


def _shared_list(
    audience: str,
    filters: selectors.FeedFilters,
    cursor: str | None,
    count: int,
    member_pk: int | None,
    request: HttpRequest,
    read_also: tuple[str, ...],
) -> tuple[list[Card], bool]:
    """The audience's first ``count`` cards after ``cursor``, and whether more exist: kept in
    this process or in the shared cache for the current generation (unless the member has
    just written), else from the database. One cache round trip, which also reads
    ``read_also`` ahead for the rest of the page (``core.requestcache``); the list itself is
    read from the shared cache only when this process does not hold it (a second round trip
    when the one it holds is of an older generation)."""
    seconds = settings.CARD_LIST_SECONDS
    if not seconds:
        stories = selectors.feed_stories(
            policy.audience_stories(audience), filters, cursor, count, with_hashtags=False
        )
        return _cards(stories), len(stories) == count
    key = _list_key(audience, filters, cursor)
    now = time.time()
    kept = _KEPT.get(key)
    if kept is not None and kept[0] <= now:
        kept = None
    keys = [pagecache.GENERATION_KEY]
    if kept is None:
        keys.append(key)
    if member_pk is not None:
        keys.append(dbrouting.wrote_key(member_pk))
    found = requestcache.read_ahead(request, [*keys, *read_also])
    fresh = member_pk is not None and dbrouting.wrote_key(member_pk) in found
    generation = pagecache.generation(found.get(pagecache.GENERATION_KEY))
    if not fresh:
        if kept is not None and kept[1] == generation:
            return kept[2], kept[3]
        cached = found.get(key) if kept is None else cache.get(key)
        if isinstance(cached, tuple) and len(cached) == 4 and cached[0] == generation:
            _, cards, more, read_at = cached
            if read_at + seconds > now:
                _keep(key, read_at + seconds, generation, cards, more)
            return cards, more
    read_at = time.time()
    stories = selectors.feed_stories(
        policy.audience_stories(audience), filters, cursor, count, with_hashtags=False
    )
    cards, more = _cards(stories), len(stories) == count
    if not fresh:
        # Tagged with the generation read before the database: a change committed meanwhile
        # has moved it, and the next reader renders the list again.
        cache.set(key, (generation, cards, more, read_at), timeout=seconds)
        _keep(key, read_at + seconds, generation, cards, more)
    return cards, more


def feed_cards(
    *,
    request: HttpRequest,
    filters: selectors.FeedFilters,
    cursor: str | None = None,
    limit: int = selectors.PAGE_SIZE,
    read_also: tuple[str, ...] = (),
) -> CardPage:
    """One feed page for ``request.user``, exactly the stories ``selectors.story_feed`` would
    give them, in the same order and with the same next cursor, as rendered HTML.

    ``ValidationError`` for a filter or cursor that is not valid. Queries: none on a shared
    list held in the cache for a reader who is not signed in; for a member, one statement for
    their exclusions and their reactions (on indexes). ``read_also``: other shared cache keys the page
    will read, fetched in the same round trip as the list (``core.requestcache.get``)."""
    viewer = request.user
    filters = filters.cleaned()
    limit = max(1, min(limit, selectors.MAX_PAGE_SIZE))
    member = policy.member_of(viewer)
    cards, more = _shared_list(
        policy.audience_of(viewer),
        filters,
        cursor,
        limit + 1 + SPARE,
        member.pk if member is not None else None,
        request,
        read_also,
    )
    exclusions, reacted = _member_state(member, [card.pk for card in cards])
    kept = [
        card
        for card in cards
        if not exclusions.hides(
            story_id=card.pk, author_id=card.author_id, signature=card.signature
        )
    ]
    if len(kept) <= limit and more:
        # Blocks and mutes took out more than the spare cards: this member's own page.
        stories = selectors.feed_stories(
            policy.visible_stories(viewer=viewer), filters, cursor, limit + 1, with_hashtags=False
        )
        kept = _cards(stories)
        if member is not None:
            reacted = selectors.reactions_by_story(
                member=member, story_ids=[card.pk for card in kept]
            )
    items = kept[:limit]
    next_cursor = None
    if len(kept) > limit:
        next_cursor = selectors.cursor_after(items[-1].pk, items[-1].support_count, filters)
    html = _with_buttons(request, items, reacted if member is not None else None)
    return CardPage(items=items, next_cursor=next_cursor, html=html)


def _member_state(
    member: User | None, story_ids: list[int]
) -> tuple[policy.FeedExclusions, dict[int, set[str]]]:
    """The member's exclusions (``policy.feed_exclusions``: their blocks and mutes, from the
    primary) and their reactions to these stories (``selectors.reactions_by_story``), in one
    round trip to the primary; nothing for a reader who is not signed in."""
    if member is None:
        return policy.FeedExclusions(), {}
    if not story_ids:
        return policy.feed_exclusions(member), {}
    exclusions_sql, exclusions_params = policy.feed_exclusions_query(member)
    reactions_sql, reactions_params = selectors.reactions_query(member, story_ids)
    with connections[router.db_for_read(Block)].cursor() as cursor:
        cursor.execute(
            f"{exclusions_sql} UNION ALL {reactions_sql}", exclusions_params + reactions_params
        )
        rows = cursor.fetchall()
    return policy.feed_exclusions_from(rows), selectors.reactions_from(rows)


def _with_buttons(
    request: HttpRequest, items: list[Card], reacted: dict[int, set[str]] | None
) -> SafeString:
    """The cards, each with the reader's reaction buttons (members only: ``reacted``, their
    reactions by story).

    The shared cards hold nothing of any reader; here, per request, only what is this
    member's: their CSRF token, and which of their buttons are pressed (``buttons_writer``:
    the buttons' HTML is written once per process and filled in).
    """
    if reacted is None:
        return mark_safe("".join(card.html + _CARD_END for card in items))  # noqa: S308
    given = reacted
    write = buttons_writer(reactions_csrf_token(request))
    none: set[str] = set()
    return mark_safe(  # noqa: S308  (cards rendered by templates; buttons escaped)
        "".join(
            card.html + write(card.public_id, given.get(card.pk, none)) + _CARD_END
            for card in items
        )
    )
