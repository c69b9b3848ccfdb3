"""No training example of a safety detector is a held-out row, or nearly one.

The held-out sets (tests/moderation/evaluation) measure the detectors; a training row that
repeats one of them (the same words, or a few characters apart) would inflate that measure.
Both writers worked from the same labelling rules, so short common phrases can coincide
without anyone copying: this test finds them, and they are left out of the next TRAINING
set (the held-out sets are frozen). Two texts are near-duplicates when, once normalised
(NFKC, case-folded, punctuation dropped, spaces collapsed), they are equal or their sets of
character 3-grams have a Jaccard similarity of at least 0.8.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest

from notalone.safety import crisis, crisis_model, guard

EVALUATION = Path(__file__).resolve().parent / "evaluation"
# Every training set a detector reads, the crisis cues' candidate sets versions 5 and 6 (written,
# not adopted: BENCHMARKS.md) and the crisis development set (bench/dev_crisis.py), which must not
# repeat a held-out row either.
ROOT = Path(__file__).resolve().parents[2]
TRAINING_SETS = sorted(
    {
        guard.TRAINING_SET,
        crisis_model.TRAINING_SET,
        crisis.TRAINING_SET,
        crisis_model.TRAINING_SET.with_name("crisis_train_v5.tsv"),
        crisis_model.TRAINING_SET.with_name("crisis_train_v6.tsv"),
        ROOT / "bench" / "data" / "crisis_dev_v1.tsv",
    }
)
# Development sets, on which rules are built and chosen (evaluation/dev/README.md).
DEV_SETS = sorted((EVALUATION / "dev").glob("*.jsonl"))
SIMILAR_AT = 0.8


def normalised(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = "".join(c if c.isalnum() else " " for c in folded)
    return " ".join(words.split())


def trigrams(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def held_out() -> list[tuple[str, str, frozenset[str]]]:
    """(id, normalised text, its 3-grams) of every held-out row, in every set."""
    rows = []
    for path in sorted(EVALUATION.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            text = normalised(row["text"])
            rows.append((row["id"], text, trigrams(text)))
    return rows


def _texts(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of each row of a training set (TSV) or a dev set (JSON Lines)."""
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [(n, json.loads(line)["text"]) for n, line in enumerate(lines, start=1)]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(n, row["text"]) for n, row in enumerate(rows, start=2)]


def near_duplicates(training_set: Path, others: list[tuple[str, str, frozenset[str]]]) -> list[str]:
    """One line per training row that is a near-duplicate of a held-out row: the training
    row (line number and text) and the held-out row's id only, so that reading the report
    reveals nothing of the held-out set."""
    found = []
    for line, raw in _texts(training_set):
        text = normalised(raw)
        grams = trigrams(text)
        for row_id, other, other_grams in others:
            # Jaccard >= 0.8 needs the smaller set at least 0.8 of the larger: skip early.
            small, large = sorted((len(grams), len(other_grams)))
            if text == other or (
                small >= SIMILAR_AT * large and jaccard(grams, other_grams) >= SIMILAR_AT
            ):
                found.append(f"{training_set.name}:{line} {raw!r} ~ {row_id}")
    return found


def test_the_similarity_catches_what_it_should() -> None:
    assert normalised("  I BELIEVE you!!  ") == normalised("i believe you")
    near = trigrams(normalised("Why didn't you report it to the police?"))
    assert jaccard(near, trigrams(normalised("Why didn't you report it to police?"))) >= 0.8
    far = trigrams(normalised("Thank you for trusting us with this."))
    assert jaccard(near, far) < 0.3


@pytest.mark.parametrize("training_set", TRAINING_SETS + DEV_SETS, ids=lambda p: p.stem)
def test_no_training_row_repeats_a_held_out_row(training_set: Path) -> None:
    assert near_duplicates(training_set, held_out()) == []


def test_the_dev_sets_are_found_and_apart_from_the_held_out_sets() -> None:
    assert [p.name for p in DEV_SETS] == ["pii_dev.jsonl"]
    assert not set(DEV_SETS) & set(EVALUATION.glob("*.jsonl"))
