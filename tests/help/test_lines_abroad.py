"""Issue 15: a line of another country than the one the reader chose carries a call link only
when its number can be dialled from abroad (a full number that is not freephone); a short
code or a freephone number is shown with where it works, on every help page."""

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
