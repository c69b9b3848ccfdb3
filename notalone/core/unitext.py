"""Unicode text for matching: one folding for search and hashtags, and words.

UAX #31 identifiers (hashtags' names) are in ``core.uax31``, emoji as search terms in
``core.emoji``.

Everything here is pure Python over ICU (PyICU, the Unicode Consortium's own library), so a
document and a query are folded and cut by the same code whichever database stores them.

``fold(text)``
    NFKC_Casefold (UAX #31 §5 and UAX #44: NFKC, full case folding, default ignorables such
    as ZWJ, ZWNJ and the soft hyphen removed), then the dotless ``\u0131`` read as ``i`` (so
    ``İstanbul``, ``ISTANBUL`` and ``istanbul`` meet), then nonspacing marks removed after a
    letter of Latin, Greek, Cyrillic, Arabic or Hebrew (accents, Vietnamese tone marks, Arabic
    harakat and shadda, Hebrew niqqud and cantillation), the tatweel removed, a few Latin
    letters with a stroke read as their base letter (``đ`` → ``d``), decimal digits of every
    script read as ASCII digits, the Catalan ela geminada written with a full stop or a
    hyphenation point (``il.lusió``, ``il‧lusió``: the usual fallback of keyboards without a
    middle dot) read as the middle dot (``il·lusio``), every apostrophe read as U+0027 (see
    "Apostrophes" below), the Persian and Arabic forms of one letter read as one
    (``_ARABIC_LETTER_FOLDS``: ``ی``/``ى`` as ``ي``, ``ک`` as ``ك``, TEH MARBUTA ``ة`` as HEH),
    and NFC. Marks of every other script (the vowel signs and
    virama of Devanagari, Bengali, Tamil, the Japanese voicing marks, Thai vowels) are kept:
    they are part of the word, so ``हिंसा`` never matches ``हंस``.

``terms(text)`` and ``query_terms(text)``
    The folded text cut into words by UAX #29 (ICU's word BreakIterator), except runs of
    scripts written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer,
    Myanmar), which become overlapping bigrams of grapheme clusters (UAX #29 extended grapheme
    clusters): ``セクハラ`` is ``セク クハ ハラ`` in a document and in a query alike, and a
    two-character word such as ``米兔`` is one bigram. A document also keeps each run's last
    cluster alone (``米兔`` is ``米兔 兔``), and a lone character of such a script in a query
    matches as a prefix, so it finds every run it starts, ends or sits inside. Emoji are taken
    out before the text is folded, one term per emoji sequence (one extended grapheme
    cluster) with its presentation selectors and skin tones folded away: see ``core.emoji``.

Apostrophes
    UAX #29 keeps an apostrophe between two letters or digits inside the word (WB6, WB7,
    WB11, WB12: U+0027 is Single_Quote, U+2018, U+2019 and U+FF07 are MidNumLet, and U+02BC,
    U+02BB, the Armenian U+055A and the Hebrew geresh U+05F3 are letters to it), so
    ``İstanbul'da`` is one word and was one term: a search for ``istanbul`` never met it, and
    each look-alike apostrophe made another term. ``fold`` reads every one of them as
    U+0027 and the Hebrew gershayim U+05F4 as ``"``; a geresh or gershayim after a Hebrew
    letter, or the ``'`` and ``"`` typed for them (WB7a-c keep them in the word), is
    removed, since it marks an abbreviation or a sound and not a word's boundary: ``צה"ל``
    (with either mark) and ``צהל`` are one word, as are ``ג'ירפה`` (with either mark) and
    ``גירפה``. Words are then cut as UAX #29 cuts them, and a word with an apostrophe is
    one term (``istanbul'da``, ``don't``, ``l'ecole``) in a query and in a document alike;
    a document also answers for each of its parts (``istanbul`` and ``da``, ``l`` and
    ``ecole``, ``sarah`` of ``sarah's``), as it does for the parts of ``a_b``. No language
    tells a suffix from a clitic, with one exception: English ``n't`` is not cut, since
    ``don``, ``can`` and ``won`` are other words than the stems of ``don't``, ``can't`` and
    ``won't`` (a search for ``don`` finds Don, not every ``don't``). ``dont`` typed without
    an apostrophe is another word, as ``istanbulda`` is.

``isolate(text)``
    Text set inside a sentence of another direction, for plain text (UAX #9 FSI … PDI).

"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import icu

from notalone.core import emoji
from notalone.core.uniset import char_class

_NFKC_CF = icu.Normalizer2.getNFKCCasefoldInstance()

# Scripts whose accents and points are folded away for matching (see ``fold``).
_FOLDED_SCRIPTS = "[[:Latin:][:Greek:][:Cyrillic:][:Arabic:][:Hebrew:]]"
# Letters that are not decomposable but are read as a base letter by people who search.
_LETTER_FOLDS = str.maketrans(
    {"\u0131": "i", "đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ŧ": "t", "\u0640": None}
)
# Scripts written without spaces between words.
_DENSE_SCRIPTS = (
    "[[:Han:][:Hiragana:][:Katakana:][:Hangul:][:Thai:][:Lao:][:Khmer:][:Myanmar:]"
    "\u30fc\u3005\u3006\u309d\u309e\u30fd\u30fe]"
)
# What may continue such a run: combining marks (the kana voicing marks are Inherited).
_DENSE_CONTINUE = "[[:M:]]"
# UBRK_WORD_NONE_LIMIT: boundaries with a rule status below it enclose spaces or punctuation.
_WORD_NONE_LIMIT = 100
# The longest word kept, in characters (longer ones are cut: a term, not a document).
MAX_TERM_CHARS = 40
# The most terms a query looks for.
MAX_QUERY_TERMS = 16


_FOLDABLE_MARKS = re.compile(
    "([" + char_class(f"[{_FOLDED_SCRIPTS}&[:L:]]") + "])[" + char_class("[:Mn:]") + "]+"
)
_DENSE_RUN = re.compile(
    "["
    + char_class(_DENSE_SCRIPTS)
    + "]["
    + char_class(f"[{_DENSE_SCRIPTS}{_DENSE_CONTINUE}]")
    + "]*"
)


@cache
def _digit_folds() -> dict[int, str]:
    digits = icu.UnicodeSet("[[:Nd:]-[0-9]]")
    table: dict[int, str] = {}
    for index in range(digits.getRangeCount()):
        for code in range(ord(digits.getRangeStart(index)), ord(digits.getRangeEnd(index)) + 1):
            value = unicodedata.decimal(chr(code), None)
            if value is not None:
                table[code] = str(value)
    return table


# Catalan's "l·l" (ela geminada) as typed on keyboards without a middle dot, after case
# folding: a full stop, or the look-alike U+2027 HYPHENATION POINT (UAX #31 Table 3 lists
# both "." and "·" as medials).
_ELA_GEMINADA = re.compile("(?<=l)[.\u2027](?=l)")


# The punctuation ``fold`` reads as U+0027: U+0027 itself, LEFT SINGLE QUOTATION MARK (typed
# for an apostrophe by some keyboards), RIGHT SINGLE QUOTATION MARK (the typographic
# apostrophe), ARMENIAN APOSTROPHE, HEBREW PUNCTUATION GERESH and FULLWIDTH APOSTROPHE (which
# NFKC already makes U+0027). Hashtags take each of them alike (``core.uax31``).
APOSTROPHE_PUNCTUATION = "'\u2018\u2019\u055a\u05f3\uff07"
# Every apostrophe read as U+0027, the two modifier letters (MODIFIER LETTER APOSTROPHE and the
# Hawaiian okina, MODIFIER LETTER TURNED COMMA) too, and the Hebrew gershayim as the '"' typed
# for it: see "Apostrophes" in the module's docstring.
_APOSTROPHES = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHE_PUNCTUATION, "'"),
        "\u02bc": "'",
        "\u02bb": "'",
        "\u05f4": '"',
    }
)
# A geresh or gershayim (or what was typed for it) after a Hebrew letter: removed.
_HEBREW_MARKS = re.compile("(?<=[" + char_class("[[:Hebrew:]&[:L:]]") + "])['\"]+")

# Arabic-script letters written two ways for one letter (issue 11 review): Persian keyboards
# type YEH U+06CC and KEHEH U+06A9 where Arabic ones type U+064A and U+0643, and many
# writers drop the dots of final YEH (ALEF MAKSURA U+0649) and of TEH MARBUTA U+0629. Arabic
# search engines fold all four (Lucene's ArabicNormalizer and PersianNormalizer do), so
# ``#كتاب`` and ``#کتاب`` are one tag and a search for ``مدرسه`` finds ``مدرسة``.
_ARABIC_LETTER_FOLDS = str.maketrans(
    {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647"}
)


def fold(text: str) -> str:
    """The matching form of ``text`` (see the module's docstring); idempotent."""
    text = _NFKC_CF.normalize(text).translate(_ARABIC_LETTER_FOLDS)
    folded = _ELA_GEMINADA.sub("\u00b7", text)
    folded = unicodedata.normalize("NFD", folded.translate(_LETTER_FOLDS).translate(_APOSTROPHES))
    folded = _FOLDABLE_MARKS.sub(r"\1", folded)
    folded = _HEBREW_MARKS.sub("", folded)
    return unicodedata.normalize("NFC", folded.translate(_LETTER_FOLDS).translate(_digit_folds()))


class _Iterators(threading.local):
    def __init__(self) -> None:
        root = icu.Locale.getRoot()
        self.words = icu.BreakIterator.createWordInstance(root)
        self.graphemes = icu.BreakIterator.createCharacterInstance(root)


_ITERATORS = _Iterators()


def _segments(iterator: icu.BreakIterator, text: str) -> Iterator[tuple[str, int]]:
    """(segment, rule status) between consecutive boundaries (ICU counts in UTF-16 units)."""
    units = icu.UnicodeString(text)
    iterator.setText(units)
    start = iterator.first()
    for end in iterator:
        yield str(units[start:end]), iterator.getRuleStatus()
        start = end


def words(text: str) -> list[str]:
    """UAX #29 words of ``text`` (letters or digits; spaces and punctuation dropped)."""
    return [
        segment
        for segment, status in _segments(_ITERATORS.words, text)
        if status >= _WORD_NONE_LIMIT
    ]


def graphemes(text: str) -> list[str]:
    """UAX #29 extended grapheme clusters of ``text``."""
    return [segment for segment, _status in _segments(_ITERATORS.graphemes, text)]


# The most code points one extended grapheme cluster may hold in what members write. The
# longest a language or an emoji needs is about a dozen (a family of four with skin tones is
# 11; a Tibetan stack or a Devanagari conjunct, fewer). A cluster cannot be broken across
# lines, so hundreds of emoji joined by ZWJ, Hangul jamo in one syllable or vowel signs after
# one letter make one unbreakable glyph run wider than a phone (issue 15, item 1), and a
# letter under dozens of marks paints over the lines above it.
MAX_CLUSTER_CODE_POINTS = 16


def overlong_cluster(text: str, limit: int = MAX_CLUSTER_CODE_POINTS) -> str | None:
    """The first extended grapheme cluster of ``text`` longer than ``limit`` code points."""
    if len(text) <= limit:
        return None
    for cluster in graphemes(text):
        if len(cluster) > limit:
            return cluster
    return None


@dataclass(frozen=True)
class Term:
    """One thing to look for: a whole word, or a prefix of one (a lone dense character)."""

    text: str
    prefix: bool = False

    @property
    def encoded(self) -> str:
        return encode_term(self.text)


_NIBBLE_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def encode_term(term: str) -> str:
    """A term as ASCII letters ``a`` to ``p`` (each UTF-8 nibble), so both databases' own
    tokenizers (SQLite FTS5 ``ascii``, PostgreSQL's ``simple`` parser) keep it as one word
    and a prefix of the term is a prefix of its encoding."""
    return term.encode().hex().translate(_NIBBLE_LETTERS)


def _cut(folded: str) -> Iterator[tuple[str, bool]]:
    """(piece, dense) of folded text, in order: runs of dense scripts and the rest."""
    position = 0
    for match in _DENSE_RUN.finditer(folded):
        if match.start() > position:
            yield folded[position : match.start()], False
        yield match.group(), True
        position = match.end()
    if position < len(folded):
        yield folded[position:], False


def has_dense_run(text: str) -> bool:
    """Whether ``text`` holds a character of a script written without spaces."""
    return _DENSE_RUN.search(fold(text)) is not None


def _bigrams(run: str, *, query: bool) -> tuple[list[str], bool]:
    """(terms, lone) of a dense run: its overlapping bigrams of grapheme clusters, each cut
    to ``MAX_TERM_CHARS``; lone when the run is one cluster. A document also keeps the run's
    last cluster alone, so that every cluster starts a term: a lone character looked for as
    a prefix (``兔`` or ``米 兔``) then finds ``米兔`` as it finds ``兔子``."""
    clusters = [cluster[:MAX_TERM_CHARS] for cluster in graphemes(run)]
    if len(clusters) == 1:
        return clusters, True
    grams = [(clusters[i] + clusters[i + 1])[:MAX_TERM_CHARS] for i in range(len(clusters) - 1)]
    return (grams if query else [*grams, clusters[-1]]), False


def _terms(text: str, *, query: bool) -> list[Term]:
    found: dict[Term, None] = {}
    for written, is_emoji in emoji.split(text):
        if is_emoji:
            found[Term(written[:MAX_TERM_CHARS])] = None
            for part in () if query else emoji.parts(written):
                found[Term(part[:MAX_TERM_CHARS])] = None
            continue
        for piece, dense in _cut(fold(written)):
            if dense:
                grams, lone = _bigrams(piece, query=query)
                for gram in grams:
                    found[Term(gram, prefix=query and lone)] = None
            else:
                for word in words(piece):
                    found[Term(word[:MAX_TERM_CHARS])] = None
                    if not query:
                        for part in _parts(word):
                            found[Term(part[:MAX_TERM_CHARS])] = None
    return list(found)


# Where a document's word is also cut: "_" (UAX #29 ExtendNumLet) and an apostrophe, but not
# the apostrophe of English "n't" (see "Apostrophes" in the module's docstring).
_PART_BREAK = re.compile("_|(?<!n)'|'(?!t(?:_|$))")


def _parts(word: str) -> list[str]:
    """The parts of a folded word that a document also answers for: ``a_b`` is one word by
    UAX #29, and so are ``istanbul'da`` and ``l'ecole``; none when the word is whole."""
    parts = [part for part in _PART_BREAK.split(word) if part]
    return parts if len(parts) > 1 else []


def terms(text: str) -> list[str]:
    """The distinct folded terms of a document, in order of first appearance."""
    return [term.text for term in _terms(text, query=False)]


def query_terms(text: str) -> list[Term]:
    """The terms a query looks for (at most ``MAX_QUERY_TERMS``), all of which must match."""
    return _terms(text, query=True)[:MAX_QUERY_TERMS]


FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolate(text: object) -> str:
    """``text`` between FSI and PDI (UAX #9 §2.7): member-written text inside a sentence of
    the interface, in plain text (notices, messages, errors). Its direction comes from its
    own first strong character, and neither it nor the sentence reorders the other, as an
    Arabic title would in an English sentence (``<bdi>`` is the same in HTML)."""
    return f"{FSI}{text}{PDI}"
