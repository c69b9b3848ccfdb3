from __future__ import annotations

import re

import pytest
from django.test import Client

from notalone.help.models import Resource

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<article class="card resource".*?</article>', re.S)
TITLES = re.compile(r'<h3 id="resource-[^"]+"><a [^>]*>([^<]+)</a>')
FOOTER = re.compile(r'<p class="crisis-line">(.*?)</p>', re.S)


def _choose(client: Client, country: str, region: str = "") -> None:
    response = client.post("/help/where/", {"country": country, "region": region})
    assert response.status_code == 302


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        t.replace("&amp;", "&").replace("&#x27;", "'")
        for t in TITLES.findall(response.content.decode())
    ]


def test_every_record_shown_has_a_source_and_a_verification_date(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    cards = []
    for page in (1, 2):
        cards += CARD.findall(client.get(f"/help/?page={page}").content.decode())
    assert len(cards) == 41
    for card in cards:
        assert re.search(
            r'class="source-link"[^>]*>|href="https?://[^"]+"[^>]*class="source-link"', card
        )
        assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}" class="verified-on">', card)
    for resource in Resource.objects.all():
        html = client.get(f"/help/r/{resource.slug}/").content.decode()
        assert resource.source_url.replace("&", "&amp;") in html
        assert f'<time datetime="{resource.verified_on.isoformat()}" class="verified-on">' in html


def test_every_law_shown_has_a_source_and_a_verification_date(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/help/laws/c190/").content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    assert len(rows) == 34
    assert all("source-link" in row and 'class="verified-on"' in row for row in rows)
    timeline = client.get("/help/laws/since-2017/").content.decode()
    items = re.findall(r'<li class="timeline-item">.*?</li>', timeline, re.S)
    assert len(items) == 34 + 23  # every measure in the shipped files dates from 2018 on
    assert all("source-link" in item and 'class="verified-on"' in item for item in items)


def test_every_laws_page_says_it_is_not_legal_advice(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    note = "This is information, not legal advice; check the source."
    for url in (
        "/help/laws/",
        "/help/laws/since-2017/",
        "/help/laws/c190/",
        "/help/laws/US-CA/",
        "/help/laws/NA/",
        "/help/legal/",
        "/help/legal/preparing/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert note in response.content.decode(), url


def test_a_jurisdiction_page_lists_its_laws(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/help/laws/us-ny/").content.decode()
    assert html.count('<article class="card">') == 3
    assert "S4516 amending Gen. Oblig. Law 5-336" in html
    assert client.get("/help/laws/ZZ/").status_code == 404


def test_the_chosen_country_is_kept_in_the_session_only(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    # Nothing the browser sends is used to guess it.
    response = client.get("/help/now/", HTTP_ACCEPT_LANGUAGE="fr-FR", HTTP_CF_IPCOUNTRY="FR")
    assert "Lines for" not in response.content.decode()
    _choose(client, "FR")
    assert client.session["help_place"] == {"country": "FR", "region": ""}
    response = client.get("/help/now/")
    assert _titles(response)[0] == "3919 - Violences Femmes Info"


def test_forgetting_the_country_removes_it(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "FR")
    client.post("/help/where/", {"forget": "1"})
    assert "help_place" not in client.session


def test_a_region_must_belong_to_the_country(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/help/where/", {"country": "FR", "region": "GB-SCT"})
    assert response.status_code == 400
    assert "not in the country you chose" in response.content.decode()


def test_get_help_now_puts_the_readers_region_first(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "GB", "GB-SCT")
    html = client.get("/help/now/").content.decode()
    local, _, elsewhere = html.partition("Other lines in your country")
    assert "Rape Crisis Scotland Helpline" in local
    assert "National Domestic Abuse Helpline" in local
    assert "Rape Crisis England &amp; Wales" in elsewhere
    assert 'href="tel:+448088010302"' in local


def test_get_help_now_without_a_country_offers_the_choice(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/help/now/").content.decode()
    assert 'action="/help/where/"' in html
    # Nothing is guessed: the lines are listed, a freephone number with where it works.
    assert "Phone (from United States only)" in html


def test_phone_and_text_numbers_are_tel_and_sms_links(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "US", "")
    html = client.get("/help/r/us-ndvh/").content.decode()
    assert '<a class="call-link" href="tel:+18007997233">Call 1-800-799-7233</a>' in html
    assert '<a class="call-link" href="sms:88788">Text 88788</a>' in html
    assert "(<bdi>text START</bdi>)" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=es", {"988 Suicide & Crisis Lifeline"}),
        ("kind=chat", {"RAINN National Sexual Assault Online Hotline (chat)"}),
        ("topic=lgbtq", {"The Trevor Project - TrevorLifeline"}),
        ("q=military", {"DoD Safe Helpline"}),
        ("q=EEOC&open=on", set()),
    ],
)
def test_the_directory_filters(seeded, client: Client, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "US")
    assert set(_titles(client.get(f"/help/?{query}"))) == expected


def test_the_open_24_7_filter_keeps_only_lines_always_open(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "GB")
    titles = set(_titles(client.get("/help/?open=on")))
    assert "Rape Crisis Scotland Helpline" not in titles
    assert "National Domestic Abuse Helpline (run by Refuge)" in titles


def test_the_footer_crisis_line_comes_from_the_chosen_country(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "find a line where you are" in footer  # no country chosen, no default line set
    assert 'href="/help/now/"' in footer
    _choose(client, "DE")
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "Hilfetelefon Gewalt gegen Frauen" in footer
    # A short code dials whatever it means where the reader is: shown, never linked.
    assert '<span class="phone-number" dir="ltr">116-016</span>' in footer
    assert "tel:116016" not in footer
    _choose(client, "GB")
    footer = FOOTER.search(client.get("/help/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "Rape Crisis England &amp; Wales" in footer


def test_the_footer_names_scotlands_own_line_for_the_uk(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    """Rape Crisis England & Wales serves two of the UK's nations: the footer says so, and
    gives Scotland's own line, from the reference data, as it would for a reader there."""
    _choose(client, "GB")
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "Rape Crisis England &amp; Wales" in footer
    assert "(England, Wales)" in footer
    assert "In Scotland:" in footer
    assert 'href="tel:+448000271234"' in footer  # Scotland's 24/7 line, as chosen for Scotland
    _choose(client, "GB", "GB-SCT")
    chosen = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert 'href="tel:+448000271234"' in chosen
    assert "In Scotland:" not in chosen
    assert "England" not in chosen


def test_the_footer_falls_back_when_the_country_has_no_line(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "NA")
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "find a line where you are" in footer


def test_every_page_links_to_get_help_now(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/help/", "/help/laws/", "/staying-safe/"):
        assert client.get(url).content.decode().count('href="/help/now/"') >= 2, url


def test_pages_have_no_inline_script_or_style(
    seeded, client: Client, operator_client: Client
) -> None:  # type: ignore[no-untyped-def]
    urls = [
        "/help/",
        "/help/now/",
        "/help/where/",
        "/help/r/fr-3919/",
        "/help/legal/",
        "/help/legal/preparing/",
        "/help/laws/",
        "/help/laws/since-2017/",
        "/help/laws/c190/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son\w+=", html), url
    for url in ("/help/manage/", "/help/manage/new/", "/help/manage/fr-3919/edit/"):
        html = operator_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son\w+=", html), url


def test_the_legal_page_lists_legal_resources(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "US")
    titles = set(_titles(client.get("/help/legal/")))
    assert titles == {
        "TIME'S UP Legal Defense Fund / NWLC Legal Network for Gender Equity",
        "U.S. Equal Employment Opportunity Commission (EEOC)",
    }
    guide = client.get("/help/legal/preparing/").content.decode()
    assert "Deadlines may apply" in guide
    assert "What to write down" in guide
    assert "What to keep" in guide


def test_the_footer_line_for_brazil_follows_the_rule_of_get_help_now(
    seeded, client: Client
) -> None:  # type: ignore[no-untyped-def]
    """Brazil's only line is for women: the footer says so and offers the other options that
    "Get help now" gives (the same PlaceFit decides), and its short code 180 is no link."""
    _choose(client, "BR")
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert '<span class="serves">For women:</span>' in footer
    assert "Ligue 180" in footer
    assert '<span class="phone-number" dir="ltr">180</span>' in footer
    assert '<a href="/help/now/#no-fit-title">Not for you? Other options</a>' in footer
    assert "tel:" not in footer
    now = client.get("/help/now/").content.decode()
    assert 'id="no-fit-title"' in now
    assert "Every line we list for Brazil is meant for women." in now


def test_the_footer_offers_no_other_options_where_a_line_is_open_to_anyone(
    seeded, client: Client
) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "US")
    footer = FOOTER.search(client.get("/").content.decode()).group(1)  # type: ignore[union-attr]
    assert "Not for you?" not in footer
    assert "For " not in footer
    links = re.findall(r'href="(tel:[^"]*)"', footer)
    assert links
    assert all(link.startswith("tel:+") for link in links)
    assert 'id="no-fit-title"' not in client.get("/help/now/").content.decode()
