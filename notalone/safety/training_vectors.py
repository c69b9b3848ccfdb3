"""Sentence embeddings of the versioned training sets, computed once and shipped.

Encoding a training set takes 3 s (the reply guard's 786 rows, all-MiniLM-L6-v2) to 12 s (the
crisis cues' 384 rows, multilingual-e5-small) on one quiet core, and several times that on a
busy machine: done inside the first request that needed a model, it held that request for up
to 45 s. So the vectors are computed ahead (``make safety-vectors``, which runs
``python -m notalone.safety.training_vectors``) and shipped beside their set as
``<set>.vectors.npz``: one float32 array, shape (rows, 384), in the set's row order, and a key.
A set read through a second model has a second file, ``<set>.<suffix>.npz`` (the reply guard's
multilingual-e5-small vectors: ``reply_guard_train_v6.e5-vectors.npz``).

The key is the SHA-256 (FIPS 180-4) of the set's bytes and the model's name. Vectors whose key
does not match (the set was edited, or the model changed) are never used: the set is encoded
again in the process, a warning is logged, and ``tests/moderation/test_training_vectors.py``
fails until the file is made again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


VECTORS = "vectors"


def vectors_path(training_set: Path, suffix: str = VECTORS) -> Path:
    return training_set.with_suffix(f".{suffix}.npz")


def key(training_set: Path, model_name: str) -> str:
    """Hex SHA-256 of the set's bytes, a NUL, and the model's name (UTF-8)."""
    digest = hashlib.sha256(training_set.read_bytes())
    digest.update(b"\0" + model_name.encode())
    return digest.hexdigest()


def stored(training_set: Path, model_name: str, suffix: str = VECTORS) -> Any | None:
    """The shipped vectors if their key matches the set and the model, else None."""
    import numpy as np

    path = vectors_path(training_set, suffix)
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["key"]) != key(training_set, model_name):
            return None
        return data["vectors"].astype("float32", copy=False)


def load(
    training_set: Path,
    model_name: str,
    texts: list[str],
    encode: Callable[[list[str]], Any],
    suffix: str = VECTORS,
) -> Any:
    """The set's vectors (shape (len(texts), dims)): shipped ones when their key matches and
    their row count is the set's, else ``encode(texts)`` (slow, logged)."""
    vectors = stored(training_set, model_name, suffix)
    if vectors is not None and len(vectors) == len(texts):
        return vectors
    logger.warning(
        "safety: the vectors of %s (%s) are missing or out of date; encoding it in this process "
        "(run `make safety-vectors` and commit the result)",
        training_set.name,
        model_name,
    )
    return encode(texts)


def write(training_set: Path, model_name: str, vectors: Any, suffix: str = VECTORS) -> Path:
    """Store ``vectors`` for the set under its current key; returns the file's path."""
    import numpy as np

    path = vectors_path(training_set, suffix)
    with path.open("wb") as handle:
        np.savez(
            handle,
            vectors=np.asarray(vectors, dtype="float32"),
            key=np.array(key(training_set, model_name)),
        )
    return path


def main() -> None:
    """Encode every training set with its model and write its vectors (models mode)."""
    from notalone.safety import crisis_model, embeddings, guard

    crisis_texts = [text for _label, _lang, text in crisis_model.training_rows()]
    print(
        write(
            crisis_model.TRAINING_SET, crisis_model.MODEL_NAME, crisis_model.features(crisis_texts)
        )
    )
    guard_texts = [text for text, _label in guard.training_examples()]
    print(write(guard.TRAINING_SET, embeddings.MODEL_NAME, embeddings.embed_array(guard_texts)))
    print(
        write(
            guard.TRAINING_SET,
            crisis_model.MODEL_NAME,
            crisis_model.features(guard_texts),
            guard.E5_VECTORS,
        )
    )


if __name__ == "__main__":
    main()
