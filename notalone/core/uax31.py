# ruff: noqa: RUF002  (the apostrophes and the Persian word are the point of this docstring)
"""UAX #31 identifiers: what a hashtag's name (and a username) may be.

``identifier_problem(name)``
    UAX #31 identifier syntax (``<Continue>+ (<Medial> <Continue>+)*``, with XID_Continue,
    the non-ASCII medial punctuation of its Table 3, and ZWJ/ZWNJ only in the contexts of
    §2.3 (Persian ``نرم\u200cافزار``, Indic half forms).

Medials
    Of Table 3's ASCII medials, ``-`` and ``:`` are not taken (typed after a tag in running
    text, they end it), and the full stop only between two ``l`` (the Catalan ``il.lusió``).
    Apostrophes are taken, all alike: every character that ``unitext.fold`` reads as U+0027
    (U+0027 itself, U+2018, U+2019, the full-width U+FF07, the Armenian U+055A, the Hebrew
    geresh U+05F3) joins two parts of a name, as U+2019 always did, and none may start or end
    it or follow another medial. So ``#İstanbul'da`` and ``#İstanbul’da`` are both accepted,
    and are one tag (their keys are equal), as are ``#aujourd'hui``/``#aujourd’hui`` and
    ``#l'école``/``#l’école``. Before the issue 11 review the ASCII apostrophe was refused
    while U+2019 was accepted: the tag depended on the keyboard. (The modifier letters U+02BC
    and U+02BB are letters: they may also start a name, as a Hawaiian word does.)
"""

from __future__ import annotations

import unicodedata

import icu

from notalone.core.unitext import APOSTROPHE_PUNCTUATION

ZWNJ = "\u200c"
ZWJ = "\u200d"
# UAX #31 Table 3 (optional medial characters) without "-", "." and ":", which typed after a
# tag end it rather than join two parts, and with every apostrophe ``fold`` reads as U+0027
# (``unitext.APOSTROPHE_PUNCTUATION``: Table 3's U+0027 and U+2019 among them), so that an
# apostrophe joins a tag's parts whichever one the keyboard typed.
MEDIAL = frozenset("\u00b7\u0387\u058a\u05f3\u05f4\u0f0b\u2010\u2027\u30a0\u30fb") | frozenset(
    APOSTROPHE_PUNCTUATION
)
_VIRAMA = 9  # Canonical_Combining_Class=Virama


def _joining_type(char: str) -> int:
    return int(icu.Char.getIntPropertyValue(char, icu.UProperty.JOINING_TYPE))


class _JT:
    """ICU's UJoiningType values (PyICU does not export the enumeration)."""

    DUAL_JOINING = 2
    LEFT_JOINING = 3
    RIGHT_JOINING = 4
    TRANSPARENT = 5


def _zwnj_joins(name: str, index: int) -> bool:
    """UAX #31 §2.3 A1: /$LJ $T* ZWNJ $T* $RJ/, or A2: /$L $M* $V $M1* ZWNJ/."""
    before = index - 1
    while before >= 0 and _joining_type(name[before]) == _JT.TRANSPARENT:
        before -= 1
    after = index + 1
    while after < len(name) and _joining_type(name[after]) == _JT.TRANSPARENT:
        after += 1
    if (
        before >= 0
        and after < len(name)
        and _joining_type(name[before]) in (_JT.DUAL_JOINING, _JT.LEFT_JOINING)
        and _joining_type(name[after]) in (_JT.DUAL_JOINING, _JT.RIGHT_JOINING)
    ):
        return True
    return _after_virama(name, index)


def _after_virama(name: str, index: int) -> bool:
    """/$L $M* $V $M1* (ZWJ|ZWNJ)/: a letter, marks, a virama, then nonspacing marks."""
    position = index - 1
    while (
        position >= 0
        and unicodedata.combining(name[position]) == 0
        and (unicodedata.category(name[position]) == "Mn")
    ):
        position -= 1
    if position < 0 or unicodedata.combining(name[position]) != _VIRAMA:
        return False
    position -= 1
    while position >= 0 and unicodedata.combining(name[position]) != 0:
        position -= 1
    return position >= 0 and unicodedata.category(name[position]).startswith("L")


def _zwj_joins(name: str, index: int) -> bool:
    """UAX #31 §2.3 B: /$L $M* $V $M1* ZWJ (?!$D)/ ($D: a dependent vowel)."""
    if not _after_virama(name, index):
        return False
    following = name[index + 1 : index + 2]
    return not following or not unicodedata.category(following).startswith("M")


def _between_ls(name: str, index: int) -> bool:
    """Whether ``name[index]`` sits between two ``l`` or ``L`` (the Catalan ``l.l``)."""
    return 0 < index < len(name) - 1 and name[index - 1] in "lL" and name[index + 1] in "lL"


def identifier_problem(name: str) -> str | None:
    """None when ``name`` is a UAX #31 identifier as hashtags use it (see the module's
    docstring), or which rule it breaks: ``"character"``, ``"joiner"`` or ``"medial"``."""
    previous_medial = True  # nothing before the first character: a medial cannot start
    for index, char in enumerate(name):
        if char in MEDIAL or (char == "." and _between_ls(name, index)):
            if previous_medial or index == len(name) - 1:
                return "medial"
            previous_medial = True
            continue
        if char == ZWNJ:
            if index == 0 or not _zwnj_joins(name, index):
                return "joiner"
        elif char == ZWJ:
            if index == 0 or not _zwj_joins(name, index):
                return "joiner"
        elif not icu.Char.hasBinaryProperty(char, icu.UProperty.XID_CONTINUE):
            return "character"
        previous_medial = False
    return None
