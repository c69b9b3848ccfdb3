"""The held-out evaluation sets of issue 13 (PII shield, reply guard, crisis cues) are frozen.

They were written before any detector or training example existed, by someone who had not
seen the training data. Any edit to them is noticed here: each file's SHA-256 must equal the
one recorded in ``evaluation/README.md``. A correction is a new, versioned file with its own
checksum, never an edit in place. The tests also check that the files say what the README
says they do: every PII span points at its exact text, and every label is one the detectors
can answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

EVALUATION = Path(__file__).resolve().parent / "evaluation"
README = EVALUATION / "README.md"
SETS = ("pii_heldout.jsonl", "reply_guard_heldout.jsonl", "crisis_heldout.jsonl")

PII_KINDS = {"person", "email", "phone", "url", "handle", "location", "organization", "date"}
REPLY_LABELS = {"supportive", "victim_blaming", "abusive", "other"}
LANGUAGES = {
    "pii_heldout.jsonl": {"en", "fr", "es", "hi", "ar", "ja"},
    "reply_guard_heldout.jsonl": {"en", "fr", "es", "hi", "ar"},
    "crisis_heldout.jsonl": {"en", "fr", "es", "hi", "ar"},
}
FIELDS = {
    "pii_heldout.jsonl": {"id", "lang", "text", "spans"},
    "reply_guard_heldout.jsonl": {"id", "lang", "text", "label"},
    "crisis_heldout.jsonl": {"id", "lang", "text", "crisis"},
}
# A row of the README's checksum table: | `name.jsonl` | `64 hex digits` | ...
CHECKSUM_ROW = re.compile(
    r"^\|\s*`(?P<name>[\w.-]+\.jsonl)`\s*\|\s*`(?P<sha256>[0-9a-f]{64})`\s*\|", re.MULTILINE
)


def _recorded_checksums() -> dict[str, str]:
    return dict(CHECKSUM_ROW.findall(README.read_text(encoding="utf-8")))


def _rows(name: str) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in (EVALUATION / name).read_text(encoding="utf-8").splitlines()
    ]


def test_the_readme_records_one_checksum_for_each_set() -> None:
    assert sorted(_recorded_checksums()) == sorted(SETS)


@pytest.mark.parametrize("name", SETS)
def test_a_set_is_unchanged_since_it_was_frozen(name: str) -> None:
    actual = hashlib.sha256((EVALUATION / name).read_bytes()).hexdigest()
    assert actual == _recorded_checksums()[name], (
        f"{name} changed after it was frozen. Held-out sets are never edited: put a "
        "correction in a new versioned file with its own checksum in the README."
    )


@pytest.mark.parametrize("name", SETS)
def test_every_row_has_a_unique_id_a_known_language_and_text(name: str) -> None:
    rows = _rows(name)
    ids = Counter(row["id"] for row in rows)
    assert not [identifier for identifier, count in ids.items() if count > 1]
    for row in rows:
        assert set(row) == FIELDS[name], row["id"]
        assert row["lang"] in LANGUAGES[name], row["id"]
        assert isinstance(row["text"], str), row["id"]
        assert row["text"] == row["text"].strip(), row["id"]
        assert row["text"], row["id"]


def test_every_pii_span_points_at_its_exact_text() -> None:
    for row in _rows("pii_heldout.jsonl"):
        text, end_of_previous = row["text"], 0
        for span in row["spans"]:
            assert set(span) == {"start", "end", "kind", "text"}, row["id"]
            start, end = span["start"], span["end"]
            assert type(start) is int, row["id"]
            assert type(end) is int, row["id"]
            assert end_of_previous <= start < end <= len(text), row["id"]
            assert text[start:end] == span["text"], row["id"]
            assert span["text"] == span["text"].strip(), row["id"]
            assert span["kind"] in PII_KINDS, row["id"]
            end_of_previous = end


def test_reply_labels_are_the_guards_four() -> None:
    labels = Counter(row["label"] for row in _rows("reply_guard_heldout.jsonl"))
    assert set(labels) == REPLY_LABELS


def test_crisis_labels_are_booleans() -> None:
    for row in _rows("crisis_heldout.jsonl"):
        assert type(row["crisis"]) is bool, row["id"]


def test_the_sets_are_as_large_as_the_issue_needs() -> None:
    pii = _rows("pii_heldout.jsonl")
    assert len(pii) >= 150
    assert sum(1 for row in pii if not row["spans"]) >= 40
    assert {span["kind"] for row in pii for span in row["spans"]} == PII_KINDS
    assert len(_rows("reply_guard_heldout.jsonl")) >= 300
    crisis = Counter(row["lang"] for row in _rows("crisis_heldout.jsonl"))
    assert all(crisis[language] >= 25 for language in LANGUAGES["crisis_heldout.jsonl"])
