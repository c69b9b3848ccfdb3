"""``notalone.escrow.client`` was split (issue 10, follow-up item 6): the HTTP transport lives in
``client_http``, and every name that was imported from ``client`` still is, as the same object."""

from __future__ import annotations

from notalone.escrow import client, client_http


def test_the_transport_is_re_exported_from_client() -> None:
    for name in ("EscrowClientError", "Transport", "check_site_url", "http_transport"):
        assert getattr(client, name) is getattr(client_http, name)
        assert name in client.__all__


def test_both_modules_stay_under_the_line_limit() -> None:
    for module in (client, client_http):
        assert module.__file__ is not None
        with open(module.__file__, encoding="utf-8") as source:
            assert sum(1 for _ in source) < 400
