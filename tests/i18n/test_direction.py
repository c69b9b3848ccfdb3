"""Right to left: logical CSS only, and every user-written text and text field reads its own
direction (dir="auto"), whatever the page's."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.test import Client

from notalone.accounts.models import User
from tests.stories.factories import publish

ROOT = Path(__file__).resolve().parents[2] / "notalone"
STYLESHEETS = [path for path in ROOT.glob("**/static/**/*.css") if "vendor" not in path.parts]
# Physical sides flip nothing in a right-to-left page: use inline-start/end instead.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\b"
    r"|(?<![\w-])(?:left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
    r"|border-(?:top|bottom)-(?:left|right)-radius"
)
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password"}


def test_the_stylesheets_use_logical_properties_only() -> None:
    assert STYLESHEETS
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in STYLESHEETS
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PHYSICAL.search(line)
    ]
    assert not found, "physical left/right in CSS (use logical properties):\n" + "\n".join(found)


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.without_dir: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        is_text = tag == "textarea" or (
            tag == "input" and (attributes.get("type") or "text") in TEXT_TYPES
        )
        if is_text and attributes.get("dir") != "auto":
            self.without_dir.append(
                f"<{tag} name={attributes.get('name') or attributes.get('id')}>"
            )


def _fields_without_dir(html: str) -> list[str]:
    parser = _Fields()
    parser.feed(html)
    return parser.without_dir


def test_every_text_field_reads_its_own_direction(alice: User, client: Client) -> None:
    anonymous = ["/login/", "/signup/", "/recover/", "/stories/", "/search/?q=x", "/help/"]
    signed_in = ["/stories/new/", "/account/password/", "/account/delete/", "/escrow/new/"]
    story = publish(alice)
    signed_in.append(f"/stories/{story.public_id}/")
    problems = []
    for path in anonymous:
        problems += [f"{path} {f}" for f in _fields_without_dir(client.get(path).content.decode())]
    client.force_login(alice)
    for path in signed_in:
        response = client.get(path)
        assert response.status_code == 200, path
        problems += [f"{path} {f}" for f in _fields_without_dir(response.content.decode())]
    assert not problems, problems


def test_stories_and_replies_keep_their_own_direction_and_language(
    alice: User, bob: User, client: Client
) -> None:
    story = publish(
        alice, title="في العمل", body="حدث ذلك في العمل.", language="ar", hashtags=["أنا_أيضا"]
    )
    client.force_login(bob)
    client.post(f"/stories/{story.public_id}/replies/", {"body": "I believe you."})
    html = client.get(f"/stories/{story.public_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<bdi dir="auto" lang="ar">في العمل</bdi>' in html
    assert '<div class="story-body" dir="auto" lang="ar">' in html
    assert '<div class="reply-body" dir="auto">' in html
    feed = client.get("/stories/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in feed
    assert 'dir="auto">#أنا_أيضا</a>' in feed
