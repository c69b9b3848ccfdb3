"""Invisible format characters that copying a number carries, removed before it is parsed.

A phone number copied from an Arabic, Persian or Hebrew page (or from a chat app showing one)
comes wrapped in bidirectional controls: the page or the app put RIGHT-TO-LEFT MARK,
LEFT-TO-RIGHT MARK or ARABIC LETTER MARK around it, or isolated it (LRI … PDI, FSI … PDI),
so that ``+1 800 656 4673`` reads left to right inside a right-to-left sentence. The marks
are invisible and travel with the copy; a parser that meets one between two digits refuses
the number (or, in running text, sees two short numbers). They say how to show a number,
never what it is, so every parser of a phone or hotline number removes them first, through
``without_invisible`` (help directory, ``NOTALONE_CRISIS_LINE_PHONE``, the PII shield, the
escrow's identifiers).

``INVISIBLE`` is written out rather than taken from Unicode's general category Cf, because
the escrow's browser port (``js/escrow/canonicalize.js``) must remove exactly the same
characters whatever Unicode version the browser has (tests/escrow/identifier_conformance.json
holds a case for each): every Bidi_Control character (UAX #9: ALM, LRM, RLM, LRE, RLE, PDF,
LRO, RLO, LRI, RLI, FSI, PDI) and the zero-width characters a copy also carries (ZERO WIDTH
SPACE, the joiners ZWNJ and ZWJ, WORD JOINER, and the byte order mark ZERO WIDTH NO-BREAK
SPACE).
"""

from __future__ import annotations

import re

# The Bidi_Control characters (PropList.txt; the set is stable since Unicode 6.3).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Bidi controls and zero-width characters, as a regular expression character class body.
INVISIBLE = f"\u200b-\u200d\u2060\ufeff{BIDI_CONTROLS}"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_VISIBLE_RUN = re.compile(f"[^{INVISIBLE}]+")


def without_invisible(text: str) -> str:
    """``text`` without its invisible format characters (``INVISIBLE``)."""
    return _INVISIBLE.sub("", text)


def visible_with_positions(text: str) -> tuple[str, list[int]]:
    """``without_invisible(text)`` and, for each of its characters, its index in ``text``
    (then ``len(text)``), so that a span found in the visible text is a span of ``text``:
    ``text[positions[start] : positions[end - 1] + 1]``."""
    runs = list(_VISIBLE_RUN.finditer(text))
    positions = [index for run in runs for index in range(run.start(), run.end())]
    return "".join(run.group() for run in runs), [*positions, len(text)]
