"""Every view: who may open it, what it shows, and bad input that never becomes a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.moderation import selectors, services
from notalone.moderation.models import Appeal, ModerationAction, Notice, Report
from notalone.stories.models import Reply, Story
from tests.moderation.conftest import notice_of, share

pytestmark = pytest.mark.django_db

MODERATOR_PAGES = ["/moderation/", "/moderation/log/", "/moderation/appeals/"]
# A well-formed public identifier that no story, reply or appeal has.
UNKNOWN_ID = "z" * 16


@pytest.fixture
def clients(client, alice_client, mod_client, operator_client) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    return {"anonymous": client, "member": alice_client, "mod": mod_client, "op": operator_client}


@pytest.mark.parametrize("path", [*MODERATOR_PAGES, "/moderation/item/?story=1"])
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("member", 403), ("mod", 200), ("op", 200)]
)
def test_moderator_pages_are_for_moderators_and_operators(
    clients: dict[str, Client], story: Story, path: str, who: str, status: int
) -> None:
    response = clients[who].get(path.replace("story=1", f"story={story.public_id}"))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/login/")
    if who == "member":
        assert "for moderators" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("member", 403), ("op", 302)])
def test_only_moderators_can_act(
    clients: dict[str, Client], story: Story, who: str, status: int
) -> None:
    response = clients[who].post(
        "/moderation/act/", {"story": story.public_id, "action": "hide", "reason": "Threat."}
    )
    assert response.status_code == status
    story.refresh_from_db()
    assert story.moderation_status == ("hidden" if who == "op" else "visible")


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("member", 403), ("op", 302)])
def test_only_moderators_decide_appeals(
    clients: dict[str, Client], alice: User, hidden: ModerationAction, who: str, status: int
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="Please."
    )
    response = clients[who].post(
        f"/moderation/appeals/{appeal.public_id}/decide/", {"decision": "grant", "reason": "Fair."}
    )
    assert response.status_code == status
    appeal.refresh_from_db()
    assert (appeal.decision == "granted") == (who == "op")


@pytest.mark.parametrize(
    "path", ["/moderation/notices/", "/moderation/report/?story=1", "/moderation/report/thanks/"]
)
def test_member_pages_ask_anonymous_readers_to_log_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["member", "mod", "op"])
def test_every_signed_in_person_sees_notices_and_can_report(
    clients: dict[str, Client], reply: Reply, who: str
) -> None:
    assert clients[who].get("/moderation/notices/").status_code == 200
    assert clients[who].get(f"/moderation/report/?reply={reply.public_id}").status_code == 200


def test_the_queue_shows_reasons_and_forms_but_never_the_reporter(
    mod_client: Client, story: Story, bob: User
) -> None:
    services.report_create(reporter=bob, story_id=story.public_id, reason="threat", note="A note.")
    page = mod_client.get("/moderation/").content.decode()
    assert "Flagged as: A threat of harm" in page
    assert "A note." in page
    assert "It happened at work" in page
    assert 'name="reason"' in page
    assert "bob" not in page.split("</header>")[1]


def test_an_anonymous_author_stays_anonymous_to_moderators(
    mod_client: Client, alice: User, bob: User
) -> None:
    story = share(alice, "Told without my name.", signature="anonymous")
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    services.moderation_act(
        moderator=User.objects.get(username="mod"), action="warn", reason="x", story=story
    )
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    for path in ("/moderation/", f"/moderation/item/?story={story.public_id}", "/moderation/log/"):
        page = mod_client.get(path).content.decode()
        assert "Anonymous" in page
        assert "alice" not in page, path


def test_content_warnings_stay_closed_in_the_queue(
    mod_client: Client, alice: User, bob: User
) -> None:
    story = share(alice, "Hard to read.", content_warnings=["sexual-assault"])
    services.report_create(reporter=bob, story_id=story.public_id, reason="spam")
    page = mod_client.get("/moderation/").content.decode()
    assert '<details class="content-warning">' in page


def test_hiding_from_the_queue_logs_and_tells_the_author(
    mod_client: Client, story: Story, report: Report, alice: User
) -> None:
    response = mod_client.post(
        "/moderation/act/",
        {
            "story": story.public_id,
            "action": "hide",
            "reason": "A workplace is named.",
            "next": "/moderation/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/moderation/"
    assert ModerationAction.objects.get().action == "hide"
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert Notice.objects.get(member=alice)
    assert "Hidden." in mod_client.get("/moderation/").content.decode()


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"action": "hide"}, 400, "Write the reason"),
        ({"action": "hide", "reason": "   "}, 400, "Write the reason"),
        ({"action": "obliterate", "reason": "x"}, 400, "Unknown action"),
        ({"action": "suspend", "reason": "x", "suspend_days": "900"}, 400, "365"),
        ({"action": "suspend", "reason": "x", "suspend_days": "many"}, 400, "whole number"),
    ],
)
def test_bad_decisions_get_a_clear_message(
    mod_client: Client, story: Story, data: dict[str, str], status: int, message: str
) -> None:
    response = mod_client.post("/moderation/act/", {"story": story.public_id, **data})
    assert response.status_code == status
    assert message in response.content.decode()
    assert ModerationAction.objects.count() == 0


def test_a_failed_decision_keeps_what_the_moderator_typed(
    mod_client: Client, story: Story, hidden: ModerationAction
) -> None:
    response = mod_client.post(
        "/moderation/act/",
        {"story": story.public_id, "action": "hide", "reason": "My careful words."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "already hidden" in page
    assert "My careful words." in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        # Well-formed public identifiers that were never given out.
        (f"story={UNKNOWN_ID}", 404),
        (f"reply={UNKNOWN_ID}", 404),
        # Row numbers are not identifiers any more: malformed, like any other text.
        ("story=999999", 400),
        ("reply=999999", 400),
        ("story=abc", 400),
        ("", 400),
        ("story=1&reply=1", 400),
        ("story=" + "9" * 30, 400),
    ],
)
def test_unknown_targets_get_a_clear_page(
    mod_client: Client, alice_client: Client, query: str, status: int
) -> None:
    assert mod_client.get(f"/moderation/item/?{query}").status_code == status
    assert alice_client.get(f"/moderation/report/?{query}").status_code == status
    data = dict(part.split("=") for part in query.split("&") if part)
    response = mod_client.post("/moderation/act/", {**data, "action": "hide", "reason": "x"})
    assert response.status_code == status


def test_a_bad_log_cursor_is_a_clear_error(mod_client: Client, alice: User, mod: User) -> None:
    assert mod_client.get("/moderation/log/?before=-3").status_code == 400
    assert mod_client.get("/moderation/log/?before=" + "9" * 40).status_code == 400
    # Cursors are sealed: a plain row number is not one, only what a page gave out is.
    assert mod_client.get("/moderation/log/?before=5").status_code == 400
    for body in ("The older story.", "The newer story."):
        services.moderation_act(
            moderator=mod, action="warn", reason="Care.", story=share(alice, body)
        )
    cursor = selectors.audit_log(limit=1).next_cursor
    assert cursor is not None
    response = mod_client.get("/moderation/log/", {"before": cursor})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The older story." in page
    assert "The newer story." not in page


def test_reporting_through_the_form_ends_with_a_kind_confirmation(
    bob_client: Client, story: Story
) -> None:
    page = bob_client.get(f"/moderation/report/?story={story.public_id}").content.decode()
    assert "Report this story" in page
    response = bob_client.post(
        f"/moderation/report/?story={story.public_id}",
        {"reason": "harassment", "note": "Please look."},
    )
    assert response.status_code == 302
    thanks = bob_client.get(response["Location"]).content.decode()
    assert "Thank you for telling us" in thanks
    assert f"/stories/{story.public_id}/" in thanks
    # The reporter hears back (issue 15): the page says where.
    assert "your notices will say so" in thanks
    assert 'href="/moderation/notices/"' in thanks
    assert Report.objects.get().note == "Please look."


def test_a_second_report_and_a_missing_reason_get_clear_messages(
    bob_client: Client, story: Story
) -> None:
    url = f"/moderation/report/?story={story.public_id}"
    missing = bob_client.post(url, {"note": "no reason"})
    assert missing.status_code == 400
    assert "Choose the reason" in missing.content.decode()
    assert "no reason" in missing.content.decode()
    bob_client.post(url, {"reason": "spam"})
    again = bob_client.post(url, {"reason": "spam"})
    assert again.status_code == 400
    assert "already reported" in again.content.decode()
    assert Report.objects.count() == 1


def test_an_unknown_reason_in_the_form_is_refused(bob_client: Client, story: Story) -> None:
    response = bob_client.post(f"/moderation/report/?story={story.public_id}", {"reason": "rude"})
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_reporting_your_own_story_is_explained(alice_client: Client, story: Story) -> None:
    response = alice_client.post(f"/moderation/report/?story={story.public_id}", {"reason": "spam"})
    assert response.status_code == 400
    assert "your own story" in response.content.decode()


def test_the_nav_says_new_once_and_stays_calm(
    alice_client: Client, hidden: ModerationAction
) -> None:
    home = alice_client.get("/moderation/report/thanks/").content.decode()
    assert "Notices (new)" in home
    page = alice_client.get("/moderation/notices/").content.decode()
    assert "Others no longer see it" in page
    assert "Appeal this decision" in page
    assert "Notices (new)" not in alice_client.get("/moderation/report/thanks/").content.decode()


def test_the_nav_shows_moderation_only_to_moderators(
    alice_client: Client, mod_client: Client
) -> None:
    assert '/moderation/"' not in alice_client.get("/moderation/notices/").content.decode()
    assert 'href="/moderation/"' in mod_client.get("/moderation/notices/").content.decode()


def test_the_author_appeals_once_from_the_notices_page(
    alice_client: Client, hidden: ModerationAction
) -> None:
    url = f"/moderation/notices/{notice_of(hidden).public_id}/appeal/"
    empty = alice_client.post(url, {"text": ""})
    assert empty.status_code == 400
    assert "why" in empty.content.decode()
    response = alice_client.post(url, {"text": "It names no one."})
    assert response.status_code == 302
    page = alice_client.get("/moderation/notices/").content.decode()
    assert "You appealed this decision" in page
    assert "Appeal this decision (you can do this once)" not in page
    again = alice_client.post(url, {"text": "Again."})
    assert again.status_code == 400
    assert "already appealed" in again.content.decode()
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize("notice_id", ["999999", "9" * 30, UNKNOWN_ID])
def test_appealing_an_unknown_decision_is_clear(alice_client: Client, notice_id: str) -> None:
    response = alice_client.post(f"/moderation/notices/{notice_id}/appeal/", {"text": "Why?"})
    assert response.status_code in (400, 404)
    assert Appeal.objects.count() == 0


def test_someone_else_cannot_appeal(bob_client: Client, hidden: ModerationAction) -> None:
    # Appeals are made from a notice; someone else's notice is answered as one that is not there.
    response = bob_client.post(
        f"/moderation/notices/{notice_of(hidden).public_id}/appeal/", {"text": "Hers."}
    )
    assert response.status_code == 404
    assert "This decision is not here." in response.content.decode()
    assert Appeal.objects.count() == 0


def test_moderators_decide_appeals_on_their_page(
    mod_client: Client, operator_client: Client, alice: User, story: Story, hidden: ModerationAction
) -> None:
    appeal = services.appeal_create(
        member=alice, notice_id=notice_of(hidden).public_id, text="It names no one."
    )
    page = operator_client.get("/moderation/appeals/").content.decode()
    assert "It names no one." in page
    # The moderator who hid the story sees the appeal but not a form to decide it.
    own = mod_client.get("/moderation/appeals/").content.decode()
    assert "It names no one." in own
    assert "You took this decision" in own
    assert f"/moderation/appeals/{appeal.public_id}/decide/" not in own
    missing = operator_client.post(
        f"/moderation/appeals/{appeal.public_id}/decide/", {"decision": "grant"}
    )
    assert missing.status_code == 400
    assert "Write the reason" in missing.content.decode()
    done = operator_client.post(
        f"/moderation/appeals/{appeal.public_id}/decide/",
        {"decision": "grant", "reason": "Agreed."},
    )
    assert done.status_code == 302
    story.refresh_from_db()
    assert story.moderation_status == "visible"
    again = mod_client.post(
        f"/moderation/appeals/{appeal.public_id}/decide/", {"decision": "uphold", "reason": "No."}
    )
    assert again.status_code == 400
    assert "already been decided" in again.content.decode()
    for unknown in ("999999", UNKNOWN_ID):
        assert (
            mod_client.post(
                f"/moderation/appeals/{unknown}/decide/", {"decision": "grant", "reason": "x"}
            ).status_code
            == 404
        )


def test_the_log_page_lists_decisions(operator_client: Client, hidden: ModerationAction) -> None:
    page = operator_client.get("/moderation/log/").content.decode()
    assert "It names someone&#x27;s workplace." in page
    assert "Hide" in page


def test_get_is_refused_where_only_post_makes_sense(mod_client: Client) -> None:
    assert mod_client.get("/moderation/act/").status_code == 405
