"""A feed page (the latest, most supported, a hashtag, filters) from one shared rendered list.

A viral day is mostly many readers asking for the same few pages. For each audience
(``policy.audience_stories``: readers who are not signed in, or members), address, filters,
cursor and language, the page's story cards are chosen and rendered once and kept in the
shared cache, with a few cards beyond the page (``SPARE``). Each request then lays the reader's
own state over that list:

- their blocks and mutes (``policy.feed_exclusions``, one indexed query on the primary, every
  time: no cache ever holds a block back) take cards out, and when that leaves less than a
  page while more stories exist, the page is read afresh through ``policy.visible_stories``;
- their reactions (one indexed query) press their buttons.

Freshness: the list is tagged with the page cache's generation (``core.pagecache``), which every
edit, hide, restore, deletion, change of audience, reply hidden or deleted and account deletion
moves at once, so none of those ever shows from an old list. New stories and reaction counts
show within ``CARD_LIST_SECONDS`` (5 s by default; 0 turns the shared list off), except to a
member who has just written (``core.dbrouting.wrote_key``): their pages are read afresh.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from notalone.core import dbrouting, pagecache, requestcache
from notalone.stories import policy, selectors
from notalone.stories.cards import attach_card_html
from notalone.stories.models import Story
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
    return f"cardlist:v1:{audience}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _shared_list(
    audience: str,
    filters: selectors.FeedFilters,
    cursor: str | None,
    count: int,
    member_pk: int | None,
    request: HttpRequest,
    read_also: tuple[str, ...],
) -> tuple[list[Card], bool]:
    """The audience's first ``count`` cards after ``cursor``, and whether more exist: from the
    shared cache when it holds them for the current generation (and the member has not just
    written), else from the database. One cache round trip, which also reads ``read_also``
    ahead for the rest of the page (``core.requestcache``)."""
    seconds = settings.CARD_LIST_SECONDS
    key = _list_key(audience, filters, cursor)
    keys = [pagecache.GENERATION_KEY, key]
    if member_pk is not None:
        keys.append(dbrouting.wrote_key(member_pk))
    found = requestcache.read_ahead(request, [*keys, *read_also]) if seconds else {}
    fresh = member_pk is not None and dbrouting.wrote_key(member_pk) in found
    generation = found.get(pagecache.GENERATION_KEY, 0)
    cached = found.get(key)
    if not fresh and isinstance(cached, tuple) and len(cached) == 3 and cached[0] == generation:
        return cached[1], cached[2]
    stories = selectors.feed_stories(
        policy.audience_stories(audience), filters, cursor, count, with_hashtags=False
    )
    cards, more = _cards(stories), len(stories) == count
    if seconds and not fresh:
        # Tagged with the generation read before the database: a change committed meanwhile
        # has moved it, and the next reader renders the list again.
        cache.set(key, (generation, cards, more), timeout=seconds)
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
    list held in the cache for a reader who is not signed in; for a member, their exclusions
    and their reactions (two, on indexes). ``read_also``: other shared cache keys the page
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
    exclusions = policy.feed_exclusions(viewer)
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
    items = kept[:limit]
    next_cursor = None
    if len(kept) > limit:
        next_cursor = selectors.cursor_after(items[-1].pk, items[-1].support_count, filters)
    return CardPage(items=items, next_cursor=next_cursor, html=_with_buttons(request, items))


def _with_buttons(request: HttpRequest, items: list[Card]) -> SafeString:
    """The cards, each with the reader's reaction buttons (members only; one query).

    The shared cards hold nothing of any reader; here, per request, only what is this
    member's: their CSRF token, and which of their buttons are pressed (``buttons_writer``:
    the buttons' HTML is written once per process and filled in).
    """
    if not request.user.is_authenticated:
        return mark_safe("".join(card.html + _CARD_END for card in items))  # noqa: S308
    member = policy.member_of(request.user)
    given = (
        selectors.reactions_by_story(member=member, story_ids=[card.pk for card in items])
        if member is not None
        else {}
    )
    write = buttons_writer(reactions_csrf_token(request))
    none: set[str] = set()
    return mark_safe(  # noqa: S308  (cards rendered by templates; buttons escaped)
        "".join(
            card.html + write(card.public_id, given.get(card.pk, none)) + _CARD_END
            for card in items
        )
    )
