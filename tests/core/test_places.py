"""Countries and languages are named and sorted in the reader's language (review of issue 11).

The place picker leads to a crisis line: an Arabic reader must find "مصر", not "Egypt".
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from notalone.core.places import country_choices, country_name, language_name, list_of


@pytest.mark.parametrize(
    ("language", "egypt", "arabic"),
    [
        ("en", "Egypt", "Arabic"),
        ("es", "Egipto", "árabe"),
        ("fr", "Égypte", "arabe"),
        ("hi", "मिस्र", "अरबी"),
        ("ar", "مصر", "العربية"),
    ],
)
def test_names_are_in_the_active_language(language: str, egypt: str, arabic: str) -> None:
    with translation.override(language):
        assert country_name("EG") == egypt
        assert language_name("ar") == arabic
        assert dict(country_choices())["EG"] == egypt


def test_countries_are_sorted_by_the_languages_collation() -> None:
    with translation.override("fr"):
        names = [name for _code, name in country_choices()]
    # French collation: "Égypte" sorts with the E's, not after "Zimbabwe".
    assert names.index("Égypte") < names.index("Espagne") < names.index("Zimbabwe")
    with translation.override("ar"):
        names = [name for _code, name in country_choices()]
    assert names.index("الأردن") < names.index("مصر")


def test_lists_are_joined_the_languages_way() -> None:
    with translation.override("ar"):
        assert list_of(["أ", "ب"]) == "أ وب"
    with translation.override("en"):
        assert list_of(["English", "French"]) == "English and French"


@pytest.mark.django_db
def test_the_place_picker_names_countries_in_arabic(client: Client) -> None:
    page = client.get("/help/where/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<option value="EG">مصر</option>' in page
    assert ">Egypt<" not in page
