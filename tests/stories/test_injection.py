"""HTML, JavaScript and SQL payloads, posted in every text field through the form and the API,
come back as inert text everywhere they are shown."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.stories.models import Reply, Story

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=//evil.example></iframe>",
    "{{ 7*7 }} {% debug %}",
    "'; DROP TABLE stories_story; --",
    "1' OR '1'='1",
    "**<b>bold</b>** *<i>x</i>*",
    "<style>body{display:none}</style>",
    "\u202e<script>reversed</script>",
]

DANGEROUS = ["<script", "<img", "<svg", "<iframe", "<style", '<a href="javascript:', "<b>", "<i>"]


def assert_inert(html: str) -> None:
    # Pages: what members wrote is inside <main>; the layout's own scripts are outside it.
    if "<main" in html:
        html = html.split("<main", 1)[1].split("</main>", 1)[0]
    for marker in DANGEROUS:
        assert marker not in html, f"{marker!r} came back live"
    assert "{% debug %}" not in html or "{{ 7*7 }}" in html  # templates are never evaluated


def _pages(client: Client, story: Story) -> list[str]:
    urls = [
        f"/stories/{story.public_id}/",
        "/stories/",
        "/tags/MeToo/",
        "/search/?q=alert",
        "/stories/mine/",
    ]
    return [client.get(url).content.decode() for url in urls]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_through_the_form_are_inert_everywhere(
    alice_client: Client, bob_client: Client, payload: str
) -> None:
    response = alice_client.post(
        "/stories/new/",
        {
            "title": payload,
            "body": f"Before {payload} after",
            "hashtags": "#MeToo",
            "signature": "pseudonym",
            "visibility": "public",
            "allow_replies": "on",
            "idempotency_key": "inj",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    story = Story.objects.get()
    bob_client.post(f"/stories/{story.public_id}/replies/", {"body": payload})
    assert Reply.objects.get().body == payload.strip()
    for html in _pages(alice_client, story):
        assert_inert(html)
    assert_inert(bob_client.get(f"/stories/{story.public_id}/").content.decode())
    # A payload where a hashtag or username goes is refused, and the refusal is inert too.
    assert_inert(
        alice_client.post(
            "/stories/new/",
            {"body": "x", "hashtags": payload, "signature": "pseudonym", "visibility": "public"},
        ).content.decode()
    )
    assert_inert(
        Client()
        .post("/signup/", {"username": payload, "password": "long enough password"})
        .content.decode()
    )
    assert_inert(Client().get("/stories/", {"q": payload, "what": payload}).content.decode())
    assert Story.objects.count() == 1


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_through_the_api_are_inert_everywhere(
    client: Client, alice: User, payload: str
) -> None:
    token = client.post(
        "/api/v1/auth/token",
        {"username": "alice", "password": "correct horse battery staple"},
        content_type="application/json",
    ).json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    created = client.post(
        "/api/v1/stories",
        {"title": payload, "body": f"Before {payload} after"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    data = created.json()
    assert data["title"] == payload.strip()
    assert_inert(data["body_html"])
    reply = client.post(
        f"/api/v1/stories/{data['id']}/replies",
        {"body": payload},
        content_type="application/json",
        **headers,
    )
    assert_inert(reply.json()["body_html"])
    story = Story.objects.get()
    for html in _pages(Client(), story):
        assert_inert(html)
    listed = client.get("/api/v1/stories", {"q": payload})
    assert listed.status_code in (200, 400)
    refused = client.post(
        "/api/v1/stories",
        {"body": "x", "hashtags": [payload]},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/json")
    assert Story.objects.count() == 1
