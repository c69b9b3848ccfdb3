"""The training sets' shipped vectors (notalone/safety/training_vectors.py): they belong to
today's sets and models, they are what the models really give, and a stale file is never
used. A process loads the models as it starts, not inside the first request."""

from __future__ import annotations

import csv
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from notalone import safety
from notalone.safety import crisis_model, embeddings, guard, training_vectors

SETS = [
    (crisis_model.TRAINING_SET, crisis_model.MODEL_NAME, training_vectors.VECTORS),
    (guard.TRAINING_SET, embeddings.MODEL_NAME, training_vectors.VECTORS),
    (guard.TRAINING_SET, crisis_model.MODEL_NAME, guard.E5_VECTORS),
]
IDS = ["crisis", "reply-guard", "reply-guard-e5"]


@pytest.mark.parametrize(("training_set", "model_name", "suffix"), SETS, ids=IDS)
def test_each_set_ships_vectors_of_its_current_rows(
    training_set: Path, model_name: str, suffix: str
) -> None:
    vectors = training_vectors.stored(training_set, model_name, suffix)
    assert vectors is not None, (
        f"{training_vectors.vectors_path(training_set, suffix).name} is missing or out of date: "
        "run `make safety-vectors` and commit it"
    )
    with training_set.open(encoding="utf-8", newline="") as handle:
        rows = len(list(csv.DictReader(handle, delimiter="\t")))
    assert vectors.shape == (rows, embeddings.DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_a_stale_file_is_never_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    copy = tmp_path / "set.tsv"
    copy.write_text("label\ttext\n1\tone\n0\ttwo\n", encoding="utf-8")
    training_vectors.write(copy, "model A", np.ones((2, 3)))
    assert training_vectors.stored(copy, "model A") is not None
    assert training_vectors.stored(copy, "model B") is None  # another model

    copy.write_text("label\ttext\n1\tone\n0\ttwo, edited\n", encoding="utf-8")
    assert training_vectors.stored(copy, "model A") is None  # another set

    encoded: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        encoded.append(texts)
        return np.zeros((len(texts), 3), dtype="float32")

    with caplog.at_level(logging.WARNING, logger="notalone.safety.training_vectors"):
        got = training_vectors.load(copy, "model A", ["one", "two, edited"], encode)
    assert encoded == [["one", "two, edited"]]
    assert not got.any()
    assert "make safety-vectors" in caplog.text


def test_a_file_whose_row_count_differs_is_not_used(tmp_path: Path) -> None:
    copy = tmp_path / "set.tsv"
    shutil.copy(crisis_model.TRAINING_SET, copy)
    training_vectors.write(copy, "m", np.ones((3, 2)))
    got = training_vectors.load(copy, "m", ["a", "b"], lambda t: np.zeros((len(t), 2)))
    assert got.shape == (2, 2)
    assert not got.any()


def test_rules_mode_loads_nothing_at_start() -> None:
    assert safety.start_warm_up() is None  # NOTALONE_SAFETY_MODELS=off in the tests
    assert safety.warm_up() < 1.0


def test_the_warm_up_can_be_switched_off(
    safety_models: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTALONE_SAFETY_WARM_UP", "off")
    assert safety.start_warm_up() is None


@pytest.mark.models
@pytest.mark.usefixtures("safety_models")
@pytest.mark.parametrize("name", IDS)
def test_shipped_vectors_are_what_the_models_give(name: str) -> None:
    training_set, model_name, suffix = SETS[IDS.index(name)]
    if name == "crisis":
        texts = [text for _label, _lang, text in crisis_model.training_rows()]
    else:
        texts = [text for text, _label in guard.training_examples()]
    encode = embeddings.embed_array if name == "reply-guard" else crisis_model.features
    picks = [0, len(texts) // 2, len(texts) - 1]
    stored = training_vectors.stored(training_set, model_name, suffix)
    assert stored is not None
    fresh = np.asarray(encode([texts[i] for i in picks]), dtype=np.float64)
    # The same text through the same model, up to floating-point noise: the numbers move in
    # the third decimal between machines (another CPU's vector instructions) and with the
    # batch a text is encoded in (padding). Another model, or another text, gives a cosine
    # far below this (unrelated sentences are under 0.9 with these models).
    cosines = (fresh * stored[picks]).sum(axis=1) / (
        np.linalg.norm(fresh, axis=1) * np.linalg.norm(stored[picks], axis=1)
    )
    assert (cosines > 0.9995).all(), cosines
