"""The PII shield's development set (evaluation/dev): well formed, and the context rules keep
what they were built for on it. The measure is the frozen held-out set
(test_safety_evaluation.py); these numbers are only a guard against a rule that breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from notalone.safety import find_pii
from notalone.safety.scoring import read_jsonl, score_pii

DEV = Path(__file__).parent / "evaluation" / "dev" / "pii_dev.jsonl"
KINDS = {"person", "email", "phone", "url", "handle", "location", "organization", "date"}


def test_every_dev_span_points_at_its_exact_text() -> None:
    rows = read_jsonl(DEV)
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        end_of_previous = 0
        for span in row["spans"]:
            assert end_of_previous <= span["start"] < span["end"] <= len(row["text"]), row["id"]
            assert row["text"][span["start"] : span["end"]] == span["text"], row["id"]
            assert span["kind"] in KINDS, row["id"]
            end_of_previous = span["end"]


@pytest.mark.models
@pytest.mark.usefixtures("safety_models")
def test_names_places_and_organisations_on_the_dev_set() -> None:
    score = score_pii(read_jsonl(DEV), find_pii)
    for kind in ("person", "location", "organization"):
        counts = score.per_kind[kind]
        assert counts.recall >= 0.85, (kind, counts)
        assert counts.precision >= 0.85, (kind, counts)
    assert score.findings_on_clean_texts <= 1
