"""Emoji as search terms: a search for 💜, 🫂, 🇮🇷 or 👩‍👩‍👧 finds the stories that hold it.

``fold`` (NFKC_Casefold) removes the default ignorable characters that emoji are built with
(ZWJ, the variation selectors, the tag characters of 🏴󠁧󠁢󠁳󠁣󠁴󠁿), and UAX #29 word breaking
keeps no emoji as a word, so before this rule an emoji was never a term. Emoji are therefore
taken out of the text before it is folded (``split``), and each becomes one term:

- One term per emoji as UTS #51 builds it, which is one extended grapheme cluster (UAX #29
  GB9, GB11, GB12/13): an Extended_Pictographic character with what extends it (presentation
  selector, skin tone, tag characters), a ZWJ sequence of them (``👩‍👩‍👧``, ``🏳️‍🌈``), a
  flag of two regional indicators (``🇮🇷``), a keycap (``1️⃣``).
- Folded: NFC, the variation selectors U+FE0E and U+FE0F removed (``❤️`` and ``❤`` are one
  term) and the five skin tones U+1F3FB to U+1F3FF removed, in a ZWJ sequence too (``👍🏽``
  finds ``👍`` and ``👍🏿``; ``👩🏽‍🤝‍👩🏻`` is ``👩‍🤝‍👩``). Everything else stays: a flag is its
  two letters, a family is its members (``👩‍👩‍👧`` is not ``👩‍👩‍👦``), a gendered emoji its
  sign (``🤦‍♀️`` is not ``🤦``).
- A document also answers for each emoji of a ZWJ sequence, as it does for the parts of a
  word with an apostrophe: ``👩`` finds ``👩‍👩‍👧``, ``🤦`` finds ``🤦‍♀️``; a query looks for
  the sequence as typed.
- A character that is Extended_Pictographic but that NFKC makes letters (``™``, U+2139 INFORMATION SOURCE, ``Ⓜ``)
  stays text, folded as before (``tm``, ``i``, ``m``).

Emoji terms are encoded like every other term (``unitext.encode_term``), so SQLite FTS5 and
PostgreSQL index them alike. Stories written before this rule are indexed again by migration
``stories/0016_emoji_search_terms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from notalone.core.uniset import char_class

ZWJ = "\u200d"
_PICTOGRAPHIC = char_class("[:Extended_Pictographic:]")
_EXTEND = char_class("[:Grapheme_Cluster_Break=Extend:]")
_REGIONAL_INDICATOR = "\U0001f1e6-\U0001f1ff"
# An emoji sequence, which is one extended grapheme cluster (see the module's docstring).
_SEQUENCE = re.compile(
    f"[{_PICTOGRAPHIC}][{_EXTEND}]*(?:{ZWJ}[{_PICTOGRAPHIC}][{_EXTEND}]*)*{ZWJ}?"
    f"|[{_REGIONAL_INDICATOR}]{{1,2}}[{_EXTEND}]*"
    "|[0-9#*]\ufe0f?\u20e3"
)
_STILL_EMOJI = re.compile(f"[{_PICTOGRAPHIC}{_REGIONAL_INDICATOR}]|^[0-9#*]\u20e3$")
# The presentation selectors and the skin tones (Emoji_Modifier): see the module's docstring.
_FOLDED_AWAY = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


def fold_emoji(sequence: str) -> str | None:
    """The term of one emoji sequence, or None when it is not one once NFKC has read it."""
    folded = _FOLDED_AWAY.sub("", unicodedata.normalize("NFC", sequence)).strip(ZWJ)
    if not _STILL_EMOJI.search(unicodedata.normalize("NFKC", folded)):
        return None
    return folded


def holds_emoji(text: str) -> bool:
    """Whether ``text`` holds an emoji that ``split`` makes a term."""
    return any(is_emoji for _piece, is_emoji in split(text))


def split(text: str) -> Iterator[tuple[str, bool]]:
    """(piece, emoji) of ``text`` in order: each emoji's term, and the text between them as
    written (to be folded and cut into words)."""
    position = 0
    for match in _SEQUENCE.finditer(text):
        term = fold_emoji(match.group())
        if term is None:
            continue
        if match.start() > position:
            yield text[position : match.start()], False
        yield term, True
        position = match.end()
    if position < len(text):
        yield text[position:], False


def parts(term: str) -> list[str]:
    """The emoji of a ZWJ sequence's term, which a document also answers for; none for a
    single emoji."""
    found = [part for part in dict.fromkeys(term.split(ZWJ)) if part]
    return found if found != [term] else []
