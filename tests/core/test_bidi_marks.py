# ruff: noqa: RUF001  (digits of other scripts are the point of these tests)
"""A phone number copied from an Arabic, Persian or Hebrew page carries bidirectional marks
(issue 11 review): RLM, LRM, ALM, the embeddings LRE/RLE … PDF and the isolates LRI/RLI/FSI
… PDI. Every parser of a phone or hotline number removes them first, through one function
(``core.invisible.without_invisible``): the help directory's numbers and their ``tel:`` and
``sms:`` links, ``NOTALONE_CRISIS_LINE_PHONE``, the PII shield's phone finder and the escrow's
identifiers (whose cases, for both ports, are in tests/escrow/identifier_conformance.json)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from notalone.core.env import envphone
from notalone.core.invisible import visible_with_positions, without_invisible
from notalone.escrow.identifiers import canonicalize
from notalone.help.exchange import import_file
from notalone.help.models import Resource
from notalone.help.phones import PhoneError, parse_phone
from notalone.safety import find_pii
from tests.help.conftest import resource_line, write_csv

RLM, LRM, ALM = "\u200f", "\u200e", "\u061c"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
# Each bidirectional control as a copy leaves it: around the number, or a pair around it.
WRAPPINGS = [
    (RLM, RLM),
    (LRM, LRM),
    (ALM, ALM),
    (LRE, PDF),
    (RLE, PDF),
    (LRO, PDF),
    (RLO, PDF),
    (LRI, PDI),
    (RLI, PDI),
    (FSI, PDI),
]


def _ids(wrapping: tuple[str, str]) -> str:
    return "-".join(f"U+{ord(char):04X}" for char in wrapping)


@pytest.mark.parametrize("wrapping", WRAPPINGS, ids=_ids)
def test_the_example_a_hotline_pasted_with_bidi_marks_is_accepted(
    wrapping: tuple[str, str],
) -> None:
    start, end = wrapping
    phone = parse_phone(f"{start}+1 800{end} {start}656 4673{end}", "US")
    assert phone.dial == "+18006564673"
    assert phone.display == "+1 800 656 4673"
    assert phone.href == "tel:+18006564673"


@pytest.mark.parametrize(
    ("value", "country", "dial"),
    [
        (f"{RLM}+966 11 234 5678{RLM}", "SA", "+966112345678"),  # Arabic page
        (f"{ALM}٠١١ ٢٣٤ ٥٦٧٨{ALM}", "SA", "+966112345678"),  # Arabic-Indic digits and ALM
        (f"{RLM}۰۲۱ ۲۳۴۵ ۶۷۸۹{RLM}", "IR", "+982123456789"),  # Persian digits
        (f"{LRM}02-123-4567{LRM}", "IL", "+97221234567"),  # Hebrew page
        (f"{RLI}١٦٠٠٠{PDI}", "EG", "16000"),  # a short number in Arabic-Indic digits
        (f"{FSI}#8891{PDI}", "JP", "#8891"),  # a service code
        (f"{LRE}1800{PDF}{LRE}-599-0019{PDF}", "IN", "+9118005990019"),
        (f"\u200b+44 20 7946 0123{LRM} ext. 123", "GB", "+442079460123;ext=123"),
    ],
)
def test_numbers_of_other_countries_and_scripts_with_marks(
    value: str, country: str, dial: str
) -> None:
    assert parse_phone(value, country).dial == dial


def test_a_number_is_still_refused_for_what_is_visible() -> None:
    with pytest.raises(PhoneError, match="not digits"):
        parse_phone(f"{RLM}٩٨٨ ☎{RLM}", "US")
    with pytest.raises(PhoneError, match="empty"):
        parse_phone(f"{RLM}{LRM}{ALM}", "US")


@pytest.mark.django_db
def test_an_imported_hotline_with_marks_links_in_ascii(tmp_path: Path, client: Client) -> None:
    path = write_csv(tmp_path, resource_line("us-marked", phone=f"{RLM}1-800-656-4673{RLM}"))
    import_file("resources", path, verified_on=None)
    resource = Resource.objects.get(slug="us-marked")
    assert (resource.phone, resource.phone_dial) == ("1-800-656-4673", "+18006564673")
    client.post("/help/where/", {"country": "US"})
    assert 'href="tel:+18006564673"' in client.get("/help/r/us-marked/").content.decode()


@pytest.mark.parametrize("wrapping", WRAPPINGS, ids=_ids)
def test_the_crisis_line_setting_takes_a_copied_number(wrapping: tuple[str, str]) -> None:
    start, end = wrapping
    value = f"{start}+1 800 656 4673{end}"
    assert envphone("P", environ={"P": value}) == ("+1 800-656-4673", "+18006564673")


@pytest.mark.parametrize(
    "number",
    [
        f"+1 415{RLM} 555{RLM} 0100",
        f"{LRI}+44 20 7946 0958{PDI}",
        f"+966{ALM} 11 234 5678",
        f"{RLE}+33 1 23 45 67 89{PDF}",
        f"+91{LRM} 98765{LRM} 43210",
    ],
)
def test_the_pii_shield_finds_a_number_with_marks_in_the_text(number: str) -> None:
    text = f"اتصل بي على {number} من فضلك. Call me on it."
    phones = [f for f in find_pii(text) if f.kind == "phone"]
    assert len(phones) == 1, phones
    found = phones[0]
    # The span is of the text as written (marks and all), so replacing it leaves none behind.
    assert text[found.start : found.end] == found.text
    assert without_invisible(found.text).strip(" ") == without_invisible(number).strip(" ")
    assert any(char.isdigit() for char in text[: found.start] + text[found.end :]) is False


def test_the_escrow_takes_the_same_number_with_or_without_marks() -> None:
    for start, end in WRAPPINGS:
        assert canonicalize(f"{start}+966 11{end} 234 5678") == "phone:+966112345678"


def test_positions_map_the_visible_text_back() -> None:
    text = f"{RLM}ab{LRI}c{PDI}"
    visible, positions = visible_with_positions(text)
    assert visible == "abc"
    assert [text[positions[i]] for i in range(3)] == ["a", "b", "c"]
    assert positions[-1] == len(text)
    assert visible_with_positions("plain") == ("plain", [0, 1, 2, 3, 4, 5])
