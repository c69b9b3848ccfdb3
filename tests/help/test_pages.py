"""What every help page shows: the chosen country, laws that ended marked as ended, the kind
of each source, and plain words when no line of the country is open to the reader."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from notalone.help import urls as help_urls
from notalone.help.models import Measure, Resource

pytestmark = pytest.mark.django_db

SUBNAV = re.compile(r'<nav class="help-subnav".*?</nav>', re.S)
CARD = re.compile(r'<article class="card resource".*?</article>', re.S)
# Arguments for the routes that take one.
ARGUMENTS = {"slug": "fr-3919", "code": "US-MD"}


def _choose(client: Client, country: str, region: str = "") -> None:
    response = client.post("/help/where/", {"country": country, "region": region})
    assert response.status_code == 302


def _every_page() -> list[tuple[str, str]]:
    """Every GET page of the help app, read from its URLconf: a new route is covered too."""
    pages = []
    for pattern in help_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name == "manage_retire":  # POST only: it redirects to the resource page
            continue
        kwargs = {name: ARGUMENTS[name] for name in pattern.pattern.converters}
        pages.append((pattern.name or "", reverse(f"help:{pattern.name}", kwargs=kwargs)))
    return pages


def test_every_help_page_shows_the_chosen_country(seeded, operator_client: Client) -> None:  # type: ignore[no-untyped-def]
    pages = _every_page()
    assert len(pages) == 13
    for _, url in pages:
        html = operator_client.get(url).content.decode()
        assert "Choose your country" in SUBNAV.search(html).group(0), url  # type: ignore[union-attr]
    _choose(operator_client, "US")
    for name, url in pages:
        response = operator_client.get(url)
        assert response.status_code == 200, url
        subnav = SUBNAV.search(response.content.decode())
        assert subnav is not None, f"{name} ({url}) has no help navigation"
        assert "Your country: United States" in subnav.group(0), url
    _choose(operator_client, "GB", "GB-SCT")
    for _, url in pages:
        html = operator_client.get(url).content.decode()
        assert "Your country: Scotland, United Kingdom" in SUBNAV.search(html).group(0), url  # type: ignore[union-attr]


def test_the_country_link_comes_back_to_the_page(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/help/laws/c190/").content.decode()
    assert 'href="/help/where/?next=/help/laws/c190/"' in html
    response = client.post("/help/where/", {"country": "FR", "next": "/help/laws/c190/"})
    assert response["Location"] == "/help/laws/c190/"


def test_a_law_that_ended_is_shown_as_ended_never_as_current(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/help/laws/US-MD/").content.decode()
    assert "— ended</span></h3>" in html
    assert "Ended: expired on 30 June 2023, no longer in force." in html
    assert "In force when last checked" not in html
    washington = client.get("/help/laws/US-WA/").content.decode()
    first, second = washington.split('<article class="card">')[1:3]
    assert "Ended: repealed, no longer in force." in first
    assert "In force when last checked, 28 November 2026." in second

    timeline = client.get("/help/laws/since-2017/").content.decode()
    year_2023 = timeline.split("<h2>2023</h2>")[1].split("<h2>")[0]
    assert "Disclosing Sexual Harassment in the Workplace Act of 2018" in year_2023
    assert "expired." in year_2023
    ended_items = re.findall(r'<li class="timeline-item timeline-ended">.*?</li>', timeline, re.S)
    assert len(ended_items) == 1  # Washington's repeal has no date: it stays under 2018, marked
    year_2018 = timeline.split("<h2>2018</h2>")[1].split("<h2>")[0]
    assert year_2018.count("Ended:") == 2  # Maryland's act and Washington's SB 5996


def test_a_law_whose_status_was_not_recorded_is_not_called_current(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    Measure.objects.filter(jurisdiction__code="US-MD").update(status="", ended_on=None)
    html = client.get("/help/laws/US-MD/").content.decode()
    assert "Whether this law is still in force was not recorded: check the source." in html
    assert "In force" not in html


def test_each_source_is_marked_primary_or_secondary_with_an_explanation(
    seeded, client: Client
) -> None:  # type: ignore[no-untyped-def]
    explanation = "A primary source is the service itself, a government or the International Labour Organization (ILO)"
    eeoc = client.get("/help/r/us-eeoc/").content.decode()
    assert 'class="source-kind source-primary">Primary source</a>' in eeoc
    assert explanation in eeoc
    spain = client.get("/help/r/es-016/").content.decode()
    assert 'class="source-kind source-secondary">Secondary source</a>' in spain
    assert "A secondary source, such as a news article" in spain
    cards = []
    for page in (1, 2):
        cards += CARD.findall(client.get(f"/help/?page={page}").content.decode())
    assert len(cards) == 41
    primary = sum("source-primary" in card for card in cards)
    assert primary == Resource.objects.filter(source_kind="primary").count()
    assert sum("source-secondary" in card for card in cards) == 41 - primary
    c190 = client.get("/help/laws/c190/").content.decode()
    assert (
        c190.count("source-primary")
        == Measure.objects.filter(kind="c190", source_kind="primary").count()
        == 4
    )
    assert c190.count("source-secondary") == 30
    assert explanation in c190
    maine = client.get("/help/laws/US-ME/").content.decode()
    assert "source-primary" in maine
    assert explanation in maine
    for url in (
        "/help/",
        "/help/now/",
        "/help/legal/",
        "/help/laws/since-2017/",
        "/help/laws/US-CA/",
    ):
        assert 'id="source-kinds"' in client.get(url).content.decode(), url


def test_a_source_not_yet_marked_says_so(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    Resource.objects.filter(slug="us-eeoc").update(source_kind="")
    html = client.get("/help/r/us-eeoc/").content.decode()
    assert "Source not yet marked" in html
    assert "Primary source</a>" not in html


def test_when_every_line_is_for_women_the_page_says_so_and_offers_other_options(
    seeded, client: Client
) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "BR")
    for url in ("/help/now/", "/help/"):
        html = client.get(url).content.decode()
        assert "If these lines are not for you" in html, url
        assert "Every line we list for Brazil is meant for women. If that is not you" in html, url
        no_fit = html.split('<section class="no-fit"')[1].split("</section>")[0]
        assert 'href="/help/?where=all"' in no_fit
        assert "If you are in danger right now, call your local emergency number." in no_fit
        countries = re.findall(r'<p class="resource-kind">[^·]*· ([^<(]+?)[ <(]', no_fit)
        assert countries, no_fit
        assert "Brazil" not in countries, countries
        assert "some do not" in no_fit
    card = CARD.search(client.get("/help/now/").content.decode()).group(0)  # type: ignore[union-attr]
    assert "Ligue 180" in card
    assert '<p class="serves">For women</p>' in card


@pytest.mark.parametrize("country", ["GB", "US", "IE", "NZ", "IT"])
def test_no_such_message_where_a_line_is_open_to_anyone(
    seeded, client: Client, country: str
) -> None:  # type: ignore[no-untyped-def]
    _choose(client, country)
    for url in ("/help/now/", "/help/"):
        assert "no-fit" not in client.get(url).content.decode(), (country, url)


def test_a_country_with_no_line_gets_options_elsewhere(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "NA")
    html = client.get("/help/now/").content.decode()
    assert "The directory has no line for Namibia yet" in html
    no_fit = html.split('<section class="no-fit"')[1].split("</section>")[0]
    assert len(CARD.findall(no_fit)) >= 3


def test_the_directory_can_show_every_country_while_one_is_chosen(seeded, client: Client) -> None:  # type: ignore[no-untyped-def]
    _choose(client, "BR")
    html = client.get("/help/").content.decode()
    assert len(CARD.findall(html)) == 1 + len(
        CARD.findall(html.split('<section class="no-fit"')[1])
    )
    everywhere = client.get("/help/?where=all").content.decode()
    assert "41 resources" in everywhere
    assert "Showing help in every country. Your country is Brazil." in everywhere
    assert 'name="where" value="all"' in everywhere


def _isolated(html: str, text: str) -> bool:
    """Every appearance of ``text`` in ``html`` opens a ``<bdi>`` or sits in an element with
    ``dir="auto"``."""
    from django.utils.html import escape

    places = [m.start() for m in re.finditer(re.escape(escape(text)), html)]
    return all(
        html[:at].endswith("<bdi>") or 'dir="auto"' in html[:at].rsplit("<", 1)[-1] for at in places
    )


def test_directory_text_keeps_its_own_direction_in_a_right_to_left_page(
    seeded, client: Client
) -> None:  # type: ignore[no-untyped-def]
    """The directory's notes, hours, law titles and summaries are in the source's language
    (English for most). In an Arabic page each sits in its own isolate (``<bdi>`` or
    ``dir="auto"``), or the bidi algorithm scrambles it: a reviewer read "text ZIP or base
    name for local) 55-247 (contacts" on /help/now/."""
    from django.utils.html import escape

    arabic = {"HTTP_ACCEPT_LANGUAGE": "ar"}
    resources = Resource.objects.filter(country="US")
    pages = ["/help/now/?country=US", "/help/?country=US"]
    pages += [f"/help/r/{r.slug}/" for r in resources]
    checked = 0
    for path in pages:
        html = client.get(path, **arabic).content.decode()
        assert 'dir="rtl"' in html
        for resource in resources:
            # Words only ("24/7" alone is also the page's own label).
            for text in (resource.sms_note, resource.hours):
                if len(text) > 8 and escape(text) in html:
                    checked += 1
                    assert _isolated(html, text), (path, text)
    assert checked
    measures = list(Measure.objects.select_related("jurisdiction")[:20])
    assert measures
    for measure in measures:
        html = client.get(f"/help/laws/{measure.jurisdiction.code}/", **arabic).content.decode()
        assert _isolated(html, measure.title), measure.title
        if measure.summary:
            assert _isolated(html, measure.summary), measure.summary
