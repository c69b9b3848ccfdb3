"""The crisis phrase lists (rules mode) against their own examples in
``notalone/safety/data/crisis_train_v2.tsv``: a regression check for the lists, not an
evaluation (that is ``test_safety_evaluation.py``, on the frozen held-out set)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from notalone.safety import crisis_phrases, detect_crisis
from notalone.safety.crisis_phrases import fold

# The set the phrase lists were written and checked against (kept for history, never edited).
TRAINING_SET = Path(crisis_phrases.__file__).parent / "data" / "crisis_train_v2.tsv"

with TRAINING_SET.open(encoding="utf-8", newline="") as _handle:
    ROWS = [r for r in csv.DictReader(_handle, delimiter="\t") if r["lang"] != "en"]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['lang']}-{r['label']}-{r['text'][:24]}")
def test_each_example_in_another_language(row: dict[str, str]) -> None:
    assert detect_crisis(row["text"]).crisis is (row["label"] == "1")


def test_folding_merges_the_spellings_people_type() -> None:
    assert fold("Está AFUERA") == fold("esta afuera")
    assert fold("ज़िंदगी हूँ") == fold("जिंदगी हूं")
    assert fold("أريد خائفة") == fold("اريد خائفه")


def test_a_short_text_in_spanish_guessed_as_another_language_is_still_read() -> None:
    assert detect_crisis("Me quiero hacer daño otra vez.").crisis
    assert detect_crisis("Estoy pensando en quitarme la vida.").crisis
