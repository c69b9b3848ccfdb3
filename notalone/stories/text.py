"""From what an author typed to safe HTML, and hashtags to their matching form."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

from notalone.stories.models import HASHTAG_MAX_LENGTH

_ALLOWED_TAGS = {"p", "br", "em", "strong"}
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _is_hashtag_character(char: str) -> bool:
    # Letters, marks (the vowel signs of Devanagari, Arabic harakat), digits, and "_".
    return unicodedata.category(char)[0] in "LMN" or char == "_"


def render_text(text: str) -> str:
    """Plain text with paragraphs, and at most **strong** and *emphasis*.

    Everything the author typed is escaped first, so no markup of theirs survives; the
    result then goes through nh3 (the Ammonia sanitizer) with four allowed tags, as a second
    wall should the formatting code above ever be wrong.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text):
        escaped = html.escape(chunk.strip(), quote=True)
        escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
        escaped = _EMPHASIS.sub(r"<em>\1</em>", escaped)
        paragraphs.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    return nh3.clean("".join(paragraphs), tags=_ALLOWED_TAGS, attributes={}, link_rel=None)


class InvalidHashtag(ValueError):
    pass


def normalize_hashtag(raw: str) -> tuple[str, str]:
    """Return (display name, matching key) for a hashtag such as "#YoTambién".

    Matching is case-insensitive and Unicode-aware: NFKC folds compatibility forms (full-width
    letters), casefold() folds case in every script ("ß" matches "SS").
    """
    name = unicodedata.normalize("NFKC", raw.strip()).lstrip("#\uff03")
    if not name:
        raise InvalidHashtag("A hashtag needs at least one letter or digit after #.")
    if len(name) > HASHTAG_MAX_LENGTH:
        raise InvalidHashtag(
            f"#{name[:20]}… is too long: a hashtag has at most {HASHTAG_MAX_LENGTH} characters."
        )
    if not all(_is_hashtag_character(char) for char in name):
        raise InvalidHashtag(
            f"#{name} is not a valid hashtag: use letters, digits and underscores only, with no spaces."
        )
    return name, name.casefold()


def split_hashtags(raw: str) -> list[str]:
    """Split "#MeToo #YoTambién, BalanceTonPorc" into its tags."""
    return [
        part for part in re.split(r"[\s,]+", raw.strip()) if part and part not in ("#", "\uff03")
    ]
