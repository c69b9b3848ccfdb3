"""Issue 15: a line of another country than the one the reader chose carries a call link only
when its number can be dialled from abroad (a full number that is not freephone); a short
code or a freephone number is shown with where it works, on every help page. Before a reader
chooses a country nothing is guessed (help/place.py), so every line follows the same rule."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.help.models import Resource
from notalone.help.phones import Phone, parse_phone
from tests.help.conftest import seed_all


@pytest.mark.parametrize(
    ("number", "country", "abroad"),
    [
        ("030 1234567", "DE", True),
        ("+44 20 7946 0958", "GB", True),
        ("0800 116 016", "DE", False),
        ("800-656-4673", "US", False),
        ("1522", "FR", False),
        ("116 016", "DE", False),
    ],
)
def test_which_numbers_work_from_abroad(number: str, country: str, abroad: bool) -> None:
    assert parse_phone(number, country).works_from_abroad is abroad


@pytest.mark.django_db
def test_every_help_page_links_only_numbers_that_work_where_the_reader_is(
    client: Client,
) -> None:
    seed_all()
    client.post("/help/where/", {"country": "SA"})
    short_or_free = [
        resource
        for resource in Resource.objects.exclude(country="SA").exclude(phone="")
        if not all(phone.works_from_abroad for phone in resource.phones)
    ]
    assert short_or_free
    for path in ("/help/?where=all", "/help/now/", f"/help/r/{short_or_free[0].slug}/"):
        html = client.get(path).content.decode()
        for dial in re.findall(r'href="(?:tel|sms):([^"]+)"', html):
            assert Phone(display=dial, dial=dial).works_from_abroad, (path, dial)
        assert "only)" in html or path == "/help/now/", path


@pytest.mark.parametrize(
    ("number", "country", "international"),
    [("03-5607-0799", "JP", "+81 3-5607-0799"), ("07860 077333", "GB", "+44 7860 077333")],
)
def test_a_number_for_callers_abroad_is_written_in_international_form(
    number: str, country: str, international: str
) -> None:
    assert parse_phone(number, country).international == international


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/help/now/", "/help/?where=all", "/help/r/it-1522/"])
def test_without_a_chosen_country_only_numbers_that_work_anywhere_are_links(
    client: Client, path: str
) -> None:
    seed_all()
    html = client.get(path).content.decode()
    links = re.findall(r'href="(?:tel|sms):([^"]+)">(?:Call|Text) ([^<]+)<', html)
    for dial, shown in links:
        assert Phone(display=dial, dial=dial).works_from_abroad, (path, dial)
        assert shown.startswith("+"), (path, shown)  # as a caller abroad dials it
    assert "only): <span" in html
    assert "shown without a call link" in html


@pytest.mark.django_db
def test_a_text_line_for_callers_abroad_says_how_to_use_it(client: Client) -> None:
    """Spain's 016 takes messages by WhatsApp only: a reader elsewhere is told so too."""
    seed_all()
    client.post("/help/where/", {"country": "FR"})
    html = client.get("/help/r/es-016/").content.decode()
    assert (
        'href="sms:+34600000016">Text +34 600 00 00 16</a> <span class="hint-inline">(<bdi>WhatsApp only</bdi>)'
        in html
    )
