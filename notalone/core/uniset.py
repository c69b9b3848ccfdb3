"""Unicode properties (ICU's UnicodeSet patterns) as Python regular expression classes."""

from __future__ import annotations

import re

import icu


def char_class(pattern: str) -> str:
    """A ``re`` character class body for an ICU UnicodeSet pattern (``"[:Han:]"``)."""
    unicode_set = icu.UnicodeSet(pattern)
    parts = []
    for index in range(unicode_set.getRangeCount()):
        # PyICU gives each range's ends as one-character strings.
        start, end = unicode_set.getRangeStart(index), unicode_set.getRangeEnd(index)
        parts.append(re.escape(start) + ("-" + re.escape(end) if end > start else ""))
    return "".join(parts)
