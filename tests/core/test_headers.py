from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/staying-safe/", "/login/", "/signup/", "/recover/", "/no-such-page/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_the_safety_headers(client: Client, url: str) -> None:
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_quick_exit_first_and_the_safety_links(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    body = html.split("<body", 1)[1]
    first_link = body.index("<a ")
    assert body[first_link:].startswith('<a class="quick-exit"')
    assert 'href="/staying-safe/"' in html
    # Before a country is chosen the footer offers to find a line (no US line for everyone).
    assert "find a line where you are" in html
    assert html.count('href="/help/now/"') >= 2
    assert 'href="#main"' in html


def test_pages_load_nothing_from_another_host(client: Client) -> None:
    html = client.get("/").content.decode()
    for attribute in ('src="http', "src='http", 'href="//', "@import"):
        assert attribute not in html
    # The only absolute link is the quick-exit target, which is a navigation, not a load.
    assert html.count('href="https://') == 1


def test_no_inline_script_or_style(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html


def test_production_adds_hsts_and_secure_cookies(client: Client, settings, alice) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.post(
        "/login/", {"username": "alice", "password": "correct horse battery staple"}, secure=True
    )
    assert response["Strict-Transport-Security"].startswith("max-age=63072000")
    session = response.cookies["na_session"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_the_csrf_cookie_ends_with_the_browser(client: Client) -> None:
    response = client.get("/signup/")
    cookie = response.cookies["na_csrf"]
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["httponly"]


def test_a_form_without_a_csrf_token_gets_a_kind_message() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/signup/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Please send that again" in response.content.decode()


def _csrf_client_and_token() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get("/signup/")
    return client, client.cookies["na_csrf"].value


def test_a_same_origin_form_with_origin_null_is_accepted() -> None:
    # What a browser sends under Referrer-Policy: no-referrer.
    client, token = _csrf_client_and_token()
    response = client.post(
        "/signup/",
        {"username": "ivy", "password": "a long and quiet morning", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
        secure=True,
    )
    assert response.status_code == 200


def test_a_cross_site_post_is_refused_even_with_a_token() -> None:
    client, token = _csrf_client_and_token()
    response = client.post(
        "/signup/",
        {"username": "ivy", "password": "a long and quiet morning", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="cross-site",
        secure=True,
    )
    assert response.status_code == 403


def test_a_same_origin_post_without_the_token_is_refused() -> None:
    client, _token = _csrf_client_and_token()
    response = client.post(
        "/signup/",
        {"username": "ivy", "password": "a long and quiet morning"},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 403
