"""The help directory in the reader's language where the source gives it, and the crisis line
for the reader's chosen country first, whatever their language."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.test import Client

from notalone.help.exchange import export_text, import_file
from notalone.help.models import Resource
from tests.help.conftest import RESOURCE_HEADER, resource_line, seed_all

EXTRA = "name_es,description_es,name_ar,description_ar"


def _import(tmp_path: Path, *lines: str) -> None:
    path = tmp_path / "resources.csv"
    path.write_text("\n".join((f"{RESOURCE_HEADER},{EXTRA}", *lines)) + "\n", encoding="utf-8")
    import_file("resources", path, verified_on=None)


def test_names_and_descriptions_in_the_readers_language(db: None, tmp_path: Path) -> None:
    _import(
        tmp_path,
        resource_line("xx-translated-line")
        + ",Línea de prueba,Una línea ficticia para las pruebas.,خط تجريبي,خط وهمي للاختبارات.",
        resource_line("xx-english-only") + ",,,,",
    )
    client = Client()
    spanish = client.get("/help/r/xx-translated-line/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<h1 dir="auto" lang="es">Línea de prueba</h1>' in spanish.content.decode()
    assert "Una línea ficticia para las pruebas." in spanish.content.decode()
    arabic = client.get("/help/?country=US", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "خط تجريبي" in arabic
    assert "خط وهمي للاختبارات." in arabic
    # Where the source gives no translation, the line is shown as imported.
    assert "Test line xx-english-only" in arabic
    french = client.get("/help/r/xx-translated-line/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Test line xx-translated-line" in french


def test_a_line_shown_in_its_own_language_is_marked_with_it(db: None, tmp_path: Path) -> None:
    """A name or description the source gives no translation for is shown as imported, in
    the import file's language (English): marked ``lang="en"`` so that a screen reader on an
    Arabic or Hindi page reads it in English, and the page's language stays right."""
    _import(
        tmp_path,
        resource_line("xx-english-only") + ",,,,",
        resource_line("xx-name-only") + ",,,خط تجريبي,",
    )
    client = Client()
    for language in ("ar", "hi", "fr"):
        page = client.get("/help/r/xx-english-only/", HTTP_ACCEPT_LANGUAGE=language)
        html = page.content.decode()
        assert '<h1 dir="auto" lang="en">Test line xx-english-only</h1>' in html
        assert '<p class="lead" dir="auto" lang="en">' in html
    html = client.get("/help/r/xx-name-only/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<h1 dir="auto" lang="ar">خط تجريبي</h1>' in html
    assert '<p class="lead" dir="auto" lang="en">' in html
    directory = client.get("/help/?country=US", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert 'dir="auto" lang="en">Test line xx-english-only</a>' in directory


def test_translations_survive_an_export_and_an_import(db: None, tmp_path: Path) -> None:
    _import(tmp_path, resource_line("xx-round-trip") + ",Línea,Descripción.,,")
    text = export_text("resources", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["xx-round-trip"]["name_es"] == "Línea"
    assert rows["xx-round-trip"]["description_es"] == "Descripción."
    assert rows["xx-round-trip"]["name_ar"] == ""
    line = Resource.objects.get(slug="xx-round-trip")
    assert line.translations == {"es": {"name": "Línea", "description": "Descripción."}}


def test_the_crisis_line_follows_the_country_whatever_the_language(db: None) -> None:
    seed_all()
    client = Client()
    client.post("/help/where/", {"country": "DE", "region": ""})
    for language in ("en", "es", "fr", "hi", "ar"):
        html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        footer = html.split('<p class="crisis-line">', 1)[1].split("</p>", 1)[0]
        assert "Hilfetelefon Gewalt gegen Frauen" in footer, language
