"""Guardians answer in English; survivors read the platform's translated sentence (issue 10
review 8), with the guardian's numbers kept, and never an English sentence on a translated page."""

from __future__ import annotations

import pytest
from django.utils import translation

from notalone.escrow.guardian_errors import GuardianRefusal
from notalone.escrow.guardian_messages import translated

GUARDIAN_SENTENCES = [
    (429, GuardianRefusal("limit_account", limit=20).detail),
    (429, GuardianRefusal("limit_hour", limit=300).detail),
    (429, GuardianRefusal("limit_day", limit=2000).detail),
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


# Error codes (issue 10, follow-up item 3): a guardian answers a stable code with its params;
# the platform maps the code, not the English sentence, to the reader's language.

CODED = {
    "element_invalid": {"position": 2},
    "element_count": {"most": 5},
    "limit_account": {"limit": 20},
    "limit_hour": {"limit": 300},
    "limit_day": {"limit": 2000},
    "token_spent": {},
    "token_invalid": {"guardian": 2},
    "token_required": {"guardian": 2},
    "invite_unreadable": {},
    "invite_unknown": {},
    "invite_used": {"tokens": 4, "days": 30},
    "invite_other_guardian": {},
    "invite_check_limit": {},
    "not_issuing": {},
}


def test_every_guardian_refusal_has_a_code_a_status_and_a_sentence() -> None:
    from notalone.escrow.guardian_errors import ERRORS

    for code, (status, template) in ERRORS.items():
        assert code.isidentifier()
        assert code == code.lower()
        assert 400 <= status < 500
        assert template.endswith(".")
    assert set(CODED) <= set(ERRORS)


@pytest.mark.parametrize("code", sorted(CODED))
def test_a_code_gives_the_english_sentence_in_english(code: str) -> None:
    refusal = GuardianRefusal(code, **CODED[code])
    with translation.override("en"):
        # The platform's sentence for the code is the guardian's own English sentence
        # (not_issuing names the site's guardians, the platform's wording).
        shown = translated(refusal.status, "ignored", code, CODED[code])
    assert shown == refusal.detail or code == "not_issuing"


@pytest.mark.parametrize("language", ["es", "fr", "hi", "ar"])
@pytest.mark.parametrize("code", sorted(CODED))
def test_a_code_is_translated_with_its_params(language: str, code: str) -> None:
    refusal = GuardianRefusal(code, **CODED[code])
    with translation.override(language):
        shown = translated(
            refusal.status, "Some sentence the platform does not know.", code, CODED[code]
        )
    assert shown != refusal.detail
    digits = sorted(c for c in refusal.detail if c.isdigit())
    assert sorted(c for c in shown if c.isdigit()) == digits


def test_the_code_wins_over_the_sentence_and_bad_params_never_crash() -> None:
    with translation.override("en"):
        assert translated(
            429, "This account has used its 20 evaluations", "limit_hour", {"limit": 7}
        ) == (GuardianRefusal("limit_hour", limit=7).detail)
        assert "?" in translated(429, "", "limit_hour", {"limit": "<script>"})
        assert translated(418, "", "a_code_from_a_newer_guardian", {}) == (
            "A key guardian could not use this request: it is malformed."
        )
