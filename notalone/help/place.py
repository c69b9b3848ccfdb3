"""The reader's chosen country and region, kept in their session and nowhere else.

It is never guessed from the network address, the Accept-Language header or anything else
the browser sends: a survivor may be somewhere other than where their device says, and a
guess that is wrong, or right, can both do harm. The session ends when the browser closes.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

import pycountry
from django.http import HttpRequest
from django.utils import translation

from notalone.core.places import country_codes, country_name
from notalone.help.selectors import Place

SESSION_KEY = "help_place"


def place_of(request: HttpRequest) -> Place:
    session = getattr(request, "session", None)
    stored = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(stored, dict):
        return Place()
    country = str(stored.get("country", ""))
    region = str(stored.get("region", ""))
    if country not in country_codes():
        return Place()
    return Place(country=country, region=region if region.startswith(f"{country}-") else "")


def remember_place(request: HttpRequest, place: Place) -> None:
    request.session[SESSION_KEY] = {"country": place.country, "region": place.region}


def forget_place(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


@cache
def _region_names() -> dict[str, str]:
    return {subdivision.code: subdivision.name for subdivision in pycountry.subdivisions}


@cache
def _region_catalog(language: str) -> gettext.NullTranslations:
    """pycountry's ISO 3166-2 names in ``language`` (Debian's iso-codes catalogs); English
    where it has none (Arabic today) or lacks the name."""
    return gettext.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def region_name(code: str) -> str:
    """The subdivision's name in the reader's language where the catalogs give it."""
    name = _region_names().get(code)
    if name is None:
        return code
    shown = _region_catalog(translation.get_language() or "en").gettext(name)
    # pycountry adds local names in brackets ("Wales [Cymru GB-CYM]"): the first name is enough.
    return re.sub(r"\s*\[.*\]$", "", shown)


def place_label(place: Place) -> str:
    if not place.country:
        return ""
    if place.region:
        return f"{region_name(place.region)}, {country_name(place.country)}"
    return country_name(place.country)
