"""The story policy, as every route applies it: one matrix, HTML and API.

Viewer (a reader who is not signed in, a member, the author, a member the author blocked, a
member who blocked the author, a member who muted the stories, a moderator) by visibility by
moderation status by signature, against every route that shows or acts on a story or a reply.
The expected answers come from ``expected_*`` below, written from the rules as a member would
state them, not from ``stories.policy``: a test that asked the policy what to expect could not
fail.

Routes are enumerated from the URL configuration and the OpenAPI document when the tests run,
and each must be probed here or exempted with a reason, so a new route fails
``test_every_route_is_in_the_matrix_or_exempt`` until someone classifies it.

The cast is built once for the module, inside a transaction rolled back at the end; every
request that writes runs in a savepoint that is rolled back too, so probes cannot disturb each
other.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notalone.accounts import services as accounts
from notalone.accounts.models import Role, User
from notalone.stories import services
from notalone.stories.models import Block, Reply, Story, StoryMute

# Each test also runs in its own transaction, inside the module's (pytest-django sets up the
# test database only for sessions with tests marked like this).
pytestmark = pytest.mark.django_db

VIEWERS = ("anonymous", "member", "author", "blocked", "blocker", "muter", "moderator")
AUTHOR_NAME = "matrix-author"


@dataclass(frozen=True)
class Case:
    visibility: str
    status: str
    signature: str

    @property
    def listed(self) -> bool:
        return self.visibility != "private" and self.status == "visible"


CASES = [
    Case(v, st, sg)
    for v, st, sg in itertools.product(
        ("public", "members", "private"), ("visible", "hidden"), ("pseudonym", "anonymous")
    )
]


# ---------------------------------------------------------------------------------------
# The rules, as a member would state them


def expected_sees(viewer: str, case: Case) -> bool:
    """Whether the viewer can open the story's page."""
    if viewer == "author":
        return True
    if case.visibility == "private":
        return False
    if case.visibility == "members" and viewer == "anonymous":
        return False
    if case.status == "hidden" and viewer != "moderator":
        return False
    if viewer == "muter":
        return False
    # A block between members never touches what is signed anonymously.
    return not (viewer in ("blocker", "blocked") and case.signature == "pseudonym")


def expected_in_feeds(viewer: str, case: Case) -> bool:
    """Whether the story shows in feeds, hashtag pages and search: only listed stories."""
    return case.listed and expected_sees(viewer, case)


def expected_interaction(viewer: str, case: Case) -> str:
    """Reacting and replying."""
    if viewer == "anonymous":
        return "login"
    if not expected_sees(viewer, case):
        return "404"
    if viewer != "author" and case.status == "hidden":
        return "404"
    return "ok"


def expected_author_only(viewer: str, case: Case) -> str:
    if viewer == "anonymous":
        return "login"
    return "ok" if viewer == "author" else "404"


def expected_report_or_block(viewer: str, case: Case) -> str:
    if viewer == "anonymous":
        return "login"
    if not expected_sees(viewer, case):
        return "404"
    return "own" if viewer == "author" else "ok"


def expected_replies(viewer: str, case: Case) -> set[str]:
    """Whose replies the viewer reads in the thread (when they can see the story)."""
    if not expected_sees(viewer, case):
        return set()
    shown = {"replier"}
    # The author's own reply is signed with their username on a pseudonymous story (so a
    # block hides it) and "the person who shared" on an anonymous one (so no block does).
    if not (viewer in ("blocker", "blocked") and case.signature == "pseudonym"):
        shown.add("author")
    return shown


# ---------------------------------------------------------------------------------------
# The cast


@dataclass
class Cast:
    users: dict[str, User]
    tokens: dict[str, str]
    stories: dict[Case, Story]
    replies: dict[tuple[Case, str], Reply]
    clients: dict[str, Client] = field(default_factory=dict)

    def html(self, viewer: str) -> Client:
        return self.clients[viewer]

    def api(self, viewer: str, method: str, path: str, body: Any = None) -> Any:
        headers = {}
        if viewer != "anonymous":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[viewer]}"
        call = getattr(Client(), method.lower())
        data = json.dumps(body) if body is not None else None
        return call(f"/api/v1{path}", data=data, content_type="application/json", **headers)

    def marker(self, case: Case) -> str:
        """Words of the story's own text (never echoed back, as a search term would be)."""
        return f"marker{CASES.index(case)}word opens"


def _build() -> Cast:
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    users = {
        name: User.objects.create_user(username, "a long and quiet morning")
        for name, username in (
            ("member", "matrix-member"),
            ("author", AUTHOR_NAME),
            ("blocked", "matrix-blocked"),
            ("blocker", "matrix-blocker"),
            ("muter", "matrix-muter"),
            ("replier", "matrix-replier"),
        )
    }
    users["moderator"] = User.objects.create_user(
        "matrix-moderator", "a long and quiet morning", role=Role.MODERATOR
    )
    Block.objects.create(blocker=users["blocker"], blocked=users["author"])
    Block.objects.create(blocker=users["author"], blocked=users["blocked"])
    stories: dict[Case, Story] = {}
    replies: dict[tuple[Case, str], Reply] = {}
    for index, case in enumerate(CASES):
        story, _created = services.story_publish(
            author=users["author"],
            fields=services.StoryFields(
                body=f"marker{index}word opens this story, for the matrix.",
                title="",
                visibility=case.visibility,
                signature=case.signature,
                hashtags=[f"Matrix{index}"],
            ),
        )
        for who in ("replier", "author"):
            replies[case, who] = Reply.objects.create(
                story=story,
                author=users[who],
                body=f"reply{index}from{who}",
                body_html=f"<p>reply{index}from{who}</p>",
            )
        Story.objects.filter(pk=story.pk).update(reply_count=2)
        if case.status == "hidden":
            services.story_set_public_state(story=story, moderation_status="hidden")
        StoryMute.objects.create(member=users["muter"], story=story)
        stories[case] = Story.objects.get(pk=story.pk)
    tokens = {name: accounts.api_token_create(user=user) for name, user in users.items()}
    # Sessions made here live in the module's transaction, like the rest of the cast.
    clients = {"anonymous": Client()}
    for name in VIEWERS[1:]:
        clients[name] = Client()
        clients[name].force_login(users[name])
    return Cast(users=users, tokens=tokens, stories=stories, replies=replies, clients=clients)


@pytest.fixture(scope="module")
def cast(django_db_setup: None, django_db_blocker: Any) -> Iterator[Cast]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _outcome(response: Any) -> str:
    """What a member would see: the page, a "not found", the log-in page, or "forbidden"."""
    status = response.status_code
    if status in (401,) or (status == 302 and "/login/" in response.get("Location", "")):
        return "login"
    if status == 404:
        return "404"
    if status == 403:
        return "403"
    if status in (200, 201, 204, 302):
        return "ok"
    return f"status {status}"


def _check(results: dict[tuple[str, Case], tuple[str, str]]) -> None:
    wrong = {
        f"{viewer} on {case}": f"expected {want}, got {got}"
        for (viewer, case), (want, got) in results.items()
        if want != got
    }
    assert not wrong, wrong


def _over_every_story(
    cast: Cast, probe: Callable[[str, Case, Story], str], expect: Callable[[str, Case], str]
) -> None:
    results = {}
    for viewer, case in itertools.product(VIEWERS, CASES):
        results[viewer, case] = (expect(viewer, case), probe(viewer, case, cast.stories[case]))
    _check(results)


# ---------------------------------------------------------------------------------------
# HTML routes


def _shown(sees: bool) -> str:
    return "ok" if sees else "404"


def test_story_page(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        response = cast.html(viewer).get(reverse("stories:detail", args=[story.public_id]))
        if response.status_code == 200:
            text = response.content.decode()
            assert cast.marker(case) in text
            replies = {
                who for who in ("replier", "author") if f"reply{CASES.index(case)}from{who}" in text
            }
            assert replies == expected_replies(viewer, case), (viewer, case, replies)
            if case.signature == "anonymous" and viewer != "author":
                assert AUTHOR_NAME not in text, (viewer, case)
        return _outcome(response)

    _over_every_story(cast, probe, lambda v, c: _shown(expected_sees(v, c)))


@pytest.mark.parametrize("route", ["stories:feed", "stories:search", "stories:tag"])
def test_lists(cast: Cast, route: str) -> None:
    results = {}
    for viewer in VIEWERS:
        client = cast.html(viewer)
        if route == "stories:feed":
            pages = [client.get(reverse(route)).content.decode()]
        elif route == "stories:search":
            pages = [
                client.get(reverse(route), {"q": f"marker{CASES.index(case)}word"}).content.decode()
                for case in CASES
            ]
        else:
            pages = [
                client.get(reverse(route, args=[f"Matrix{CASES.index(case)}"])).content.decode()
                for case in CASES
            ]
        text = "".join(pages)
        for index, case in enumerate(CASES):
            want = expected_in_feeds(viewer, case)
            results[viewer, case] = (str(want), str(cast.marker(case) in text))
            if len(pages) > 1 and case.signature == "anonymous" and viewer != "author":
                # This page lists this story alone: its card must not name its author.
                assert AUTHOR_NAME not in pages[index], (route, viewer, case)
    _check(results)


def test_reacting(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            url = reverse("stories:react", args=[story.public_id, "me_too"])
            return _outcome(cast.html(viewer).post(url))

    _over_every_story(cast, probe, expected_interaction)


def test_replying(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            url = reverse("stories:reply", args=[story.public_id])
            response = cast.html(viewer).post(url, {"body": "I believe you."})
            if response.status_code == 302 and viewer != "anonymous":
                assert Reply.objects.filter(story=story, body="I believe you.").exists()
            return _outcome(response)

    _over_every_story(cast, probe, expected_interaction)


@pytest.mark.parametrize("route", ["stories:edit", "stories:delete", "stories:pdf"])
def test_author_only_pages(cast: Cast, route: str) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        url = reverse(route, args=[story.public_id])
        if route == "stories:pdf":  # a download: a POST with the form's token
            return _outcome(cast.html(viewer).post(url))
        return _outcome(cast.html(viewer).get(url))

    _over_every_story(cast, probe, expected_author_only)


def test_deleting(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            url = reverse("stories:delete", args=[story.public_id])
            response = cast.html(viewer).post(url)
            gone = not Story.objects.filter(pk=story.pk).exists()
            assert gone == (viewer == "author")
            return _outcome(response)

    _over_every_story(cast, probe, expected_author_only)


def test_blocking_from_a_story(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            blocks_before = Block.objects.count()
            response = cast.html(viewer).post(reverse("stories:block"), {"story": story.public_id})
            new_blocks = Block.objects.count() - blocks_before
            if case.signature == "anonymous":
                # Blocking from anonymous writing never blocks its author's account.
                assert new_blocks == 0
            if viewer == "author" and response.status_code == 302:
                assert new_blocks == 0
                assert not StoryMute.objects.filter(member=cast.users["author"]).exists()
                return "own"
            return _outcome(response)

    _over_every_story(cast, probe, expected_report_or_block)


def test_asking_before_blocking_from_a_story(cast: Cast) -> None:
    """The confirmation page (GET) answers as the block itself would, writes nothing, and
    never names the author of anonymous writing."""

    def probe(viewer: str, case: Case, story: Story) -> str:
        before = (Block.objects.count(), StoryMute.objects.count())
        response = cast.html(viewer).get(reverse("stories:block"), {"story": story.public_id})
        assert (Block.objects.count(), StoryMute.objects.count()) == before
        if case.signature == "anonymous":
            assert AUTHOR_NAME not in response.content.decode()
        if viewer == "author" and response.status_code == 302:
            return "own"
        return _outcome(response)

    _over_every_story(cast, probe, expected_report_or_block)


@pytest.mark.parametrize("who", ["replier", "author"])
def test_asking_before_blocking_from_a_reply(cast: Cast, who: str) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        reply = cast.replies[case, who]
        response = cast.html(viewer).get(reverse("stories:block"), {"reply": reply.public_id})
        if who == "author" and case.signature == "anonymous":
            assert AUTHOR_NAME not in response.content.decode()
        if viewer == who and response.status_code == 302:
            return "own"
        return _outcome(response)

    _over_every_story(cast, probe, expected_reply_report_or_block(who))


def test_reporting_a_story(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        url = reverse("moderation:report") + f"?story={story.public_id}"
        with rolled_back():
            response = cast.html(viewer).post(url, {"reason": "spam"})
            if viewer == "author" and response.status_code == 400:
                return "own"
            return _outcome(response)

    _over_every_story(cast, probe, expected_report_or_block)


def _reply_probe(
    cast: Cast, who: str, act: Callable[[Client, Reply], Any]
) -> Callable[[str, Case, Story], str]:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            return _outcome(act(cast.html(viewer), cast.replies[case, who]))

    return probe


def expected_hide_reply(viewer: str, case: Case) -> str:
    if viewer == "anonymous":
        return "login"
    return "ok" if viewer == "author" else "404"


def expected_delete_own_reply(viewer: str, case: Case) -> str:
    # The author's own reply, deleted by whoever tries: only its writer can.
    if viewer == "anonymous":
        return "login"
    return "ok" if viewer == "author" else "404"


def test_hiding_a_reply_on_my_story(cast: Cast) -> None:
    probe = _reply_probe(
        cast,
        "replier",
        lambda client, reply: client.post(reverse("stories:reply_hide", args=[reply.public_id])),
    )
    _over_every_story(cast, probe, expected_hide_reply)


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_a_reply(cast: Cast, method: str) -> None:
    # GET asks first (the confirmation page), POST deletes: the same answer to everyone else.
    probe = _reply_probe(
        cast,
        "author",
        lambda client, reply: getattr(client, method)(
            reverse("stories:reply_delete", args=[reply.public_id])
        ),
    )
    _over_every_story(cast, probe, expected_delete_own_reply)


def expected_reply_report_or_block(who: str) -> Callable[[str, Case], str]:
    def expect(viewer: str, case: Case) -> str:
        if viewer == "anonymous":
            return "login"
        if who not in expected_replies(viewer, case):
            return "404"
        return "own" if viewer == who else "ok"

    return expect


@pytest.mark.parametrize("who", ["replier", "author"])
def test_blocking_from_a_reply(cast: Cast, who: str) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        reply = cast.replies[case, who]
        with rolled_back():
            before = set(Block.objects.values_list("blocker_id", "blocked_id"))
            response = cast.html(viewer).post(reverse("stories:block"), {"reply": reply.public_id})
            made = set(Block.objects.values_list("blocker_id", "blocked_id")) - before
            if who == "author" and case.signature == "anonymous":
                assert not made, "a block from anonymous writing blocked its author"
            if viewer == who and response.status_code == 302:
                assert not made
                return "own"
            return _outcome(response)

    _over_every_story(cast, probe, expected_reply_report_or_block(who))


@pytest.mark.parametrize("who", ["replier", "author"])
def test_reporting_a_reply(cast: Cast, who: str) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        reply = cast.replies[case, who]
        url = reverse("moderation:report") + f"?reply={reply.public_id}"
        with rolled_back():
            response = cast.html(viewer).post(url, {"reason": "spam"})
            if viewer == who and response.status_code == 400:
                return "own"
            return _outcome(response)

    _over_every_story(cast, probe, expected_reply_report_or_block(who))


def expected_moderator_only(viewer: str, case: Case) -> str:
    if viewer == "anonymous":
        return "login"
    if viewer != "moderator":
        return "403"
    # A private draft is its author's alone, whatever it was before: not even a moderator
    # reads it or acts on it (policy.open_to_moderators); it answers as an unknown story.
    return "404" if case.visibility == "private" else "ok"


def test_moderation_pages(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        page = cast.html(viewer).get(reverse("moderation:target") + f"?story={story.public_id}")
        if page.status_code == 200 and case.signature == "anonymous":
            assert AUTHOR_NAME not in page.content.decode()
        reply = cast.replies[case, "author"]
        on_reply = cast.html(viewer).get(reverse("moderation:target") + f"?reply={reply.public_id}")
        if on_reply.status_code == 200 and case.signature == "anonymous":
            assert AUTHOR_NAME not in on_reply.content.decode()
        assert _outcome(on_reply) == _outcome(page)
        return _outcome(page)

    _over_every_story(cast, probe, expected_moderator_only)


def test_moderation_decisions(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            response = cast.html(viewer).post(
                reverse("moderation:act"),
                {"story": story.public_id, "action": "warn", "reason": "Please take care."},
            )
            return _outcome(response)

    _over_every_story(cast, probe, expected_moderator_only)


def test_my_stories_and_my_export(cast: Cast) -> None:
    results = {}
    for viewer in VIEWERS:
        if viewer == "anonymous":
            continue
        mine = cast.html(viewer).get(reverse("stories:mine")).content.decode()
        export = cast.html(viewer).post(reverse("accounts:export")).content.decode()
        for case in CASES:
            want = str(viewer == "author")
            results[viewer, case] = (want, str(cast.marker(case) in mine))
            assert (cast.marker(case) in export) == (viewer == "author")
    _check(results)


def test_the_blocks_page_lists_muted_stories_that_are_still_shared(cast: Cast) -> None:
    results = {}
    for viewer in VIEWERS[1:]:
        page = cast.html(viewer).get(reverse("stories:blocks")).content.decode()
        assert AUTHOR_NAME not in page or viewer == "blocker"
        for case in CASES:
            results[viewer, case] = (
                str(viewer == "muter" and case.listed),
                str(cast.marker(case) in page),
            )
    _check(results)


def test_undoing_a_mute_asks_only_the_member_who_muted(cast: Cast) -> None:
    results = {}
    for viewer in VIEWERS[1:]:
        for case in CASES:
            story = cast.stories[case]
            response = cast.html(viewer).get(
                reverse("stories:blocks_undo"), {"story": story.public_id}
            )
            page = response.content.decode()
            assert AUTHOR_NAME not in page or viewer == "blocker"
            results[viewer, case] = (
                str(viewer == "muter" and case.listed),
                str(response.status_code == 200 and "Show this story again?" in page),
            )
    _check(results)


# ---------------------------------------------------------------------------------------
# API routes


def test_api_one_story(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        response = cast.api(viewer, "GET", f"/stories/{story.public_id}")
        if response.status_code == 200 and case.signature == "anonymous" and viewer != "author":
            assert AUTHOR_NAME not in response.content.decode()
        return _outcome(response)

    _over_every_story(cast, probe, lambda v, c: _shown(expected_sees(v, c)))


def test_api_feed(cast: Cast) -> None:
    results = {}
    for viewer in VIEWERS:
        text = cast.api(viewer, "GET", "/stories?limit=50").content.decode()
        for case in CASES:
            results[viewer, case] = (
                str(expected_in_feeds(viewer, case)),
                str(cast.marker(case) in text),
            )
    _check(results)


def test_api_replies(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        response = cast.api(viewer, "GET", f"/stories/{story.public_id}/replies")
        if response.status_code == 200:
            bodies = {r["body"] for r in response.json()}
            seen = {
                who
                for who in ("replier", "author")
                if f"reply{CASES.index(case)}from{who}" in bodies
            }
            assert seen == expected_replies(viewer, case), (viewer, case, seen)
            if case.signature == "anonymous":
                assert AUTHOR_NAME not in response.content.decode()
        return _outcome(response)

    _over_every_story(cast, probe, lambda v, c: _shown(expected_sees(v, c)))


def test_api_reactions_and_replies(cast: Cast) -> None:
    for method, path, body in (
        ("POST", "/stories/{id}/reactions/me_too", None),
        ("DELETE", "/stories/{id}/reactions/me_too", None),
        ("POST", "/stories/{id}/replies", {"body": "I believe you."}),
    ):

        def probe(
            viewer: str, case: Case, story: Story, method=method, path=path, body=body
        ) -> str:  # type: ignore[no-untyped-def]
            with rolled_back():
                return _outcome(cast.api(viewer, method, path.format(id=story.public_id), body))

        _over_every_story(cast, probe, expected_interaction)


def test_api_author_only(cast: Cast) -> None:
    for method, body in (("PATCH", {"title": "A new title"}), ("DELETE", None)):

        def probe(viewer: str, case: Case, story: Story, method=method, body=body) -> str:  # type: ignore[no-untyped-def]
            with rolled_back():
                return _outcome(cast.api(viewer, method, f"/stories/{story.public_id}", body))

        _over_every_story(cast, probe, expected_author_only)


def test_api_reply_routes(cast: Cast) -> None:
    def hide(viewer: str, case: Case, story: Story) -> str:
        reply = cast.replies[case, "replier"]
        with rolled_back():
            return _outcome(
                cast.api(viewer, "POST", f"/replies/{reply.public_id}/hidden", {"hidden": True})
            )

    def delete(viewer: str, case: Case, story: Story) -> str:
        reply = cast.replies[case, "author"]
        with rolled_back():
            return _outcome(cast.api(viewer, "DELETE", f"/replies/{reply.public_id}"))

    _over_every_story(cast, hide, expected_hide_reply)
    _over_every_story(cast, delete, expected_delete_own_reply)


def test_api_blocks_and_reports(cast: Cast) -> None:
    def block(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            response = cast.api(viewer, "POST", "/blocks", {"story_id": story.public_id})
            if response.status_code == 200:
                kind = response.json()["blocked"]
                assert kind == ("story" if case.signature == "anonymous" else "member")
            return (
                "own" if viewer == "author" and response.status_code == 400 else _outcome(response)
            )

    def report(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            response = cast.api(
                viewer, "POST", "/reports", {"story_id": story.public_id, "reason": "spam"}
            )
            return (
                "own" if viewer == "author" and response.status_code == 400 else _outcome(response)
            )

    _over_every_story(cast, block, expected_report_or_block)
    _over_every_story(cast, report, expected_report_or_block)


def test_api_moderation_actions(cast: Cast) -> None:
    def probe(viewer: str, case: Case, story: Story) -> str:
        with rolled_back():
            return _outcome(
                cast.api(
                    viewer,
                    "POST",
                    "/moderation/actions",
                    {"story_id": story.public_id, "action": "warn", "reason": "Please take care."},
                )
            )

    _over_every_story(cast, probe, expected_moderator_only)


def test_api_my_export_and_blocks(cast: Cast) -> None:
    for viewer in VIEWERS[1:]:
        export = cast.api(viewer, "GET", "/account/export").content.decode()
        blocks = cast.api(viewer, "GET", "/blocks").json()
        for case in CASES:
            assert (cast.marker(case) in export) == (viewer == "author")
            muted = cast.stories[case].public_id in blocks["muted_stories"]
            assert muted == (viewer == "muter" and case.listed)
        if viewer != "blocker":
            assert AUTHOR_NAME not in json.dumps(blocks)


# ---------------------------------------------------------------------------------------
# Every route is probed above or exempt here, with a reason


PROBED_HTML = {
    "stories:detail": "test_story_page",
    "stories:feed": "test_lists",
    "stories:search": "test_lists",
    "stories:tag": "test_lists",
    "stories:react": "test_reacting",
    "stories:reply": "test_replying",
    "stories:edit": "test_author_only_pages",
    "stories:delete": "test_author_only_pages, test_deleting",
    "stories:pdf": "test_author_only_pages",
    "stories:block": "test_blocking_from_a_story, test_blocking_from_a_reply, "
    "test_asking_before_blocking_from_a_story, test_asking_before_blocking_from_a_reply",
    "stories:reply_hide": "test_hiding_a_reply_on_my_story",
    "stories:reply_delete": "test_deleting_a_reply",
    "stories:mine": "test_my_stories_and_my_export",
    "stories:blocks": "test_the_blocks_page_lists_muted_stories_that_are_still_shared",
    "stories:blocks_undo": "test_undoing_a_mute_asks_only_the_member_who_muted",
    "accounts:export": "test_my_stories_and_my_export",
    "moderation:report": "test_reporting_a_story, test_reporting_a_reply",
    "moderation:target": "test_moderation_pages",
    "moderation:act": "test_moderation_decisions",
}
EXEMPT_HTML = {
    "home": "shows no story",
    "staying_safe": "shows no story",
    "health": "shows no story",
    "healthz": "shows no story: tests/core/test_health.py",
    "readyz": "shows no story: tests/core/test_health.py",
    "language": "the reader's choice of language: tests/i18n/test_language.py",
    "stories:new": "a blank form: no story exists yet",
    "stories:pii_check": "checks the text being written (sent in the request), reads no story: tests/stories/test_safety_pages.py",
    "stories:guidelines": "text of the site's own",
    "accounts:signup": "shows no story",
    "accounts:login": "shows no story",
    "accounts:logout": "shows no story",
    "accounts:recover": "shows no story",
    "accounts:account": "shows no story",
    "accounts:change_password": "shows no story",
    "accounts:new_recovery_code": "shows no story",
    "accounts:delete": "deleting an account: tests/accounts/test_account.py",
    "accounts:access": "the member's own sessions and tokens: tests/accounts/test_access.py",
    "accounts:access_end": "ending one's own session or token: tests/accounts/test_access.py",
    "accounts:access_end_others": "ending one's other sessions: tests/accounts/test_access.py",
    "accounts:token_new": "makes the member's own API token: tests/accounts/test_token_page.py",
    "moderation:queue": "moderators only; lists reported items: tests/moderation/test_queue.py",
    "moderation:log": "moderators only; the audit log quotes snapshots, never an anonymous author: tests/moderation/test_log.py",
    "moderation:appeals": "moderators only: tests/moderation/test_appeals.py",
    "moderation:appeal_decide": "moderators only: tests/moderation/test_appeals.py",
    "moderation:report_thanks": "a thank-you page with a link, no story content",
    "moderation:notices": "a member's own notices: tests/moderation/test_views.py",
    "moderation:appeal": "appealing one's own notice: tests/moderation/test_appeals.py",
}
EXEMPT_HTML_PREFIXES = {
    "help:": "the help directory shows no story",
    "escrow:": "the escrow holds no story; its own access tests are in tests/escrow/",
    "admin:": "the operator's Django admin: stories are not registered there",
    "insights:": "released noisy counts only, never a story: tests/insights/test_open_data.py",
}

PROBED_API = {
    ("GET", "/api/v1/stories/{story_id}"): "test_api_one_story",
    ("GET", "/api/v1/stories"): "test_api_feed",
    ("GET", "/api/v1/stories/{story_id}/replies"): "test_api_replies",
    ("POST", "/api/v1/stories/{story_id}/reactions/{kind}"): "test_api_reactions_and_replies",
    ("DELETE", "/api/v1/stories/{story_id}/reactions/{kind}"): "test_api_reactions_and_replies",
    ("POST", "/api/v1/stories/{story_id}/replies"): "test_api_reactions_and_replies",
    ("PATCH", "/api/v1/stories/{story_id}"): "test_api_author_only",
    ("DELETE", "/api/v1/stories/{story_id}"): "test_api_author_only",
    ("POST", "/api/v1/replies/{reply_id}/hidden"): "test_api_reply_routes",
    ("DELETE", "/api/v1/replies/{reply_id}"): "test_api_reply_routes",
    ("POST", "/api/v1/blocks"): "test_api_blocks_and_reports",
    ("POST", "/api/v1/reports"): "test_api_blocks_and_reports",
    ("POST", "/api/v1/moderation/actions"): "test_api_moderation_actions",
    ("GET", "/api/v1/account/export"): "test_api_my_export_and_blocks",
    ("GET", "/api/v1/blocks"): "test_api_my_export_and_blocks",
}
EXEMPT_API = {
    ("POST", "/api/v1/stories"): "sharing a new story: no story to see yet",
    ("GET", "/api/v1/story-options"): "the schema's choices, no story",
    ("DELETE", "/api/v1/blocks/members/{username}"): "undoing one's own block",
    ("DELETE", "/api/v1/blocks/stories/{story_id}"): "undoing one's own mute",
    ("GET", "/api/v1/moderation/queue"): "moderators only: tests/api/test_moderation_api.py",
    ("GET", "/api/v1/moderation/log"): "moderators only: tests/api/test_moderation_api.py",
    ("POST", "/api/v1/moderation/appeals/{appeal_id}/decision"): "moderators only",
    ("GET", "/api/v1/notices"): "a member's own notices",
    ("POST", "/api/v1/notices/{notice_id}/appeal"): "appealing one's own notice",
    ("POST", "/api/v1/accounts"): "shows no story",
    ("POST", "/api/v1/auth/token"): "shows no story",
    ("DELETE", "/api/v1/account"): "deleting an account: tests/accounts/",
}
EXEMPT_API_PREFIXES = {
    "/api/v1/escrow/": "the escrow holds no story; its own access tests are in tests/escrow/",
    "/api/v1/auth/": "log-in, tokens and sessions: no story",
    "/api/v1/account/": "the member's own account: no story",
    "/api/v1/insights/": "released noisy counts only, never a story: tests/insights/",
}


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "api":
                continue  # the API is enumerated from its OpenAPI document below
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_route_is_in_the_matrix_or_exempt(client: Client) -> None:
    html = set(_url_names(get_resolver().url_patterns))
    unclassified = sorted(
        name
        for name in html
        if name not in PROBED_HTML
        and name not in EXEMPT_HTML
        and not any(name.startswith(prefix) for prefix in EXEMPT_HTML_PREFIXES)
    )
    assert not unclassified, f"classify these routes in the policy matrix: {unclassified}"
    assert not set(PROBED_HTML) - html, "the matrix probes routes that no longer exist"
    document = client.get("/api/v1/openapi.json").json()
    api = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    unclassified_api = sorted(
        route
        for route in api
        if route not in PROBED_API
        and route not in EXEMPT_API
        and not any(route[1].startswith(prefix) for prefix in EXEMPT_API_PREFIXES)
    )
    assert not unclassified_api, f"classify these API routes: {unclassified_api}"
    assert not set(PROBED_API) - api, "the matrix probes API routes that no longer exist"
