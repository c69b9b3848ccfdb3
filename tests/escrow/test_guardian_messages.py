"""Guardians answer in English; survivors read the platform's translated sentence (issue 10
review 8), with the guardian's numbers kept, and never an English sentence on a translated page."""

from __future__ import annotations

import pytest
from django.utils import translation

from notalone.escrow.guardian import _limit_sentence
from notalone.escrow.guardian_messages import translated
from notalone.escrow.guardian_store import LimitReached

GUARDIAN_SENTENCES = [
    (429, _limit_sentence(LimitReached("account", 20))),
    (429, _limit_sentence(LimitReached("hour", 300))),
    (429, _limit_sentence(LimitReached("day", 2000))),
    (403, "This evaluation token has already been spent: each one is good once."),
    (403, "This is not a valid evaluation token of guardian 2."),
    (403, "This invite code is not one this guardian's organisation gave out."),
    (403, "This invite code has bought its 4 tokens for this 30-day period."),
    (403, "This invite code was made by another guardian."),
    (
        400,
        "Blinded element 2 is not a valid group element: the request is malformed, "
        "and trying again will not help.",
    ),
    (400, "Send from 1 to 20 blinded elements."),
    (400, "The invite code could not be read: it was not sealed to this guardian."),
]


@pytest.mark.parametrize(("status", "sentence"), GUARDIAN_SENTENCES)
def test_a_guardian_sentence_is_the_same_in_english(status: int, sentence: str) -> None:
    with translation.override("en"):
        assert translated(status, sentence) == sentence


@pytest.mark.parametrize("language", ["es", "fr", "hi", "ar"])
@pytest.mark.parametrize(("status", "sentence"), GUARDIAN_SENTENCES)
def test_a_guardian_sentence_is_translated_with_its_numbers(
    language: str, status: int, sentence: str
) -> None:
    with translation.override(language):
        shown = translated(status, sentence)
    assert shown != sentence
    assert sorted(c for c in sentence if c.isdigit()) == sorted(c for c in shown if c.isdigit())


def test_an_unknown_guardian_sentence_never_reaches_a_translated_page() -> None:
    with translation.override("fr"):
        assert translated(429, "Some new English sentence.") == (
            "Un gardien de clé a atteint sa limite pour le moment ; réessayez plus tard."
        )
