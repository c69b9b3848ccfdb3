"""The reply guard's floor (notalone/safety/guard.py), in both modes: the clearest abuse is
abusive whatever the model says, and a kind check-in is never read as victim-blaming (its
writer would be scolded by the nudge for asking whether someone is safe)."""

from __future__ import annotations

import pytest

from notalone import safety
from notalone.safety import guard

CHECK_INS = [
    "Did you tell anyone?",
    "Do you have someone to talk to?",
    "Are you safe now?",
    "How are you holding up?",
    "Is there someone you can call tonight?",
]


@pytest.mark.parametrize("text", CHECK_INS)
def test_a_check_in_the_model_reads_as_blaming_is_supportive(text: str) -> None:
    assert guard.floor(text, "victim_blaming", 0.94) == ("supportive", 0.6)


@pytest.mark.parametrize(
    "text",
    [
        "Did you tell anyone? Why not?",
        "Did you even tell anyone back then?",
        "Are you safe now? Then stop dragging his name around.",
        "Do you have someone to talk to? Someone who can confirm your story?",
        "Are you okay? You should have seen it coming.",
    ],
)
def test_a_check_in_with_doubt_or_blame_is_left_to_the_model(text: str) -> None:
    assert guard.floor(text, "victim_blaming", 0.8) == ("victim_blaming", 0.8)


@pytest.mark.parametrize(
    "text",
    [
        "kys",
        "Go kill yourself.",
        "I know where you live.",
        "Watch your back.",
        "You'll pay for this.",
        "you stupid whore",
        "You're a lying bitch.",
    ],
)
def test_clear_abuse_is_abusive_whatever_the_model_says(text: str) -> None:
    label, score = guard.floor(text, "supportive", 0.9)
    assert label == "abusive"
    assert score >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "Nobody should ever tell you to kill yourself.",
        "You're not a slut for wearing what you liked.",
        "Calling you a whore for reporting it says everything about them.",
        "He made you feel worthless, and you are anything but.",
    ],
)
def test_words_of_abuse_quoted_or_rejected_are_left_to_the_model(text: str) -> None:
    assert guard.floor(text, "supportive", 0.9) == ("supportive", 0.9)


@pytest.mark.parametrize("text", CHECK_INS)
def test_rules_mode_reads_a_check_in_as_supportive(text: str) -> None:
    verdict = safety.classify_reply(text)
    assert (verdict.label, verdict.version) == ("supportive", guard.VERSION_RULES)


def test_rules_mode_still_reads_blame_and_abuse() -> None:
    assert safety.classify_reply("What were you wearing?").label == "victim_blaming"
    assert safety.classify_reply("Are you sure it happened? Are you okay?").label == (
        "victim_blaming"
    )
    assert safety.classify_reply("you stupid whore").label == "abusive"


@pytest.mark.models
@pytest.mark.usefixtures("safety_models")
def test_models_mode_applies_the_floor() -> None:
    for text in CHECK_INS:
        assert safety.classify_reply(text).label != "victim_blaming", text
    verdict = safety.classify_reply("I know where you live.")
    assert (verdict.label, verdict.version) == ("abusive", guard.VERSION_MODELS)
