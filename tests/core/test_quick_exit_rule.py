"""Quick exit's Escape rule is stated from the same numbers quick-exit.js is given."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone.core import quick_exit


def test_the_safety_page_states_how_many_presses_and_how_fast(client: Client) -> None:
    html = " ".join(client.get("/staying-safe/").content.decode().split())
    assert (
        "press the Escape key 3 times quickly: each press less than 1.5 seconds after the one"
        " before." in html
    )
    assert 'data-escape-presses="3"' in html
    assert 'data-escape-window-ms="1500"' in html


def test_the_page_follows_the_rule_where_it_is_set(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quick_exit, "ESCAPE_WINDOW_MS", 2000)
    html = " ".join(client.get("/staying-safe/").content.decode().split())
    assert "less than 2 seconds after the one before" in html


def test_the_french_page_writes_the_seconds_as_french_does(client: Client) -> None:
    client.cookies["django_language"] = "fr"
    html = " ".join(
        client.get("/staying-safe/", HTTP_ACCEPT_LANGUAGE="fr").content.decode().split()
    )
    assert "moins de 1,5 secondes" in html
