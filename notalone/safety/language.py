"""A small language guess for the detectors: which of the languages they know a text is in.

It counts frequent function words (English, French, Spanish) and scripts (Devanagari,
Arabic, Japanese). Enough to tell the guard that a reply is not in English, so that it says
"not covered" instead of passing the reply silently.
"""

from __future__ import annotations

import re
import unicodedata

_WORDS = {
    "en": {
        "the",
        "and",
        "you",
        "to",
        "of",
        "a",
        "i",
        "it",
        "is",
        "that",
        "was",
        "in",
        "for",
        "not",
        "my",
        "your",
        "he",
        "she",
        "me",
        "be",
        "this",
        "with",
        "have",
        "are",
        "on",
        "at",
        "what",
        "why",
        "did",
        "do",
        "so",
        "but",
        "just",
        "if",
        "they",
        "we",
        "were",
        "how",
        "about",
        "all",
        "been",
        "would",
        "should",
        "could",
        "there",
        "their",
        "them",
        "his",
        "her",
        "him",
        "our",
        "don't",
        "didn't",
        "can't",
        "you're",
        "i'm",
        "it's",
        "that's",
    },
    "fr": {
        "le",
        "la",
        "les",
        "et",
        "de",
        "des",
        "du",
        "un",
        "une",
        "je",
        "tu",
        "il",
        "elle",
        "est",
        "pas",
        "que",
        "qui",
        "ne",
        "vous",
        "nous",
        "mon",
        "mes",
        "ton",
        "ta",
        "tes",
        "pour",
        "dans",
        "sur",
        "avec",
        "ce",
        "cette",
        "c'est",
        "j'ai",
        "n'est",
        "qu'il",
        "pourquoi",
        "avez",
        "êtes",
        "était",
        "suis",
        "au",
        "aux",
    },
    "es": {
        "el",
        "la",
        "los",
        "las",
        "y",
        "de",
        "del",
        "un",
        "una",
        "yo",
        "tu",
        "él",
        "ella",
        "es",
        "no",
        "que",
        "qui",
        "se",
        "por",
        "para",
        "con",
        "mi",
        "mis",
        "tus",
        "su",
        "sus",
        "lo",
        "le",
        "les",
        "pero",
        "como",
        "porque",
        "qué",
        "estaba",
        "eres",
        "fue",
        "muy",
        "también",
        "cuando",
    },
}
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
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    # Accented letters used by French and Spanish but not English.
    scores["fr"] += sum(c in "àâçèéêëîïôœùûü" for c in text.casefold())
    scores["es"] += sum(c in "áéíñóú¿¡" for c in text.casefold())
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return "en"  # short Latin-script text with no known word ("lol", "omg"): English
    return best


# Frequent words of Latin-script languages the detectors do not know (Italian, German,
# Portuguese, Dutch), none of them an English word. A text ``guess`` calls English with two
# of these and no English word is in one of those languages: the guard must say it did not
# read it. (Insults often carry no English function word: without such positive evidence the
# text stays English.)
_OTHER_LATIN = {
    "sei",
    "una",
    "sono",
    "che",
    "il",
    "di",
    "ma",
    "gli",
    "della",
    "questo",
    "sta",
    "du",
    "bist",
    "ich",
    "und",
    "das",
    "nicht",
    "ein",
    "eine",
    "ist",
    "sie",
    "wir",
    "ihr",
    "dich",
    "mich",
    "zu",
    "auf",
    "auch",
    "doch",
    "você",
    "voce",
    "não",
    "nao",
    "uma",
    "isso",
    "é",
    "és",
    "je",
    "ik",
    "een",
    "niet",
    "jij",
    "maar",
}


def looks_english(text: str) -> bool:
    """Whether a text ``guess`` calls English may be read as English: not when it holds two
    frequent words of another Latin-script language and no frequent English word. (Words
    English also uses, "die", "van", "per", "um", the "e" of "e-girl", are not in the list:
    "die bitch" must be read, and held.)"""
    words = {w.casefold() for w in _WORD.findall(text)}
    return bool(words & _WORDS["en"]) or len(words & _OTHER_LATIN) < 2
