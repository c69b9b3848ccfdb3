from __future__ import annotations

import csv

import pytest

from notalone.help.phones import PhoneError, parse_phone, parse_phone_list, split_sms
from tests.help.conftest import RESOURCES_CSV


def _shipped_numbers() -> list[tuple[str, str]]:
    with RESOURCES_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    numbers = [(row["country"], n) for row in rows for n in row["phone"].split(";") if n]
    numbers += [(row["country"], split_sms(row["sms"])[0]) for row in rows if row["sms"]]
    return numbers


@pytest.mark.parametrize(("country", "number"), _shipped_numbers())
def test_every_shipped_number_fits_its_country(country: str, number: str) -> None:
    assert parse_phone(number, country).dial


@pytest.mark.parametrize(
    ("value", "country", "dial", "href"),
    [
        ("1-800-656-4673", "US", "+18006564673", "tel:+18006564673"),
        ("0808 500 2222", "GB", "+448085002222", "tel:+448085002222"),
        ("988", "US", "988", "tel:988"),
        ("116 016", "DE", "116016", "tel:116016"),
        ("#8891", "JP", "#8891", "tel:%238891"),
        ("*765", "MX", "*765", "tel:*765"),
    ],
)
def test_it_makes_a_dialable_link(value: str, country: str, dial: str, href: str) -> None:
    phone = parse_phone(value, country)
    assert (phone.display, phone.dial, phone.href) == (value, dial, href)


@pytest.mark.parametrize(
    ("value", "country"),
    [("12", "US"), ("call us", "US"), ("+44 808 500 2222", "US"), ("0808 500", "US"), ("1", "GB")],
)
def test_it_rejects_a_number_that_does_not_fit_the_country(value: str, country: str) -> None:
    with pytest.raises(PhoneError):
        parse_phone(value, country)


def test_several_numbers_are_separated_by_semicolons() -> None:
    assert [p.dial for p in parse_phone_list("14490;7827170170", "IN")] == [
        "14490",
        "+917827170170",
    ]


@pytest.mark.parametrize(
    ("value", "number", "note"),
    [
        ("88788 (text START)", "88788", "text START"),
        ("(61) 9610-0180 (WhatsApp)", "(61) 9610-0180", "WhatsApp"),
        ("988", "988", ""),
    ],
)
def test_a_text_number_keeps_its_instructions(value: str, number: str, note: str) -> None:
    assert split_sms(value) == (number, note)


def test_the_footer_form_is_a_valid_tel_target() -> None:
    assert parse_phone("0808 2000 247", "GB").footer_form == "0808-2000-247"
    assert parse_phone("#8891", "JP").footer_form is None


@pytest.mark.parametrize(
    ("value", "country", "dial"),
    [
        # Typed on a Japanese or Chinese keyboard: full-width sign, digits and brackets.
        ("\uff03\uff18\uff18\uff19\uff11", "JP", "#8891"),
        (
            "\uff08\uff10\uff13\uff09\uff11\uff12\uff13\uff14\uff0d\uff15\uff16\uff17\uff18",
            "JP",
            "+81312345678",
        ),
        # Dashes a word processor puts in: non-breaking hyphen, en dash.
        ("800\u2011656\u20114673", "US", "+18006564673"),
        ("800\u2013656\u20134673", "US", "+18006564673"),
    ],
)
def test_full_width_forms_and_every_dash_are_read(value: str, country: str, dial: str) -> None:
    phone = parse_phone(value, country)
    assert phone.dial == dial
    assert phone.href.isascii()


def test_a_refusal_names_the_country_in_the_readers_language() -> None:
    from django.utils import translation

    with translation.override("fr"), pytest.raises(PhoneError) as refused:
        parse_phone("+44 20 7946 0000", "DE")
    assert "Allemagne" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("+1 800\u00ad656 4673", "U+00AD SOFT HYPHEN"),
        ("0800\u034f 1111", "U+034F COMBINING GRAPHEME JOINER"),
        ("0800\u180e1111", "U+180E MONGOLIAN VOWEL SEPARATOR"),
    ],
)
def test_an_invisible_character_in_a_number_is_named(typed: str, named: str) -> None:
    """The break-it review: a pasted soft hyphen was refused by a message whose offending
    character could not be seen. The bidi marks and zero-width characters of
    ``core.invisible`` are removed; any other invisible character is named."""
    with pytest.raises(PhoneError) as error:
        parse_phone(typed, "US" if typed.startswith("+1") else "DE")
    assert named in str(error.value)


def test_a_visible_wrong_character_is_shown_as_itself() -> None:
    with pytest.raises(PhoneError) as error:
        parse_phone("0800 \u260e 1111", "DE")
    assert "(\u2068\u260e\u2069)" in str(error.value)
    assert "U+" not in str(error.value)
