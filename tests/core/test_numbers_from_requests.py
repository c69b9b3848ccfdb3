"""Numbers taken from requests, forms and command lines are ASCII digits and nothing else.

Python's int() also reads Arabic-Indic ("١٢") and fullwidth digits, " 12 ", "+12" and "1_2"
(and pydantic, for an API field, "12.0" too). Each such value is refused with a clear error
(400/422 from the API, a form error, a command-line usage error), never a 500, and never
quietly read as another number."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pydantic import TypeAdapter, ValidationError

from notalone.core.ids import DigitsInt, DigitsIntegerField, digits_argument, parse_count
from notalone.moderation.forms import ActionForm
from tests.conftest import make_member

ROOT = Path(__file__).resolve().parents[2]
NOT_DIGITS = [
    "\u0661\u0662",  # ARABIC-INDIC DIGITS ONE TWO
    "\uff11\uff12",  # FULLWIDTH DIGITS ONE TWO
    "\u0967\u0968",  # DEVANAGARI DIGITS ONE TWO
    "\u00b9\u00b2",  # SUPERSCRIPTS
    "1_2",
    "+12",
    "-12",
    "12.0",
    "1e2",
    "0x12",
    "12\x00",
    "9" * 30,
    "",
]


def test_parse_count_takes_ascii_digits_only() -> None:
    assert parse_count("0") == 0
    assert parse_count("12") == 12
    for value in [*NOT_DIGITS, " 12", "012"]:
        assert parse_count(value) is None, value


def test_an_api_integer_takes_a_json_integer_or_ascii_digits() -> None:
    adapter = TypeAdapter(DigitsInt)
    assert adapter.validate_python(12) == 12
    assert adapter.validate_python("12") == 12
    for value in [*NOT_DIGITS, " 12 ", 12.0, True]:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


def test_a_form_integer_takes_ascii_digits_only() -> None:
    field = DigitsIntegerField(required=False, min_value=1, max_value=365)
    assert field.clean(" 30 ") == 30
    assert field.clean("") is None
    for value in NOT_DIGITS[:-1]:
        with pytest.raises(Exception, match="whole number"):
            field.clean(value)


def test_a_command_line_number_takes_ascii_digits_within_its_range() -> None:
    port = digits_argument(minimum=1, maximum=65535)
    assert port("8000") == 8000
    for value in [*NOT_DIGITS, "0", "70000"]:
        with pytest.raises(argparse.ArgumentTypeError):
            port(value)


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_DIGITS[:-1])
def test_the_moderators_suspension_refuses_other_digits(value: str) -> None:
    form = ActionForm(data={"reason": "Repeated abuse.", "suspend_days": value})
    assert not form.is_valid()
    assert "suspend_days" in form.errors


@pytest.mark.django_db
def test_the_feeds_page_size_is_refused_unless_ascii_digits() -> None:
    client = Client()
    assert client.get("/api/v1/stories", {"limit": "5"}).status_code == 200
    for value in [*NOT_DIGITS[:-1], " 5"]:
        response = client.get("/api/v1/stories", {"limit": value})
        assert response.status_code == 422, value
        assert "limit" in response.json()["errors"]


@pytest.mark.django_db
def test_the_api_suspension_refuses_text_that_is_not_ascii_digits() -> None:
    from notalone.accounts import services
    from notalone.accounts.models import Role

    token = services.api_token_create(user=make_member("mod", Role.MODERATOR))
    response = Client().post(
        "/api/v1/moderation/actions",
        {"action": "suspend", "reason": "Spam.", "suspend_days": "\u0663"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "suspend_days" in str(response.json()["errors"])


@pytest.mark.django_db
def test_the_directory_page_number_in_other_digits_is_the_first_page() -> None:
    for value in ("\u0662", "2_0", "-1", "\x00"):
        assert Client().get("/help/", {"page": value}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\u0663", " 3", "3_0"])
def test_escrow_init_refuses_other_digits(tmp_path: Path, value: str) -> None:
    with pytest.raises(CommandError, match="not a whole number written in 0-9"):
        call_command(
            "escrow",
            "init",
            "--guardians",
            value,
            "--threshold",
            "2",
            "--quorum",
            "2",
            "--out",
            str(tmp_path / "dealing"),
        )
    assert not (tmp_path / "dealing").exists()


def _serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "notalone.cli", "serve", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serve_refuses_a_port_in_other_digits() -> None:
    result = _serve("--port", "\u0668\u0660\u0660\u0660")
    assert result.returncode == 2
    assert "not a whole number written in 0-9" in result.stderr
    assert "Traceback" not in result.stderr
    result = _serve(PORT="8_000")
    assert result.returncode == 2
    assert "PORT='8_000' is not a whole number" in result.stderr
