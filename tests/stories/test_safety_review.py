"""Issue 13 review: one click replaces a finding everywhere; text no tokenizer can read; the
guard says which Latin-script text it did not read; crisis words are never held or nudged;
the crisis lines are the writer's own country's (a replier's place, not the story's); the
queue shows each detector's note; a report on an unread reply comes first."""

from __future__ import annotations

import pytest
from django.test import Client

from notalone import safety
from notalone.accounts.models import User
from notalone.help.exchange import import_file
from notalone.moderation.models import Report
from notalone.moderation.services.reports import UNREAD_REPLY_SEVERITY, report_create
from notalone.safety import guard, language
from notalone.safety.guard import ReplyVerdict
from notalone.stories import schema
from notalone.stories.models import ModerationStatus, Reply, Story
from notalone.stories.services import guard as reply_rules
from tests.help.conftest import RESOURCES_CSV
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

CRISIS = "He is outside my door right now and I don't want to be alive anymore."


def _form(body: str, **extra: str) -> dict[str, str]:
    return {
        "body": body,
        "visibility": "public",
        "signature": "pseudonym",
        "allow_replies": "on",
        "idempotency_key": "k-review",
        **extra,
    }


def test_one_click_replaces_every_occurrence(alice_client: Client) -> None:
    body = "Call 07700 900123 now. I said: never call 07700 900123 again."
    start = body.index("07700")
    page = alice_client.post(
        "/stories/new/", _form(body, pii_replace=f"{start}:{start + 12}:[a phone number]")
    )
    html = page.content.decode()
    assert "07700 900123" not in html
    assert html.count("[a phone number]") >= 2
    assert not Story.objects.exists()


def test_a_lone_surrogate_is_read_not_refused() -> None:
    text = "\ud800 Call 07700 900123"
    found = safety.find_pii(text)
    assert [f.text for f in found if f.kind == "phone"] == ["07700 900123"]
    assert safety.classify_reply("\ud800").label in ("other", "supportive")
    assert safety.detect_crisis("\udfff").crisis is False
    assert schema.check_title("A\ud800B") == "A\ufffdB"


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        ("You stupid idiot, nobody believes you.", True),
        ("liar", True),
        ("Sei una bugiarda e non ti credo", False),
        ("Du bist eine Lügnerin und ich glaube dir nicht", False),
        ("Você é uma mentirosa", False),
    ],
)
def test_the_guard_says_which_latin_text_it_read(text: str, covered: bool) -> None:
    assert guard.covers(text) is covered
    assert safety.classify_reply(text).covered is covered
    assert language.looks_english(text) is covered


def test_crisis_words_are_never_held(alice: User) -> None:
    story = publish(alice, hold_blaming_replies=True)
    abusive = ReplyVerdict("abusive", 0.99)
    assert reply_rules.holds(story, abusive, "You idiot.")
    assert not reply_rules.holds(story, abusive, "I want to kill myself tonight, you idiot.")


def test_a_crisis_reply_is_neither_nudged_nor_held_and_opens_at_the_lines(
    alice: User, bob_client: Client
) -> None:
    import_file("resources", RESOURCES_CSV, verified_on=None)
    story = publish(alice, country="GB", hold_blaming_replies=True)
    words = "Why didn't you report it? I want to kill myself tonight."
    sent = bob_client.post(f"/stories/{story.public_id}/replies/", {"body": words})
    assert sent.status_code == 302
    assert sent["Location"].endswith("#crisis-lines")
    assert Reply.objects.get().moderation_status == ModerationStatus.VISIBLE
    html = bob_client.get(sent["Location"]).content.decode()
    assert 'id="crisis-lines"' in html
    # Bob chose no country: not the story's (GB) lines, but the way to choose his own.
    assert "Choose your country to see the lines there" in html
    assert "tel:" not in html.split('id="crisis-lines"')[1].split("</aside>")[0]


def test_a_crisis_story_opens_at_its_country_lines(alice_client: Client) -> None:
    import_file("resources", RESOURCES_CSV, verified_on=None)
    sent = alice_client.post("/stories/new/", _form(CRISIS, country="GB"))
    assert sent["Location"].endswith("#crisis-lines")
    html = alice_client.get(sent["Location"]).content.decode()
    box = html.split('id="crisis-lines"')[1].split("</aside>")[0]
    assert "tel:" in box
    assert "Choose your country" not in box


def test_the_queue_shows_the_detectors_note(alice_client: Client, mod_client: Client) -> None:
    alice_client.post("/stories/new/", _form(CRISIS))
    assert Report.objects.filter(detector="crisis-cues").exists()
    page = mod_client.get("/moderation/").content.decode()
    assert "never hide it for this" in page


def test_a_report_on_an_unread_reply_comes_first(alice: User, bob: User, charlie: User) -> None:
    story = publish(alice)
    unread = Reply.objects.create(story=story, author=bob, body="أنت كاذبة")
    read = Reply.objects.create(story=story, author=bob, body="You are lying.")
    first = report_create(reporter=charlie, reply_id=unread.public_id, reason="harassment")
    other = report_create(reporter=charlie, reply_id=read.public_id, reason="harassment")
    assert first.severity == UNREAD_REPLY_SEVERITY > other.severity


def test_a_verdicts_label_is_a_plain_str() -> None:
    label, score = guard.decide({"supportive": 0.7, "other": 0.3})
    assert type(label) is str
    assert (label, score) == ("supportive", 0.7)


@pytest.mark.parametrize(
    "body",
    [
        "Mr. Haddad harassed me for a year at work.",
        "M. Dupont m'a harcelée pendant un an au travail.",
        "El Sr. García me acosó durante un año en el trabajo.",
    ],
)
def test_the_accused_notice_reads_french_and_spanish(alice_client: Client, body: str) -> None:
    page = alice_client.post("/stories/pii-check/", {"body": body, "pii_form_url": "/stories/new/"})
    assert "Naming the person you accuse" in page.content.decode()


@pytest.mark.parametrize("text", ["❤️", "🙏🙏", "!!!", "<3"])
def test_a_reply_without_words_is_read_not_sent_to_the_queue(text: str) -> None:
    verdict = safety.classify_reply(text)
    assert verdict.covered
    assert verdict.label == "other"
    assert guard.covers(text)


@pytest.mark.parametrize(
    "text", ["die bitch", "Die slut", "go die, whore", "e-girl slut", "van driver slut", "um slut"]
)
def test_english_abuse_with_a_word_other_languages_share_is_read(text: str) -> None:
    assert guard.covers(text)
    assert safety.classify_reply(text).label == "abusive"
