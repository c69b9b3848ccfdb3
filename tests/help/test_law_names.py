"""The laws pages name each place in the reader's language, in that language's order
(issue 11): the reference data names them in English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from notalone.help.exchange import import_file
from tests.help.conftest import C190_CSV, COMPILED_ON, NDA_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def laws(db: None) -> None:
    import_file("c190", C190_CSV, verified_on=COMPILED_ON)
    import_file("nda-laws", NDA_CSV, verified_on=COMPILED_ON)


def _page(client: Client, path: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_places_are_named_and_sorted_in_french(laws: None, client: Client) -> None:
    page = _page(client, "/help/laws/", "fr")
    places = page[page.index('class="jurisdiction-list"') :]
    for english in ("Germany", "United States (federal)", ">Spain<"):
        assert english not in places
    assert "États-Unis (niveau fédéral)" in places
    assert "Californie" in places  # a state, from the ISO 3166-2 catalogs
    # French order: Allemagne, Argentine, … Espagne, … États-Unis.
    assert places.index("Allemagne") < places.index("Argentine") < places.index("Espagne")
    assert places.index("Espagne") < places.index("États-Unis")


@pytest.mark.parametrize(
    ("path", "language", "name"),
    [
        ("/help/laws/DE/", "es", "Alemania"),
        ("/help/laws/US/", "ar", "الولايات المتحدة (المستوى الاتحادي)"),
        ("/help/laws/c190/", "hi", "जर्मनी"),
        ("/help/laws/since-2017/", "fr", "Allemagne"),
    ],
)
def test_every_laws_page_uses_the_readers_names(
    laws: None, client: Client, path: str, language: str, name: str
) -> None:
    assert name in _page(client, path, language)


def test_a_state_without_a_translated_name_keeps_its_imported_one(
    laws: None, client: Client
) -> None:
    # The ISO 3166-2 catalogs have no Arabic: the state is named as the data names it.
    assert "California" in _page(client, "/help/laws/US-CA/", "ar")
