# ruff: noqa: RUF002, RUF003  (look-alikes of Latin tags in other scripts are the point of this check)
"""The story schema's hashtag rules (``schema``): one tag by its spelling (UAX #31 through
``stories.text``), and a story's list of tags, where a new tag that looks like another in
another alphabet (a UTS #39 whole-script confusable) is refused."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from notalone.core.unitext import isolate
from notalone.stories.models import Hashtag
from notalone.stories.text import (
    InvalidHashtag,
    imitates_another_script,
    look_alike,
    normalize_hashtag,
    script_codes,
)

MAX_HASHTAGS = 10
DEFAULT_HASHTAGS = ("MeToo",)


def check_hashtag(value: str) -> tuple[str, str]:
    """(display name, matching key) of one hashtag, by its spelling alone: what a feed
    filter, a ``/tags/…/`` address and a stored tag are checked with. Whether a *new* tag
    passes for an existing one is ``check_hashtags``'s question, asked only on writing."""
    try:
        return normalize_hashtag(value)
    except InvalidHashtag as error:
        raise ValueError(str(error)) from None


def _look_alike_refusal(name: str, other: str) -> str:
    return _(
        "#%(name)s looks the same as the tag #%(other)s but is written in another "
        "alphabet, so readers could not tell them apart. Use #%(other)s, or "
        "change the tag."
    ) % {"name": isolate(name), "other": isolate(other)}


def _look_alike_problems(tags: list[tuple[str, str]]) -> list[str]:
    """Refusals for the tags that are new (no stored tag has their key) and look like a
    stored tag, or like an earlier new tag of the same list, in another alphabet.

    A whole-script confusable (UTS #39 §4): ``#МеТоо`` in Cyrillic would open a page that
    looks like #MeToo's, and ``#POPE`` in Latin one that looks like ``#РОРЕ``'s. The rule is
    symmetric: whichever alphabet came first keeps the look, and the newcomer is refused
    rather than merged (the same letters are a real word in Russian or Greek as often as a
    disguise, and merging would put them on a page of another language). Only pairs where
    one side holds Cyrillic or Greek letters, or whose scripts differ (Lisu, Cherokee,
    Armenian letters or an ideographic zero that look like Latin ones), are compared:
    skeletons within one script would refuse real words (``#burn`` and ``#bum``). A tag already stored is never refused here,
    so its page stays reachable and its stories stay editable, even beside a look-alike that
    predates this rule."""
    stored = set(
        Hashtag.objects.filter(key__in=[key for _, key in tags]).values_list("key", flat=True)
    )
    new = [
        (name, key, {look_alike(name), look_alike(key)}) for name, key in tags if key not in stored
    ]
    if not new:
        return []
    shapes = set().union(*(shape for _, _, shape in new))
    existing = list(
        Hashtag.objects.filter(look_alike__in=shapes)
        .order_by("pk")
        .values_list("name", "key", "look_alike")
    )
    problems: list[str] = []
    for name, key, shape in new:
        for other, other_key, other_shape in existing:
            if other_key != key and other_shape in shape and _imitation(name, other):
                problems.append(_look_alike_refusal(name, other))
                break
        else:
            existing.append((name, key, look_alike(name)))
    return problems


def _imitation(name: str, other: str) -> bool:
    # Cyrillic or Greek on either side, or letters of different scripts (Lisu ``ꓟꓰꓔꓳꓳ``,
    # Cherokee ``ᎷᎬᎢᎾᎾ``, Armenian ``օ`` or the ideographic zero ``〇`` in a Latin tag): a
    # pair written in the same script (``#burn`` and ``#bum``) is two words.
    return (
        imitates_another_script(name)
        or imitates_another_script(other)
        or script_codes(name) != script_codes(other)
    )


def check_hashtags(values: Sequence[str] | None) -> list[tuple[str, str]]:
    tags: list[tuple[str, str]] = []
    problems: list[str] = []
    given = DEFAULT_HASHTAGS if values is None else values
    if len(given) > MAX_HASHTAGS:
        raise ValueError(_("Use at most %(max)d hashtags.") % {"max": MAX_HASHTAGS})
    for raw in given:
        try:
            name, key = check_hashtag(raw)
        except ValueError as error:
            problems.append(str(error))
            continue
        if key not in {k for _, k in tags}:
            tags.append((name, key))
    if tags:
        problems.extend(_look_alike_problems(tags))
    if problems:
        raise ValueError(*problems)
    return tags
