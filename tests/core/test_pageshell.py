"""Pages from a shell (core/pageshell.py) are the pages rendered in full, byte for byte, for
every kind of reader, and a shell never carries one reader's data to another."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from notalone.accounts.models import Role, User
from notalone.core import pageshell
from tests.conftest import make_member
from tests.core.pages import TOKEN, plain, shell_and_full
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

PAGES = (
    "/stories/",
    "/stories/?sort=supported",
    "/stories/?what=harassment&language=en",
    "/tags/MeToo/",
    "/tags/metoo/?sort=supported",
)


@pytest.fixture
def site(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    writers = [make_member(f"writer{n}") for n in range(3)]
    for n in range(24):  # more than a page: the pager's cursor is a hole
        publish(writers[n % 3], body=f"Story number {n} <b>&amp;</b> \ue001cards\ue001 ‮ شكرا")


def _both_ways(client: Client, path: str, settings) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    shell, full = shell_and_full(client, path, settings)
    assert shell.status_code == full.status_code == 200
    return plain(shell.content.decode()), plain(full.content.decode())


def _with_message(client: Client, text: str) -> None:
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("reader", ["none", "member", "moderator"])
def test_a_page_from_its_shell_is_the_page_rendered_in_full(
    site: None, settings, reader: str, language: str
) -> None:  # type: ignore[no-untyped-def]
    client = Client(headers={"accept-language": language})
    if reader != "none":
        role = Role.MODERATOR if reader == "moderator" else Role.MEMBER
        client.force_login(make_member(f"reader_{reader}", role))
    for path in PAGES:
        shell, full = _both_ways(client, path, settings)
        assert shell == full, path
    pages = []
    for shells in (True, False):
        _with_message(client, "Your story is saved <script>.")
        settings.PAGE_SHELLS = shells
        pages.append(plain(client.get("/stories/").content.decode()))
    shell, full = pages
    assert "Your story is saved &lt;script&gt;." in shell
    assert shell == full


def test_a_shell_holds_no_reader_of_its_own(
    site: None, settings, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    settings.PAGE_SHELLS = True
    made: list[tuple[str, ...]] = []
    original = pageshell._parts

    def recording(*key: object) -> tuple[str, ...]:
        parts = original.__wrapped__(*key)  # type: ignore[arg-type]
        made.append(parts)
        return parts

    recording.cache_clear = original.cache_clear  # type: ignore[attr-defined]
    monkeypatch.setattr(pageshell, "_parts", recording)
    client = Client()
    client.force_login(alice)
    _with_message(client, "A message for alice only.")
    for path in ("/stories/?sort=supported", "/tags/MeToo/", "/stories/"):
        page = client.get(path).content.decode()
        assert "Story number" in page
    assert len(made) == 3
    for parts in made:
        text = "".join(parts[0::2])
        assert "alice" not in text
        assert "Story number" not in text  # the cards are a hole
        assert not TOKEN.search(text)
        assert set(parts[1::2]) <= {
            "csrf",
            "next",
            "messages",
            "cards",
            "filters",
            "cursor",
            "base_query",
        }
        assert {"csrf", "next", "messages", "cards", "filters"} <= set(parts[1::2])


def test_a_value_put_in_a_hole_is_never_read_for_markers(site: None, settings, alice: User) -> None:  # type: ignore[no-untyped-def]
    """A story's text holds the marker of a hole (private-use characters): it stays text."""
    settings.PAGE_SHELLS = True
    client = Client()
    client.force_login(alice)
    page = client.get("/stories/").content.decode()
    assert "\ue001cards\ue001" in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3


@pytest.mark.parametrize(
    "name", ["Line \ue001 one", "Line \ue000csrf\ue000 two", "Line \ue001cards\ue001 three"]
)
def test_a_crisis_line_holding_a_marker_gives_the_page_in_full(
    site: None, settings, alice: User, name: str
) -> None:  # type: ignore[no-untyped-def]
    """An imported line's name holding a marker character: the page is the page rendered in
    full (never a 500 from an unclosed marker, nor the member's cards or token put in the
    footer)."""
    settings.PAGE_SHELLS = True
    settings.DEFAULT_CRISIS_LINE = {"name": name, "phone": "+1 555 0100", "dial": "+15550100"}
    client = Client()
    client.force_login(alice)
    shell = client.get("/stories/")
    assert shell.status_code == 200
    settings.PAGE_SHELLS = False
    full = client.get("/stories/")
    assert plain(shell.content.decode()) == plain(full.content.decode())
    assert shell.content.decode().count('<article class="story-card"') == 20


def test_every_page_still_comes_from_a_shell(
    site: None, settings, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The check for marker characters refuses no ordinary page."""
    settings.PAGE_SHELLS = True
    answers = []
    original = pageshell.render

    def recording(*args: object, **kwargs: object) -> object:
        answers.append(original(*args, **kwargs))  # type: ignore[arg-type]
        return answers[-1]

    monkeypatch.setattr(pageshell, "render", recording)
    for reader in (None, alice):
        client = Client()
        if reader is not None:
            client.force_login(reader)
        for path in PAGES:
            assert client.get(path).status_code == 200
    assert len(answers) >= 2 * (len(PAGES) - 1)  # one filter matches no story: no shell
    assert all(answer is not None for answer in answers)


def test_a_message_written_as_safe_html_keeps_its_markup(site: None, settings, alice: User) -> None:  # type: ignore[no-untyped-def]
    """A message with a link (undoing a block) is shown as markup from a shell too."""
    from django.utils.safestring import mark_safe

    client = Client()
    client.force_login(alice)
    pages = []
    for shells in (True, False):
        storage = CookieStorage(RequestFactory().get("/"))
        message = mark_safe('Blocked <bdi>cleo</bdi>. <a href="/account/">Undo</a>')
        client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, message)])  # type: ignore[attr-defined]
        settings.PAGE_SHELLS = shells
        pages.append(plain(client.get("/stories/").content.decode()))
    assert 'Blocked <bdi>cleo</bdi>. <a href="/account/">Undo</a>' in pages[0]
    assert pages[0] == pages[1]
