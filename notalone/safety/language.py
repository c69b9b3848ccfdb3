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


# Frequent words of Latin-script languages none of the detectors reads (Catalan, Turkish,
# Indonesian and Malay, Tagalog, Polish, Swahili), beside ``_OTHER_LATIN`` (Italian, German,
# Portuguese, Dutch). None is an English, French or Spanish function word.
_MORE_LATIN = {
    # Catalan
    "amb",
    "però",
    "els",
    "meu",
    "meva",
    "em",
    "vaig",
    "perquè",
    "això",
    "aquest",
    "aquesta",
    "molt",
    "ningú",
    "seu",
    "seva",
    "dels",
    "tinc",
    "també",
    "mio",
    "nessuno",
    "sempre",
    "encara",
    "després",
    "ell",
    "tot",
    "fins",
    "feina",
    "ho",
    "feia",
    "deia",
    # Turkish
    "bir",
    "ve",
    "bu",
    "çok",
    "beni",
    "bana",
    "benim",
    "için",
    "ile",
    "ama",
    "gibi",
    "diye",
    "değil",
    "var",
    "yok",
    "sonra",
    "kadar",
    "onu",
    "ona",
    "hiç",
    "daha",
    "şey",
    # Indonesian, Malay
    "yang",
    "saya",
    "aku",
    "tidak",
    "ini",
    "itu",
    "dengan",
    "untuk",
    "dia",
    "ada",
    "ke",
    "dari",
    # Tagalog
    "ang",
    "ng",
    "mga",
    "ako",
    "siya",
    "hindi",
    "ko",
    # Polish
    "się",
    "nie",
    "jest",
    "że",
    "mnie",
    "mój",
    "moja",
    "był",
    "była",
    # Swahili
    "na",
    "wa",
    "kwa",
    "alikuwa",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# More frequent English, French and Spanish words, for ``latin_language`` only.
_MORE_WORDS = {
    "en": _words(
        "no from or by had has when who will can one because where after said told "
        "where's i've i'd i'll he's she's we're they're won't wasn't isn't doesn't"
    ),
    "fr": _words(
        "mais tous toutes tout rien jamais toujours chez moi lui ils elles très été avait "
        "m'a m'avait j'étais quand ma sa ses leur quelqu'un d'un d'une l'a c'était"
    ),
    "es": _words(
        "me te nos al todas todos todo nadie nada ya hay sin nunca siempre hasta donde eso "
        "esto esta este era pues"
    ),
}
# "je", "du", "il", "una" are French or Spanish words too: only the others count.
_ONLY_OTHER = frozenset((_OTHER_LATIN | _MORE_LATIN) - set().union(*_WORDS.values()))
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
        lang: sum(w in vocab or w in _MORE_WORDS.get(lang, ()) for w in words)
        for lang, vocab in _WORDS.items()
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
