"""A number with an extension keeps it in its tel: link, as RFC 3966's ``ext`` parameter
(issue 11). The numbers are Ofcom's drama range (020 7946 0xxx) and the US 555-01xx range
reserved for fiction; the directory's own lines come from the shipped reference data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from notalone.core.env import envphone
from notalone.help.exchange import import_file
from notalone.help.models import Resource
from notalone.help.phones import Phone, dial_uri, parse_phone, split_dials
from tests.help.conftest import resource_line, write_csv

EXTENSION_LINK = "tel:+442079460123;ext=123"


@pytest.mark.parametrize(
    "value",
    [
        "020 7946 0123 ext. 123",
        "020 7946 0123 x123",
        "020-7946-0123 EXT 123",
        "+44 20 7946 0123 ext. ١٢٣",  # the extension in Arabic-Indic digits
    ],
)
def test_the_extension_is_kept_in_the_link(value: str) -> None:
    phone = parse_phone(value, "GB")
    assert phone.dial == "+442079460123;ext=123"
    assert phone.href == EXTENSION_LINK


def test_a_us_number_with_an_extension() -> None:
    phone = parse_phone("(202) 555-0123 ext. 45", "US")
    assert phone.href == "tel:+12025550123;ext=45"


def test_a_number_without_an_extension_links_as_before() -> None:
    assert parse_phone("020 7946 0123", "GB").href == "tel:+442079460123"


def test_a_text_message_is_never_sent_to_an_extension() -> None:
    assert dial_uri("sms", "+442079460123;ext=123") == ""


@pytest.mark.parametrize("dial", ["+442079460123;ext=", "+442079460123;ext=1a", "988;ext=1"])
def test_no_link_from_a_broken_extension(dial: str) -> None:
    assert dial_uri("tel", dial) == ""


def test_the_list_of_dial_forms_keeps_each_extension() -> None:
    assert split_dials("+18006564673;+442079460123;ext=123;988") == [
        "+18006564673",
        "+442079460123;ext=123",
        "988",
    ]


def test_the_footer_form_keeps_the_extension_on_one_line() -> None:
    phone = Phone(display="020 7946 0123 ext. 123", dial="+442079460123;ext=123")
    assert phone.footer_form == "020-7946-0123 ext. 123"
    assert Phone(display="#8891", dial="#8891").footer_form is None


def test_the_operators_default_line_keeps_its_extension() -> None:
    shown, dial = envphone("P", environ={"P": "+44 20 7946 0123 ext. 123"})  # type: ignore[misc]
    assert dial == "+442079460123;ext=123"
    assert dial_uri("tel", dial) == EXTENSION_LINK
    assert "123" in shown.rsplit(" ", 1)[-1]


@pytest.mark.django_db
def test_an_imported_line_with_an_extension_links_to_it(tmp_path: Path, client: Client) -> None:
    line = resource_line("gb-extension", country="GB", phone="020 7946 0123 ext. 123;0808 500 2222")
    import_file("resources", write_csv(tmp_path, line), verified_on=None)
    resource = Resource.objects.get(slug="gb-extension")
    assert [phone.dial for phone in resource.phones] == ["+442079460123;ext=123", "+448085002222"]
    client.post("/help/where/", {"country": "GB"})
    html = client.get("/help/r/gb-extension/").content.decode()
    assert f'href="{EXTENSION_LINK}"' in html
    assert 'href="tel:+448085002222"' in html


@pytest.mark.django_db
def test_the_footer_links_the_extension(tmp_path: Path, client: Client) -> None:
    line = resource_line("gb-extension", country="GB", phone="020 7946 0123 ext. 123")
    import_file("resources", write_csv(tmp_path, line), verified_on=None)
    client.post("/help/where/", {"country": "GB"})
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert re.search(
        rf'<a href="{re.escape(EXTENSION_LINK)}" dir="ltr">020-7946-0123 ext. 123</a>', footer
    )


@pytest.mark.django_db
def test_the_shipped_lines_link_as_before(seeded) -> None:  # type: ignore[no-untyped-def]
    """The reference data has no extension: every link is still E.164 or a short code."""
    dials = [phone.dial for resource in Resource.objects.all() for phone in resource.phones]
    assert dials
    assert [dial for dial in dials if ";" in dial] == []
    rainn = Resource.objects.get(slug="us-rainn-hotline")
    assert rainn.phones[0].href == "tel:+18006564673"
