"""The reader chooses the language; Accept-Language is only the first guess.

The choice is a plain form on every page (no script, no CSRF token, so pages for readers who
are not signed in stay cacheable), kept in the session and a cookie; the network address is
never consulted. Dates, numbers and plurals follow the language.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client

from notalone.accounts.models import User
from tests.stories.factories import publish

SWITCHER = re.compile(
    r'<form class="language-form" method="post" action="/language/">(.*?)</form>', re.S
)


def _html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "direction", "quick_exit"),
    [
        ("en", "ltr", "Quick exit"),
        ("es", "ltr", "Salida rápida"),
        ("fr", "ltr", "Sortie rapide"),
        ("hi", "ltr", "तुरंत बाहर निकलें"),
        ("ar", "rtl", "خروج سريع"),
    ],
)
def test_accept_language_is_the_first_guess(
    db: None, client: Client, language: str, direction: str, quick_exit: str
) -> None:
    html = _html(client.get("/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5"))
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert quick_exit in html


def test_the_network_address_is_never_used(db: None, client: Client) -> None:
    # An address in Cairo or Delhi says where a reader is, not what they read.
    for address in ("41.32.0.1", "103.21.58.1", "2c0f:fc88::1"):
        html = _html(client.get("/", REMOTE_ADDR=address))
        assert '<html lang="en" dir="ltr">' in html


def test_the_switcher_is_a_plain_form_on_every_page(db: None, client: Client) -> None:
    for path in ("/", "/stories/", "/help/", "/login/", "/signup/", "/escrow/", "/guidelines/"):
        html = _html(client.get(path))
        form = SWITCHER.search(html)
        assert form, f"no language switcher on {path}"
        assert "csrfmiddlewaretoken" not in form.group(1)
        for code in ("en", "es", "fr", "hi", "ar"):
            assert f'<option value="{code}" lang="{code}"' in form.group(1)
        assert f'<input type="hidden" name="next" value="{path}">' in form.group(1)


def test_choosing_a_language_is_remembered_over_accept_language(db: None, client: Client) -> None:
    response = client.post("/language/", {"language": "hi", "next": "/stories/?sort=latest"})
    assert response.status_code == 303
    assert response["Location"] == "/stories/?sort=latest"
    cookie = response.cookies["na_language"]
    assert cookie.value == "hi"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    html = _html(client.get("/stories/", HTTP_ACCEPT_LANGUAGE="ar"))
    assert '<html lang="hi" dir="ltr">' in html
    assert client.session["language"] == "hi"


def test_the_session_keeps_the_choice_if_the_cookie_is_lost(alice_client: Client) -> None:
    alice_client.post("/language/", {"language": "ar", "next": "/"})
    alice_client.cookies.pop("na_language")
    html = _html(alice_client.get("/account/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<html lang="ar" dir="rtl">' in html


def test_another_site_cannot_switch_the_language(db: None, client: Client) -> None:
    response = client.post(
        "/language/", {"language": "ar", "next": "/"}, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert "na_language" not in response.cookies


def test_next_never_leaves_the_site_and_unknown_languages_change_nothing(
    db: None, client: Client
) -> None:
    response = client.post("/language/", {"language": "fr", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"
    response = client.post("/language/", {"language": "xx", "next": "/help/"})
    assert response.status_code == 303
    assert response["Location"] == "/help/"
    assert "na_language" not in response.cookies
    assert client.get("/language/").status_code == 405


def test_cached_pages_are_kept_per_language(db: None, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    arabic = _html(client.get("/", HTTP_ACCEPT_LANGUAGE="ar"))
    spanish = _html(client.get("/", HTTP_ACCEPT_LANGUAGE="es"))
    assert "خروج سريع" in arabic
    assert "Salida rápida" in spanish
    # The switcher adds no cookie, so the page is cached for the next reader.
    response = client.get("/stories/", HTTP_ACCEPT_LANGUAGE="fr")
    assert not response.cookies


@time_machine.travel(datetime.datetime(2026, 3, 8, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_dates_and_plurals_follow_the_language(alice: User, client: Client) -> None:
    story = publish(alice, title="Le bureau", hashtags=["MeToo"])
    publish(alice, body="A second story, for the count.", hashtags=["MeToo"])
    french = _html(client.get(f"/stories/{story.public_id}/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert "mars 2026" in french
    arabic = _html(client.get(f"/stories/{story.public_id}/", HTTP_ACCEPT_LANGUAGE="ar"))
    assert "مارس 2026" in arabic
    # Two stories: Arabic has a dual form of its own.
    tag = _html(client.get("/tags/MeToo/", HTTP_ACCEPT_LANGUAGE="ar"))
    assert "قصتان مشاركتان مع الجميع تحملان هذا الوسم" in tag
    tag = _html(client.get("/tags/MeToo/", HTTP_ACCEPT_LANGUAGE="hi"))
    assert "सभी के साथ साझा की गई 2 कहानियों में यह हैशटैग है" in tag


def test_the_escrow_page_gets_its_sentences_in_the_readers_language(
    db: None, client: Client
) -> None:
    catalog = client.get("/escrow/catalog.json", HTTP_ACCEPT_LANGUAGE="ar").json()["catalog"]
    assert catalog["Encrypting in your browser…"] == "جارٍ التشفير في متصفحك…"
    assert catalog["The identifier is empty."] == "المعرّف فارغ."
    assert (
        "{platform}"
        in catalog[
            "This is a {platform} redirect link: open it and copy the address of the page it leads to."
        ]
    )
    french = client.get("/escrow/catalog.json", HTTP_ACCEPT_LANGUAGE="fr").json()["catalog"]
    assert (
        french["Nothing you typed has been lost."] == "Rien de ce que vous avez tapé n'est perdu."
    )


def test_stories_keep_their_language_and_the_feed_filters_by_it(
    alice: User, client: Client
) -> None:
    publish(alice, title="في العمل", body="حدث ذلك في العمل.", language="ar")
    publish(alice, title="En la oficina", body="Pasó en la oficina.", language="es")
    arabic_only = _html(client.get("/stories/?language=ar", HTTP_ACCEPT_LANGUAGE="fr"))
    assert "في العمل" in arabic_only
    assert "En la oficina" not in arabic_only
    # The reader's own language does not filter anything by itself.
    everything = _html(client.get("/stories/", HTTP_ACCEPT_LANGUAGE="ar"))
    assert "في العمل" in everything
    assert "En la oficina" in everything
