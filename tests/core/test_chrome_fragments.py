"""The header and footer kept in the process never outlive the settings they were drawn with."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_changed_quick_exit_address_is_shown_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    settings.QUICK_EXIT_URL = "https://first.example/"
    assert "https://first.example/" in Client().get("/staying-safe/").content.decode()
    settings.QUICK_EXIT_URL = "https://second.example/"
    page = Client().get("/staying-safe/").content.decode()
    assert "https://second.example/" in page
    assert "https://first.example/" not in page
