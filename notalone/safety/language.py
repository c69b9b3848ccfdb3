"""A small language guess for the detectors: which of the languages they know a text is in.

It counts frequent function words (English, French, Spanish) and scripts (Devanagari,
Arabic, Japanese). Enough to tell the guard that a reply is not in English, so that it says
"not covered" instead of passing the reply silently.
"""

from __future__ import annotations

import re
import unicodedata

from notalone.safety.language_words import MORE_LATIN, MORE_WORDS, OTHER_LATIN, WORDS

_WORD = re.compile(r"[\w']+", re.UNICODE)


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if "DEVANAGARI" in name:
        return "hi"
    if "ARABIC" in name:
        return "ar"
    if any(s in name for s in ("HIRAGANA", "KATAKANA", "CJK")):
        return "ja"
    if "LATIN" in name:
        return "latin"
    return "other"


def guess(text: str) -> str:
    """An ISO 639-1 code among en, fr, es, hi, ar, ja; "und" when it cannot tell (no letters,
    or another script or language)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "und"
    counts: dict[str, int] = {}
    for c in letters:
        script = _script_of(c)
        counts[script] = counts.get(script, 0) + 1
    script = max(counts, key=lambda k: counts[k])
    if script != "latin":
        return script if script in ("hi", "ar", "ja") else "und"
    words = [w.casefold() for w in _WORD.findall(text)]
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in WORDS.items()}
    # Accented letters used by French and Spanish but not English.
    scores["fr"] += sum(c in "àâçèéêëîïôœùûü" for c in text.casefold())
    scores["es"] += sum(c in "áéíñóú¿¡" for c in text.casefold())
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return "en"  # short Latin-script text with no known word ("lol", "omg"): English
    return best


def looks_english(text: str) -> bool:
    """Whether a text ``guess`` calls English may be read as English: not when it holds two
    frequent words of another Latin-script language and no frequent English word. (Words
    English also uses, "die", "van", "per", "um", the "e" of "e-girl", are not in the list:
    "die bitch" must be read, and held.)"""
    words = {w.casefold() for w in _WORD.findall(text)}
    return bool(words & WORDS["en"]) or len(words & OTHER_LATIN) < 2


# "je", "du", "il", "una" are French or Spanish words too: only the others count.
_ONLY_OTHER = frozenset((OTHER_LATIN | MORE_LATIN) - set().union(*WORDS.values()))
# Letters of Latin-script alphabets other than English, French and Spanish: Turkish dotless i, ğ, ş,
# Polish ł ą ę ż ś ć ń, Czech ř ě ů č ž, Portuguese ã õ, German ß ä ö, Nordic å ø æ,
# Romanian ș ț ă, Hungarian ő ű, Vietnamese ơ ư đ and the vowels with its tone marks.
_OTHER_LETTERS = frozenset(
    "ığşłąężźśćńřěůčžšãõßäöåøæșțăőűơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)


def latin_language(text: str) -> str:
    """Which language a Latin-script text is in, for the PII shield: "en", "fr" or "es";
    "other" for another Latin-script language (Catalan, Turkish, Italian, German…: at least as
    many of its frequent words and letters of its alphabet as the best of English, French and
    Spanish has of its frequent words and accented letters);
    "und" when nothing tells (a short text with none of the listed words, "lol", "Gary!").

    ``guess`` itself is unchanged (the guard and crisis cues rely on it as it is)."""
    low = text.casefold()
    letters = [c for c in low if c.isalpha()]
    if not letters:
        return "und"
    words = _WORD.findall(low)
    scores = {
        lang: sum(w in vocab or w in MORE_WORDS.get(lang, ()) for w in words)
        for lang, vocab in WORDS.items()
    }
    other = sum(w in _ONLY_OTHER for w in words) + sum(c in _OTHER_LETTERS for c in letters)
    scores["fr"] += sum(c in "àâçèéêëîïôœùûü" for c in low)
    scores["es"] += sum(c in "áéíñóú¿¡" for c in low)
    best = max(scores, key=lambda k: scores[k])
    if other and other >= scores[best]:
        return "other"
    if scores[best] == 0:
        return "und"
    return best
