from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from notalone.accounts.models import User
from notalone.help.models import Resource

pytestmark = pytest.mark.django_db

NEW = {
    "id": "xx-fictional-line",
    "name": "Fictional Listening Line",
    "kind": "hotline",
    "country": "IE",
    "region": "",
    "phone": "1800 77 88 88",
    "sms": "",
    "url": "https://example.org",
    "chat_url": "",
    "hours": "24/7",
    "languages": "en;ga",
    "topics": "sexual-assault",
    "description": "A fictional line used in tests.",
    "source_url": "https://example.org/source",
    "source_kind": "primary",
    "serves": "",
    "verified_on": "2026-11-01",
}
OPERATOR_URLS = [
    ("get", "/help/manage/"),
    ("get", "/help/manage/new/"),
    ("post", "/help/manage/new/"),
    ("get", "/help/manage/fr-3919/edit/"),
    ("post", "/help/manage/fr-3919/edit/"),
    ("post", "/help/manage/fr-3919/retire/"),
]


@pytest.mark.parametrize(("method", "url"), OPERATOR_URLS)
def test_operator_pages_send_anonymous_readers_to_log_in(
    seeded, client: Client, method: str, url: str
) -> None:  # type: ignore[no-untyped-def]
    response = getattr(client, method)(url, NEW if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not Resource.objects.filter(slug=NEW["id"]).exists()
    assert not Resource.objects.get(slug="fr-3919").retired


@pytest.mark.parametrize(("method", "url"), OPERATOR_URLS)
@pytest.mark.parametrize("who", ["alice_client", "mod_client"])
def test_operator_pages_refuse_members_and_moderators(
    seeded,
    request: pytest.FixtureRequest,
    who: str,
    method: str,
    url: str,  # type: ignore[no-untyped-def]
) -> None:
    client = request.getfixturevalue(who)
    response = getattr(client, method)(url, NEW if method == "post" else None)
    assert response.status_code == 403
    assert not Resource.objects.filter(slug=NEW["id"]).exists()
    assert not Resource.objects.get(slug="fr-3919").retired


def test_an_operator_adds_a_resource(seeded, operator_client: Client) -> None:  # type: ignore[no-untyped-def]
    response = operator_client.post("/help/manage/new/", NEW)
    assert response.status_code == 302
    resource = Resource.objects.get(slug=NEW["id"])
    assert resource.is_24_7
    assert resource.phones[0].dial == "+3531800778888"
    assert resource.language_list == ["en", "ga"]
    assert (resource.source_kind, resource.serves, resource.from_import) == ("primary", "", False)


def test_the_form_asks_for_the_kind_of_source_and_whom_a_line_is_for(
    seeded, operator_client: Client
) -> None:  # type: ignore[no-untyped-def]
    response = operator_client.post("/help/manage/new/", {**NEW, "source_kind": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = operator_client.post("/help/manage/new/", {**NEW, "serves": "women only"})
    assert response.status_code == 400
    assert "“women only” is not a group" in response.content.decode()
    assert not Resource.objects.filter(slug=NEW["id"]).exists()
    response = operator_client.post(
        "/help/manage/new/", {**NEW, "source_kind": "secondary", "serves": "women;children"}
    )
    assert response.status_code == 302
    resource = Resource.objects.get(slug=NEW["id"])
    assert resource.serves_labels == ["women", "children"]
    html = operator_client.get(f"/help/r/{NEW['id']}/").content.decode()
    assert "<dt>For</dt><dd>women, children</dd>" in html
    assert "Secondary source" in html


def test_the_form_explains_each_mistake(seeded, operator_client: Client) -> None:  # type: ignore[no-untyped-def]
    response = operator_client.post(
        "/help/manage/new/", {**NEW, "id": "fr-3919", "phone": "12", "region": "GB-SCT"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Another resource already has this id." in html
    assert "does not fit the numbering plan of \u2068Ireland\u2069" in html
    assert "is not an ISO 3166-2 region of IE" in html
    # What was typed is kept.
    assert 'value="Fictional Listening Line"' in html


def test_an_operator_edits_a_resource_and_its_id_stays(seeded, operator_client: Client) -> None:  # type: ignore[no-untyped-def]
    resource = Resource.objects.get(slug="fr-3919")
    form = operator_client.get("/help/manage/fr-3919/edit/").content.decode()
    assert 'value="3919"' in form
    values = {
        **NEW,
        "id": "something-else",
        "name": "3919 - Violences Femmes Info",
        "country": "FR",
        "phone": "3919",
        "languages": "fr;en",
        "verified_on": "2026-11-20",
    }
    response = operator_client.post("/help/manage/fr-3919/edit/", values)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.slug == "fr-3919"
    assert resource.verified_on == datetime.date(2026, 11, 20)
    assert resource.language_list == ["fr", "en"]


def test_a_retired_resource_is_hidden_from_readers(
    seeded, operator_client: Client, client: Client
) -> None:  # type: ignore[no-untyped-def]
    assert (
        operator_client.post("/help/manage/fr-3919/retire/", {"retired": "true"}).status_code == 302
    )
    assert Resource.objects.get(slug="fr-3919").retired
    assert client.get("/help/r/fr-3919/").status_code == 404
    client.post("/help/where/", {"country": "FR"})
    assert "3919" not in client.get("/help/now/").content.decode().split('class="site-footer"')[0]
    assert operator_client.get("/help/r/fr-3919/").status_code == 200
    operator_client.post("/help/manage/fr-3919/retire/", {"retired": "false"})
    assert client.get("/help/r/fr-3919/").status_code == 200


def test_resources_not_verified_for_12_months_are_flagged(seeded, operator: User) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2027, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        operator_client, reader = Client(), Client()
        operator_client.force_login(operator)
        html = operator_client.get("/help/manage/").content.decode()
        due = html.split('id="recheck"')[1].split("All resources")[0]
        # Verified on 2026-11-28: not yet due on 2027-06-01. Verified on 2022-01-20: due.
        assert "National Domestic Violence Hotline" in due
        assert "RAINN National Sexual Assault Hotline" not in due
        flag = "Not checked for more than 12 months"
        assert flag in reader.get("/help/r/us-ndvh/").content.decode()
        assert flag not in reader.get("/help/r/us-rainn-hotline/").content.decode()


def test_the_directory_offers_operators_their_pages(
    seeded, operator_client: Client, alice_client: Client
) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/help/manage/"' in operator_client.get("/help/").content.decode()
    assert 'href="/help/manage/"' not in alice_client.get("/help/").content.decode()
