"""The part of a story card that is the same for every reader, rendered once and cached.

A feed page shows 20 cards; rendering each through Django's templates costs about half a
millisecond. The card's text, meta line and hashtags depend only on the story (and the
language), so they are cached under a key that changes whenever any of them can: an edit
(``updated_at``), the signature, and the language. The reactions, which depend on the
reader, are rendered fresh. One ``get_many`` and at most one ``set_many`` per page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from notalone.stories.models import HASHTAGS_PREFETCH, Story

CARD_TTL_SECONDS = 600


def _key(story: Story, language: str) -> str:
    return f"card:v1:{story.pk}:{story.updated_at.timestamp()}:{story.signature}:{story.author_name}:{language}"


def attach_card_html(stories: Sequence[Story]) -> None:
    if not stories:
        return
    language = translation.get_language() or "en"
    keys = {story.pk: _key(story, language) for story in stories}
    found = cache.get_many(list(keys.values()))
    # Hashtags only for the cards to render (one query), unless the caller fetched them.
    prefetch_related_objects([s for s in stories if keys[s.pk] not in found], HASHTAGS_PREFETCH)
    missing = {}
    for story in stories:
        html = found.get(keys[story.pk])
        if html is None:
            html = render_to_string("stories/_story_card_content.html", {"story": story})
            missing[keys[story.pk]] = html
        story.card_html = mark_safe(html)  # type: ignore[attr-defined]  # noqa: S308
    if missing:
        cache.set_many(missing, timeout=CARD_TTL_SECONDS)
