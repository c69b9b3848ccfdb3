# ruff: noqa: RUF002, RUF003  (Cyrillic look-alikes of Latin tags are the point of hashtag checks)
"""From what an author typed to safe HTML, and hashtags to their matching form."""

from __future__ import annotations

import functools
import html
import re
import unicodedata

import icu
import nh3
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notalone.core.invisible import character_name
from notalone.core.textrules import cluster_problem
from notalone.core.uax31 import MEDIAL, identifier_problem, is_combining_mark
from notalone.core.unitext import fold, isolate
from notalone.stories.models import HASHTAG_MAX_LENGTH

_ALLOWED_TAGS = {"p", "br", "em", "strong"}
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


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


# The matching key is stored in a column three times the name's length.
HASHTAG_KEY_MAX_LENGTH = HASHTAG_MAX_LENGTH * 3


# The full stops of every script: Unicode's Sentence_Terminal characters (UAX #44) named
# FULL STOP or DANDA (ASCII, ideographic, full-width, Arabic, Devanagari …). A "!" or "?"
# after a tag is refused as before.
_SENTENCE_ENDS = "".join(
    char
    for char in icu.UnicodeSet("[:Sentence_Terminal:]")
    if "FULL STOP" in unicodedata.name(char, "") or "DANDA" in unicodedata.name(char, "")
)


def hashtag_key(name: str) -> str:
    """The matching key of a hashtag's name (without "#"): ``unitext.fold``, the folding
    search uses, so ``#İstanbul``/``#istanbul``, ``#català``/``#catala``,
    ``#il·lusió``/``#il.lusio``, ``#نرم‌افزار``/``#نرمافزار``, a tag written with any
    apostrophe (``'``, U+2019, U+02BC) and a Hebrew tag with or without its gershayim (``#צהל``)
    are one tag, and searching for a tag finds it. An apostrophe at either end (U+02BC and
    U+02BB are letters, so a tag may start with one, as Hawaiian words do) is not part
    of the word search cuts, nor of the key."""
    return fold(name).strip("'")


# UTS #39 §5.2 "Moderately Restrictive": Latin with one other script that is not Cyrillic,
# Greek or Cherokee, or Han with Hiragana and Katakana, Bopomofo or Hangul (with or without
# Latin); Common and Inherited characters (digits, "_", marks) go with any. Single-script tags
# in any script pass. ICU (PyICU) holds Unicode's Script_Extensions and confusables data.
_SCRIPTS = icu.SpoofChecker()
_SCRIPTS.setChecks(icu.USpoofChecks.RESTRICTION_LEVEL)
_SCRIPTS.setRestrictionLevel(icu.URestrictionLevel.MODERATELY_RESTRICTIVE)
_SKELETONS = icu.SpoofChecker()
# Letters of these scripts can spell a whole Latin tag (``МеТоо`` for ``MeToo``).
_IMITATING_SCRIPTS = icu.UnicodeSet("[[:Cyrillic:][:Greek:]]")


def _scripts_of(name: str) -> list[str]:
    """The scripts of ``name``'s letters, named in the reader's language (ICU's CLDR names)."""
    reader = icu.Locale(get_language() or "en")
    found: dict[str, None] = {}
    for char in name:
        code = icu.Script.getScript(char).getShortName()
        if code not in ("Zyyy", "Zinh"):
            found[icu.Locale(f"und_{code}").getDisplayScript(reader)] = None
    return list(found)


def look_alike(name: str) -> str:
    """What ``name`` looks like: its UTS #39 confusable skeleton, folded, skeleton again (the
    skeleton maps ``Т`` to ``T`` and ``m`` to ``rn`` but keeps case, so ``МеТоо``, ``MeToo``
    and ``metoo`` all give ``rnetoo``). Stored on each tag as ``Hashtag.look_alike``."""
    return str(_SKELETONS.getSkeleton(0, fold(_SKELETONS.getSkeleton(0, name))))


def imitates_another_script(name: str) -> bool:
    """Whether ``name`` holds Cyrillic or Greek letters, which can spell a Latin tag."""
    return any(_IMITATING_SCRIPTS.contains(char) for char in name)


def script_codes(name: str) -> frozenset[str]:
    """The ISO 15924 codes of the scripts of ``name``'s characters, Common and Inherited left
    out (``MeToo`` is ``{"Latn"}``, ``metօօ`` with Armenian letters ``{"Latn", "Armn"}``)."""
    codes = {icu.Script.getScript(char).getShortName() for char in name}
    return frozenset(codes - {"Zyyy", "Zinh"})


@functools.lru_cache(maxsize=2048)
def normalize_hashtag(raw: str) -> tuple[str, str]:
    """Return (display name, matching key) for a hashtag such as "#YoTambién".

    Kept per process for the last 2,048 spellings (it depends on its argument alone; a refusal
    is not kept, its message being in the reader's language): a hashtag's page checks its
    tag three times, and a page of stories shows many tags.

    The name must be an identifier by UAX #31 (see ``core.unitext.identifier_problem``):
    letters, marks, digits and connectors such as "_", the joiners ZWNJ/ZWJ only where a
    script needs them, and medial punctuation such as the Catalan middle dot between two
    parts (or the full stop typed for it in ``il.lusió``) or an apostrophe, whichever one
    was typed (``#İstanbul'da`` and ``#İstanbul’da``: see ``core.uax31``). A full stop after the tag
    (a sentence's end) is not part of it (``#MeToo.`` is ``MeToo``). It needs a letter or digit
    (``#_`` is refused), no symbol of more characters than any other text allows
    (``textrules.cluster_problem``), and scripts mixed no more than UTS #39's Moderately
    Restrictive level allows (``#metоo`` with a Cyrillic "о" is refused). Characters outside
    XID_Continue are refused: it is closed under NFKC, so superscripts (``#¹²³``) and other
    compatibility forms that would fold to another spelling are not in it. The display name is what the author typed (NFC, without the "#"); the key
    is ``hashtag_key`` of it. Raises ``InvalidHashtag`` with a message for the author.
    """
    name = unicodedata.normalize("NFC", raw.strip())
    name = name.removeprefix("#").removeprefix("\uff03").removeprefix("\ufe5f")
    # A tag that ends a sentence ("#MeToo." or "#米兔。") keeps the full stop outside it.
    name = name.rstrip(_SENTENCE_ENDS)
    if not name:
        raise InvalidHashtag(_("A hashtag needs at least one letter or digit after #."))
    if len(name) > HASHTAG_MAX_LENGTH:
        raise InvalidHashtag(
            _("#%(start)s… is too long: a hashtag has at most %(max)d characters.")
            % {"start": isolate(name[:20]), "max": HASHTAG_MAX_LENGTH}
        )
    overlong = cluster_problem(name)
    if overlong is not None:
        raise InvalidHashtag(overlong)
    problem = identifier_problem(name)
    if problem == "mark":
        starts = [0] + [i + 1 for i, char in enumerate(name[:-1]) if char in MEDIAL or char == "."]
        mark = next(name[i] for i in starts if is_combining_mark(name[i]))
        raise InvalidHashtag(
            _(
                "#%(name)s starts with %(mark)s, a mark that belongs on a letter. Start the tag, "
                "and each part after an apostrophe or a middle dot, with a letter or digit."
            )
            % {"name": isolate(name), "mark": character_name(mark)}
        )
    if problem == "joiner":
        raise InvalidHashtag(
            _(
                "#%(name)s has an invisible joining character where its script does not use one. Remove it, or write the word without it."
            )
            % {"name": isolate(name)}
        )
    if problem == "medial":
        raise InvalidHashtag(
            _(
                "#%(name)s is not a valid hashtag: a middle dot, hyphen or apostrophe can only join two parts of a word."
            )
            % {"name": isolate(name)}
        )
    if problem is not None:
        raise InvalidHashtag(
            _(
                "#%(name)s is not a valid hashtag: use letters, digits and underscores, with no spaces or punctuation."
            )
            % {"name": isolate(name)}
        )
    if not any(unicodedata.category(char)[0] in "LN" for char in name):
        raise InvalidHashtag(
            _("#%(name)s is not a valid hashtag: it needs at least one letter or digit.")
            % {"name": isolate(name)}
        )
    if _SCRIPTS.check(name) & icu.USpoofChecks.RESTRICTION_LEVEL:
        raise InvalidHashtag(
            _(
                "#%(name)s mixes letters of %(scripts)s, so it could pass for another tag. "
                "Write it in one alphabet (Latin may go with one other alphabet that is not "
                "Cyrillic or Greek, and Chinese characters with Japanese kana or Korean)."
            )
            % {"name": isolate(name), "scripts": ", ".join(_scripts_of(name))}
        )
    key = hashtag_key(name)
    if key and is_combining_mark(key[0]):
        # A letter that folds away (the modifier apostrophe in ``#ʼ\u0301MeToo``) left the
        # key starting with a mark: the page would be one no address could reach.
        raise InvalidHashtag(
            _(
                "#%(name)s starts with %(mark)s, a mark that belongs on a letter. Start the tag, "
                "and each part after an apostrophe or a middle dot, with a letter or digit."
            )
            % {"name": isolate(name), "mark": character_name(key[0])}
        )
    if not key or len(key) > HASHTAG_KEY_MAX_LENGTH:
        raise InvalidHashtag(
            _("#%(name)s cannot be used as a hashtag; write it in fewer characters.")
            % {"name": isolate(name)}
        )
    return name, key


# Between two tags: spaces, and the comma of every script that people type tags with
# (Arabic U+060C, ideographic U+3001, full-width U+FF0C, small U+FE50 and U+FE51,
# half-width U+FF64).
_TAG_SEPARATORS = re.compile("[\\s,\u060c\u3001\uff0c\ufe50\ufe51\uff64]+")


def split_hashtags(raw: str) -> list[str]:
    """Split "#MeToo #YoTambién, BalanceTonPorc" into its tags, as typed, whichever script's
    comma separates them ("#米兔" and "#性侵" joined by an ideographic or full-width comma
    are two tags): a stray "#" is kept, so the schema tells the author about it exactly as
    the API would."""
    return [part for part in _TAG_SEPARATORS.split(raw.strip()) if part]
