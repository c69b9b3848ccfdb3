"""Context rules around the named-entity model's findings: the words survivors write around
names, places and organisations.

spaCy's small pipelines often find the right words but give them the wrong kind ("I told
Priya" as a place, "Glasgow" as a person, "Bellhaven Hotel" as a place) and miss names after
a title or a role word ("Capt. Reilly", "the bartender Jake", "my ex jordan"). ``refine``
corrects the kind from the words inside and just before a finding, and adds what the rules
find on their own: names after such words, and given names (``pii_words.FIRST_NAMES``) where
nothing says they are a place. They also run on Latin-script text that no model reads
(Spanish, Catalan, Turkish…); ``pii_scripts.script_names`` does the same for Japanese, Hindi
and Arabic.
Built and chosen on ``tests/moderation/evaluation/dev/pii_dev.jsonl``, never on the held-out
set (BENCHMARKS.md, issue 13, fifth and sixth passes).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from notalone.safety.pii_words import (
    FIRST_NAMES,
    LOWER_CASE_WORDS,
    NOT_A_NAME,
    NOT_A_PLACE,
    PLATFORMS,
)

T = TypeVar("T")

# Titles and honorifics: the name after one is a person, the title stays outside the span.
_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|PC|DC|DS|Sgt|Sergeant|Capt|Captain|"
    r"Officer|Detective|Inspector|Coach|Pastor|Father|Fr|Sister|Rev|Reverend|Rabbi|Imam|"
    r"Uncle|Aunt|Auntie|Aunty|Grandma|Grandpa|Granny|Nana|Mme|Mlle|M|Sr|Sra|Srta|Dra|Don|Doña"
)
_LOWER_TITLES = (
    r"mr|mrs|ms|miss|dr|prof|professor|coach|sir|uncle|aunt|auntie|pastor|officer|detective|"
    r"captain|sister|father|grandma|grandpa"
)
_TITLE_CASED = re.compile(rf"(?:{_TITLES})\.?\s+")
# Role and relation words that come before a name: "my manager Tom", "the bartender Jake".
_ROLES = (
    r"manager|boss|supervisor|director|lead|foreman|coach|trainer|teacher|tutor|professor|"
    r"lecturer|instructor|principal|headteacher|mentor|uncle|aunt|cousin|brother|sister|"
    r"stepfather|stepdad|stepbrother|father|dad|mother|mum|mom|husband|wife|ex|boyfriend|"
    r"girlfriend|partner|friend|bestie|colleague|coworker|co-worker|neighbour|neighbor|"
    r"landlord|landlady|flatmate|roommate|housemate|classmate|pastor|priest|doctor|therapist|"
    r"driver|bartender|barman|owner|chef|client|customer|grandad|grandpa|grandma|nephew|niece|"
    r"son|daughter|receptionist|guard|officer|detective|lawyer|counsellor|counselor|"
    r"babysitter|nanny|date|guy|man|woman|girl|boy|photographer|editor|producer|agent|nurse|"
    r"physio|dentist|surgeon|stepmother|stepmom|stepson|godfather|sergeant|soldier|"
    # Spanish and French
    r"jefe|jefa|primo|prima|tío|tía|profesor|profesora|entrenador|novio|amigo|amiga|"
    r"compañero|compañera|vecino|vecina|chef|patron|collègue|cousin|oncle|voisin|ami|amie"
)
_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'-]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ'-]+)?"
_LOWER_NAME = r"[a-zà-ÿ][a-zà-ÿ'-]+"
_PERSON_CUES = [
    # Capt. Reilly, Sister Agnes, Mme Rousseau
    re.compile(rf"\b(?:{_TITLES})\.?\s+({_NAME})"),
    # a man named Curtis, my name is Marisol, me llamo Lucía, il s'appelle Thierry
    re.compile(
        rf"(?i:\b(?:named|called|name is|name's|name was|me llamo|se llama|se llamaba|"
        rf"je m'appelle|s'appelle|s'appelait))\s+({_NAME})"
    ),
    # my manager Tom, the bartender Jake, mi jefe Ricardo
    re.compile(
        rf"(?i:\b(?:my|our|his|her|their|the|a|mi|mis|su|el|la|mon|ma)\s+(?:{_ROLES}))"
        rf",?\s+({_NAME})"
    ),
    # Thank you Noor, gracias Carmen, hugs Ana
    re.compile(
        rf"(?i:\b(?:thank you|thanks|dear|hi|hey|hugs|gracias|merci|querida|querido))"
        rf",?\s+({_NAME})\b"
    ),
]
# In text written in lower case: "my ex jordan", "mr hollis", "a guy named dev".
_LOWER_PERSON_CUES = [
    re.compile(rf"\b(?:{_LOWER_TITLES})\.?\s+({_LOWER_NAME})"),
    re.compile(rf"\b(?:named|called)\s+({_LOWER_NAME})"),
    re.compile(rf"\b(?:my|our|his|her)\s+(?:{_ROLES})\s+({_LOWER_NAME})"),
]


@functools.cache
def _stop_words() -> frozenset[str]:
    # spaCy's English stop words, imported on first use: importing spaCy brings torch in
    # (1.4 s), and this module is loaded by every process the site starts.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.cache
def _not_a_name() -> frozenset[str]:
    return _stop_words() | NOT_A_NAME


# Organisation head words: a finding that ends (or starts) with one is an organisation.
_ORG_TAIL = re.compile(
    r"(?i:\b(?:Ltd|Limited|Inc|Incorporated|LLC|LLP|PLC|Corp|Corporation|Co|Company|GmbH|AG|"
    r"S\.A\.?|SA|S\.L\.?|SARL|SAS|Group|Holdings|Software|Systems|Technologies|Services|"
    r"Logistics|Freight|Engineering|Consulting|Publishing|Media|Studios?|Agency|Associates|"
    r"Partners|Bank|Insurance|Capital|Foods|Motors|Hotel|Inn|Bistro|Restaurant|Trattoria|"
    r"Pizzeria|Brasserie|Taverna|Cafe|Café|"
    r"Bar|Pub|Diner|Grill|Kitchen|Bakery|Salon|Gym|Fitness|Club|Academy|School|High|"
    r"Elementary|College|University|Institute|Hospital|Clinic|Surgery|Practice|Centre|Center|"
    r"Church|Trust|Foundation|Charity|Council|Home|Rescue|Theatre|Theater|Stores?|Shop|"
    r"Dental|Pharmacy|Firm))\.?$"
)
_ORG_HEAD = re.compile(
    r"(?i:^(?:the\s+)?(?:University|Universidad|Université|Universidade|Hospital|Hôpital|"
    r"Clinique|Clínica|Banco|Grupo|Colegio|Instituto|Lycée|Collège|École|Mairie|"
    r"Ayuntamiento|Escuela|Académie|Academia|Société|Compañía|Cabinet)\b)"
)
# Place head words: a finding that ends with one is a place.
_PLACE_TAIL = re.compile(
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Boulevard|Blvd|Square|Park|Station|"
    r"Junction|Bridge|Common|Green|Market|Estate|Quay|Harbour|Harbor|Heights|Hill|Gardens)\.?$"
)
_STREET = re.compile(
    r"\b(?:[A-Z][a-z]+\s+){1,2}(?:Street|Road|Lane|Avenue|Boulevard|Square|Station|Junction|Park)\b"
    r"(?!\s+[A-Z])"
)
# Words before a single name that say it is a place: "in Leeds", "moved to Bristol".
_PLACE_BEFORE = re.compile(
    r"(?i:(?:\b(?:in|near|around|outside|across|en|à|au|desde)|"
    r"\b(?:moved|move|went|go|going|flew|fly|drove|came|back|travell?ed|relocated|returned|"
    r"trip)\s+to|,\s+from|\b(?:I'm|I am|we're|she's|he's|is|are|was|were|moved|came|originally|"
    r"fled|escaped)\s+from)\s+)$"
)
# Words before a name that say it is a person: "I told Priya", "my sister Chloe".
_PERSON_BEFORE = re.compile(
    rf"(?i:\b(?:told|asked|texted|messaged|met|thank you|thanks|dear|hi|hey|love you|"
    rf"gracias|merci|(?:my|our|his|her|the|mi|mon|ma)\s+(?:{_ROLES})|named|called)"
    r",?\s+)$"
)
# Words before an organisation: "worked at", "a bar called".
_ORG_CALLED = re.compile(
    r"(?i:\b(?:a|an|the)\s+(?:bar|pub|club|restaurant|cafe|café|company|firm|shop|store|"
    r"hotel|gym|school|clinic|agency|church|salon|studio|start-?up|charity|nightclub)\s+"
    r"(?:called|named))\s+((?:The\s+)?[A-Z][\w'&-]*(?:\s+(?:&\s+)?[A-Z][\w'&-]*){0,3})"
)
_ORG_WORDS = (
    r"Ltd|Limited|Inc|LLC|LLP|PLC|plc|Corp|GmbH|S\.A\.|S\.L\.|SARL|Group|Hotel|Hospital|"
    r"Clinic|College|University|Academy|High School|School|Elementary|Centre|Center|Club|Bank|"
    r"Bistro|Restaurant|Trattoria|Pizzeria|Brasserie|Taverna|Diner|Cafe|Café|Pub|Church|Associates|Partners|Software|Logistics|"
    r"Services|Insurance|Foundation|Trust|Agency|Fitness|Gym"
)
# "Halverson Freight Ltd", "St Brendan's Hospital": capitalised words and a head word.
_ORG_NAMED = re.compile(
    rf"\b((?:St\.?\s+)?[A-Z][\w'&-]*(?:\s+(?:&\s+)?[A-Z][\w'&-]*){{0,3}}\s+(?:{_ORG_WORDS}))"
    r"(?![\w-])\.?"
)
# "University of Westmoor", "Universidad de Castillejo", "Hôpital du Lac".
_ORG_OF = re.compile(
    r"\b((?:University|Universidad|Université|Hospital|Hôpital|Clínica|Clinique|Colegio|"
    r"Instituto|Lycée|Collège|École|Escuela|College|Bank|Banco)\s+(?:of|de|del|de la|du|des)\s+"
    r"[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)"
)
# A capitalised word after "in" (or the "en" of Spanish, Catalan and French) that the model
# missed, or that no model read: "in Ibiza", "en Sevilla". Not a month, a weekday, a language,
# a platform or a word of the courts and schools.
_IN_PLACE = re.compile(
    r"(?<=\b[ie]n )([A-ZÀ-Ý][a-zà-ÿ]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ]+)?)\b(?!'s|\s+[A-ZÀ-Ý])"
)
# A head word before the name: "Hotel Miramar", "Colegio Montserrat", "Clínica Santa Rosa".
_ORG_FIRST = re.compile(
    r"\b((?:Hotel|Hôtel|Restaurante|Cafetería|Clínica|Clinique|Colegio|Instituto|Lycée|"
    r"Collège|École|Escuela|Grupo|Banco|Gimnasio)\s+(?!de\b|del\b|du\b|des\b|of\b)"
    r"[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)"
)


# A capitalised word (and the capitalised word after it, a surname): a given name is a person.
_CAPITALISED = re.compile(
    r"(?<![\w@#.'\u2019&-])([A-ZÀ-Ý][a-zà-ÿ]+)(?![\w@&-])(?=\s+([A-ZÀ-Ý][a-zà-ÿ'-]+)(?![\w@&-]))?"
)
_LOWER_WORD = re.compile(r"(?<![\w@#.'\u2019-])([a-zà-ÿ]{3,})(?![\w@-])")
# "St Mary's", "Saint Patrick", "Tony's Pizza": part of the name of a place or a business.
_BEFORE_SAINT = re.compile(r"(?:\bSt\.?|\bSaint|\bSt[ae]\.?)\s+$")


def _plain(word: str) -> str:
    """``word`` case-folded, without accents ("Lucía" and "lucia" alike)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_given_name(word: str) -> bool:
    return _plain(word) in FIRST_NAMES


def name_findings(text: str) -> list[tuple[int, int]]:
    """(start, end) of given names (``pii_words.FIRST_NAMES``) written where nothing says
    they are not a person: capitalised, not after "in", "from", "moved to" (a place), "St"
    (a saint's church or hospital), not before "'s" and a capitalised word ("Tony's Pizza")
    or a place or organisation head word ("Charlotte Street"); in text written in lower case,
    also lower-case names of four letters or more that are not ordinary words."""
    found: list[tuple[int, int]] = []
    for m in _CAPITALISED.finditer(text):
        first, second = m.group(1), m.group(2)
        if not _is_given_name(first):
            continue
        start, end = m.span(1)
        before = text[max(0, start - 40) : start]
        if _PLACE_BEFORE.search(before) or _BEFORE_SAINT.search(before):
            continue
        after = text[end : end + 40]
        if re.match(r"['\u2019]s\s+[A-Z]", after):
            continue
        if second is not None:
            tail = second.casefold()
            if _PLACE_TAIL.fullmatch(second) or _ORG_TAIL.fullmatch(second):
                continue
            if not (
                tail in _stop_words()
                or tail in NOT_A_PLACE
                or tail in PLATFORMS
                or _is_given_name(second)
            ):
                end = m.end(2)
        found.append((start, end))
    if _mostly_lower(text):
        for m in _LOWER_WORD.finditer(text):
            word = m.group(1)
            if (
                _is_given_name(word)
                and word not in LOWER_CASE_WORDS
                and word not in _stop_words()
                and not _PLACE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
            ):
                found.append(m.span(1))
    return found


def _mostly_lower(text: str) -> bool:
    words = re.findall(r"\b[^\W\d_]{3,}\b", text)
    return bool(words) and sum(w[0].isupper() for w in words) <= len(words) // 10


def rule_findings(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) found by the context rules alone."""
    found: list[tuple[str, int, int]] = []
    found += [("organization", *m.span(1)) for m in _ORG_CALLED.finditer(text)]
    found += [("organization", *m.span(1)) for m in _ORG_OF.finditer(text)]
    for m in _ORG_FIRST.finditer(text):
        if not _overlaps(found, *m.span(1)):
            found.append(("organization", *m.span(1)))
    for m in _ORG_NAMED.finditer(text):
        first = m.group(1).split()[0].casefold()
        if first not in _stop_words() and not _overlaps(found, *m.span(1)):
            found.append(("organization", *m.span(1)))
    for m in _STREET.finditer(text):
        if not _overlaps(found, *m.span()):
            found.append(("location", *m.span()))
    for m in _IN_PLACE.finditer(text):
        words = m.group(1).casefold().split()
        known = any(w in NOT_A_PLACE or w in PLATFORMS or w in _stop_words() for w in words)
        if not known and not _overlaps(found, *m.span(1)):
            found.append(("location", *m.span(1)))
    for regex in _PERSON_CUES:
        for m in regex.finditer(text):
            start, end = m.span(1)
            name = text[start:end]
            if (
                name.casefold() not in _not_a_name()
                and not _TITLE_CASED.fullmatch(name + " ")
                and not name.startswith("The ")
                and not _overlaps(found, start, end)
            ):
                found.append(("person", start, end))
    if _mostly_lower(text):
        for regex in _LOWER_PERSON_CUES:
            for m in regex.finditer(text):
                name = m.group(1)
                if name not in _not_a_name() and len(name) > 2 and not _overlaps(found, *m.span(1)):
                    found.append(("person", *m.span(1)))
    return found


def _overlaps(found: list[tuple[str, int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for _k, s, e in found)


def kind_of(text: str, kind: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The kind the context gives a model finding (and its span without a leading title), or
    ``None`` when the finding names no one (a platform)."""
    span = text[start:end]
    if span.casefold() in PLATFORMS:
        return None
    if span.islower() and not _mostly_lower(text):
        return None  # "mensajes todas las noches": no name is written so in cased text
    before = text[max(0, start - 40) : start]
    title = _TITLE_CASED.match(span)
    if title and end - start > title.end() and kind != "location":
        return ("person", start + title.end(), end)
    if _ORG_TAIL.search(span) or _ORG_HEAD.search(span):
        return ("organization", start, end)
    if _PLACE_TAIL.search(span) and not span.startswith("The "):
        return ("location", start, end)
    single = " " not in span.strip()
    possessive = text[end : end + 2] in ("'s", "\u2019s")
    if single and not possessive and _PLACE_BEFORE.search(before):
        return ("location", start, end)
    if _PERSON_BEFORE.search(before) and kind != "person":
        return ("person", start, end)
    return (kind, start, end)


def refine(
    text: str,
    findings: list[T],
    get: Callable[[T], tuple[str, int, int]],
    make: Callable[[str, int, int], T],
) -> list[T]:
    """The model's person, location and organisation findings with their kind corrected by
    context, and the rules' own findings; where a rule finding overlaps a model finding of
    these kinds, the rule's wins (it read the words around the name)."""
    rules = rule_findings(text)
    names = [
        (s, e)
        for s, e in name_findings(text)
        if not any(rs < e and s < re_ for _k, rs, re_ in rules)
    ]
    out: list[T] = []
    kept: list[tuple[int, int]] = []
    for f in findings:
        kind, start, end = get(f)
        if kind not in ("person", "location", "organization"):
            out.append(f)
            continue
        if any(s < end and start < e for _k, s, e in rules):
            continue
        corrected = kind_of(text, kind, start, end)
        if corrected is None:
            continue
        # The model's place or organisation on a given name alone is a person ("Marcus").
        name = next(((s, e) for s, e in names if s < end and start < e), None)
        if name is not None and corrected[0] != "person" and _one_name(text, start, end, name):
            corrected = ("person", start, end)
        out.append(f if corrected == (kind, start, end) else make(*corrected))
        kept.append((start, end))
    out += [make(kind, s, e) for kind, s, e in rules]
    out += [make("person", s, e) for s, e in names if not any(ks < e and s < ke for ks, ke in kept)]
    return out


def _one_name(text: str, start: int, end: int, name: tuple[int, int]) -> bool:
    """Whether a model finding at ``start``:``end`` is the given name ``name`` and at most
    one more capitalised word (a surname), not a longer place or organisation."""
    words = text[start:end].split()
    return (
        name[0] <= start + 1
        and len(words) <= 2
        and not (_ORG_TAIL.search(text[start:end]) or _PLACE_TAIL.search(text[start:end]))
    )
