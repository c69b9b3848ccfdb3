"""Countries (ISO 3166-1 alpha-2) and languages (ISO 639-1), named in the reader's language.

The codes are pycountry's shipped data; the names are CLDR's, through ICU (the library that
already folds and cuts text, ``core.unitext``), in the active language, and lists are sorted
by that language's collation: an Arabic reader finds "مصر" among Arabic names, a French reader
"Égypte" between "Équateur" and "Érythrée"'s neighbours, never an English list. A code CLDR
does not name keeps pycountry's English name. Lists for the interface's languages are
computed once per language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

import icu
import pycountry
from django.utils import translation

T = TypeVar("T")


def _language() -> str:
    return translation.get_language() or "en"


@cache
def _country_codes_and_english() -> tuple[tuple[str, str], ...]:
    return tuple((c.alpha_2, c.name) for c in pycountry.countries)


@cache
def _language_codes_and_english() -> tuple[tuple[str, str], ...]:
    return tuple(
        (lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")
    )


def _sorted(pairs: list[tuple[str, str]], language: str) -> list[tuple[str, str]]:
    collator = icu.Collator.createInstance(icu.Locale(language))
    return sorted(pairs, key=lambda item: collator.getSortKey(item[1]))


def sorted_by_name(items: list[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in the order of their names in the reader's language's collation."""
    collator = icu.Collator.createInstance(icu.Locale(_language()))
    return sorted(items, key=lambda item: collator.getSortKey(name(item)))


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    locale = icu.Locale(language)
    pairs = []
    for code, english in _country_codes_and_english():
        name = icu.Locale("", code).getDisplayCountry(locale)
        pairs.append((code, english if not name or name == code else name))
    return tuple(_sorted(pairs, language))


@cache
def _language_choices(language: str) -> tuple[tuple[str, str], ...]:
    locale = icu.Locale(language)
    pairs = []
    for code, english in _language_codes_and_english():
        name = icu.Locale(code).getDisplayLanguage(locale)
        pairs.append((code, english if not name or name == code else name))
    return tuple(_sorted(pairs, language))


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, named and sorted in the active language."""
    return list(_country_choices(_language()))


@cache
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _ in _country_codes_and_english())


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of every ISO 639-1 language, named and sorted in the active language."""
    return list(_language_choices(_language()))


@cache
def language_codes() -> frozenset[str]:
    return frozenset(code for code, _ in _language_codes_and_english())


@cache
def _country_names(language: str) -> dict[str, str]:
    return dict(_country_choices(language))


@cache
def _language_names(language: str) -> dict[str, str]:
    return dict(_language_choices(language))


def country_name(code: str) -> str:
    return _country_names(_language()).get(code, code)


def language_name(code: str) -> str:
    return _language_names(_language()).get(code, code)


@cache
def _list_formatter(language: str) -> icu.ListFormatter:
    return icu.ListFormatter.createInstance(icu.Locale(language))


def list_of(items: list[str]) -> str:
    """Items joined the active language's way ("A, B and C", "A، B وC", "A, B और C")."""
    return str(_list_formatter(_language()).format([str(item) for item in items]))
