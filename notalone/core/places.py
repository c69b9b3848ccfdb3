"""Countries (ISO 3166-1 alpha-2) and languages (ISO 639-1), from pycountry's shipped data."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda item: item[1])


@cache
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _ in country_choices())


@cache
def language_choices() -> list[tuple[str, str]]:
    languages = [
        (lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")
    ]
    return sorted(languages, key=lambda item: item[1])


@cache
def language_codes() -> frozenset[str]:
    return frozenset(code for code, _ in language_choices())


def country_name(code: str) -> str:
    return dict(country_choices()).get(code, code)


def language_name(code: str) -> str:
    return dict(language_choices()).get(code, code)
