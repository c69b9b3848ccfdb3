# ruff: noqa: RUF001  (digits of other scripts are the point of these tests)
"""Every tel: and sms: link is dialable: ASCII digits from the parsed number (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from notalone.help.exchange import import_file
from notalone.help.models import Resource
from notalone.help.phones import PhoneError, dial_uri, parse_phone
from notalone.help.services import ImportRejected
from tests.help.conftest import resource_line, write_csv

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="((?:tel|sms):[^"]*)"', re.I)
# E.164; a short number (which has no international form); a service code ("#" encoded).
DIALABLE = re.compile(r"^(tel|sms):(\+[0-9]+|[0-9]+|\*[0-9]+|%23[0-9]+)$", re.ASCII)


@pytest.mark.parametrize(
    ("value", "country", "dial"),
    [
        ("١-٨٠٠-٦٥٦-٤٦٧٣", "US", "+18006564673"),  # Arabic-Indic digits
        ("۱-۸۰۰-۶۵۶-۴۶۷۳", "US", "+18006564673"),  # Persian digits
        ("१-८००-६५६-४६७३", "US", "+18006564673"),  # Devanagari digits
        ("٩٨٨", "US", "988"),
        ("１１６ ０１６", "DE", "116016"),  # full-width
    ],
)
def test_digits_of_any_script_dial_in_ascii(value: str, country: str, dial: str) -> None:
    phone = parse_phone(value, country)
    assert phone.display == value
    assert phone.dial == dial
    assert DIALABLE.match(phone.href)


def test_a_number_with_other_characters_is_refused_with_a_reason() -> None:
    with pytest.raises(PhoneError, match="not digits"):
        parse_phone("٩٨٨ ☎", "US")


@pytest.mark.parametrize("dial", ["١٢٣٤٥", "800-656-4673", "+1 800", "tel:+1", "", "12a"])
def test_no_link_is_made_from_anything_but_a_dial_form(dial: str) -> None:
    assert dial_uri("tel", dial) == ""
    assert dial_uri("sms", dial) == ""


def test_an_imported_hotline_in_arabic_digits_links_in_ascii(
    tmp_path: Path, client: Client
) -> None:
    path = write_csv(tmp_path, resource_line("us-arabic-digits", phone="١-٨٠٠-٦٥٦-٤٦٧٣"))
    import_file("resources", path, verified_on=None)
    resource = Resource.objects.get(slug="us-arabic-digits")
    assert resource.phone_dial == "+18006564673"
    client.post("/help/where/", {"country": "US"})  # a US freephone number is linked in the US
    html = client.get("/help/r/us-arabic-digits/").content.decode()
    assert 'href="tel:+18006564673"' in html
    assert "%D9" not in html


def test_an_import_refuses_a_number_that_is_not_digits(tmp_path: Path) -> None:
    path = write_csv(tmp_path, resource_line("us-bad-digits", phone="٩٨٨ ☎"))
    with pytest.raises(ImportRejected) as refused:
        import_file("resources", path, verified_on=None)
    assert [p.column for p in refused.value.problems] == ["phone"]
    assert "not digits" in refused.value.problems[0].message


def test_every_rendered_tel_and_sms_link_is_dialable(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    pages = ["/", "/help/", "/help/now/", "/help/legal/", "/staying-safe/"]
    pages += [f"/help/r/{slug}/" for slug in Resource.objects.values_list("slug", flat=True)]
    found: list[str] = []
    for country in ("", "US", "DE", "GB", "IN", "JP", "MX", "BR", "EG", "FR"):
        if country:
            client.post("/help/where/", {"country": country})
        for url in pages if country in ("", "US") else pages[:3]:
            response = client.get(url)
            assert response.status_code == 200, url
            found += HREF.findall(response.content.decode())
    assert found, "no phone link was rendered at all"
    assert [href for href in found if not DIALABLE.match(href)] == []
    assert "tel:+18006564673" in found  # the footer's fallback line, in international form
