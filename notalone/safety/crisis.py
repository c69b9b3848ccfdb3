"""Crisis cues: does a story or a reply suggest immediate danger or thoughts of self-harm?

``detect_crisis(text) -> CrisisVerdict``. Phrases in English, Spanish, French, Hindi and
Arabic (danger happening now; a wish to die or to self-harm now), weighed against signs that
the danger is over ("years ago", "I'm okay now") or that the words are an idiom ("this job
is killing me", "me muero de risa"). In models mode an English text also gets the sentence
embedding's similarity to the English crisis examples of the training set
(``crisis_model.TRAINING_SET``).

It never blocks anything: the page shows the crisis lines for the writer's country and the
moderators get a flag. It leans towards recall: a false alarm shows a phone number.
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from typing import Any

from notalone.safety import crisis_model, language
from notalone.safety import crisis_phrases as phrases
from notalone.safety.modes import has

VERSION = "4"
THRESHOLD = 0.5
# The English rows are the prototypes of the similarity (models mode without the multilingual
# model); the same set the multilingual regression learns from.
TRAINING_SET = crisis_model.TRAINING_SET
MAX_CHARS = 20_000


@dataclass(frozen=True)
class CrisisVerdict:
    """``crisis`` True when the text suggests immediate danger or self-harm now;
    ``score`` in [0, 1]."""

    crisis: bool
    score: float
    language: str = "en"


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)


_CUES_EN = _any(
    r"\b(?:do ?n[o']?t|no longer) want to (?:live|be alive|be here|exist|wake up)",
    r"\bwant(?:ed)? to die\b",
    r"\bwish (?:i was|i were|i'?d) (?:dead|never born|gone)",
    r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) (?:myself|me)\b",
    r"\bend(?:ing)? (?:it all|my life|it tonight|things)\b",
    r"\bsuicid",
    r"\bself[- ]harm",
    r"\b(?:better off|happier) without me\b",
    r"\bnot wake up\b|\bnever wake up\b|\bsleep forever\b",
    r"\b(?:no|any) point (?:in )?(?:going on|living|anymore)",
    r"\bthis is (?:my )?goodbye\b|\bsaying goodbye\b|\bgiving (?:my )?(?:things|stuff) away\b",
    r"\bcan'?t (?:go on|do this anymore|keep (?:myself )?safe|stay safe)",
    r"\b(?:pain|it) to stop (?:forever|for good)\b",
    r"\b(?:taking|take|swallow(?:ing)?) all (?:my|the) pills\b",
    r"\b(?:he|she|they)(?:'s| is| are) (?:at|outside|behind) (?:my|the) (?:door|window|house|flat|building)",
    r"\b(?:he|she|they)(?:'s| is| are) (?:in|inside) (?:the|my) (?:building|house|flat|apartment|hallway)",
    r"\b(?:following|chasing) me\b",
    r"\b(?:parked|waiting|standing) (?:outside|across|in front)",
    r"\bon (?:his|her|their) way (?:here|over|to me)\b",
    r"\bcoming (?:back|over|here|for me) (?:tonight|now|today)",
    r"\bbanging on (?:the|my) door\b|\btrying to (?:get|break) in\b",
    r"\blocked (?:me )?in\b|\bi'?m hiding\b|\bhiding (?:in|from)\b",
    r"\bnowhere (?:safe )?to (?:go|sleep|stay) tonight\b|\bthrew me out\b|\bkicked me out\b",
    r"\bscared for my life\b|\bgoing to kill me\b|\bwill kill me\b(?! if)",
    r"\bdoesn'?t want to (?:live|be alive)\b|\bwants to die\b",
    r"\bright now\b.*\b(?:scared|afraid|terrified|help)\b",
)
# The danger is over, or the words are a figure of speech: the cue counts for less.
_OVER_EN = _any(
    r"\byears ago\b|\bused to\b|\bback then\b|\bwhen i was\b|\bat (?:1\d|2\d)\b",
    r"\bi'?m (?:okay|ok|fine|better|safe|doing well) now\b|\bgot help\b|\bthese days\b",
    r"\b(?:killing me|could have died|would kill me|will kill me if|dying to|dying of)\b",
    r"\bif you(?:'re| are)? (?:having|feeling)\b|\bcall (?:a|the) (?:crisis|help)",
    r"\bsafety plan\b|\brestraining order\b|\bi (?:said|told her) no\b",
    r"\bi don'?t\b.*\bself-harm|\bself-harm\b.*\bi (?:don'?t|didn'?t)\b",
)

_lock = threading.Lock()
_prototypes: Any = None


def _english_similarity(text: str) -> float:
    """Highest cosine between the text and the crisis examples, minus the highest to the
    non-crisis ones (models mode, English only)."""
    global _prototypes
    import numpy as np

    from notalone.safety.embeddings import embed_array

    if _prototypes is None:
        with _lock:
            if _prototypes is None:
                with TRAINING_SET.open(encoding="utf-8", newline="") as handle:
                    rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["lang"] == "en"]
                vectors = embed_array([r["text"] for r in rows])
                labels = np.array([r["label"] == "1" for r in rows])
                _prototypes = (vectors[labels], vectors[~labels])
    positive, negative = _prototypes
    vector = embed_array([text])[0]
    return float((positive @ vector).max() - (negative @ vector).max())


def rule_score(text: str) -> float:
    """The phrase lists' score in [0, 1] (every list, whatever the language guess: a short
    Spanish text guessed as French or English must still be read with the Spanish phrases;
    scripts keep the lists apart)."""
    folded = phrases.fold(text)
    cues = len(_CUES_EN.findall(text)) + sum(len(p.findall(folded)) for p in phrases.CUES.values())
    weak = sum(len(p.findall(folded)) for p in phrases.WEAK.values())
    over = len(_OVER_EN.findall(text)) + sum(len(p.findall(folded)) for p in phrases.OVER.values())
    if not (cues or weak):
        return 0.0
    score = 0.6 * bool(cues) + 0.15 * max(0, cues - 1) + 0.25 * weak
    return max(0.0, min(1.0, score) - 0.3 * min(over, 2))


def detect_crisis(text: str) -> CrisisVerdict:
    """Whether ``text`` suggests immediate danger or self-harm now. Never raises on any
    ``str``; empty text is not a crisis. With the multilingual model (``crisis_model``) the
    verdict is the phrases or the model; without it, the phrases, and in English the MiniLM
    similarity to the crisis examples. Languages other than the five known are read with the
    English and script-matching phrases and the model (the verdict is advice, never a gate)."""
    text = (text or "")[:MAX_CHARS]
    if not text.strip():
        return CrisisVerdict(False, 0.0, "und")
    lang = language.guess(text)
    score = rule_score(text)
    if has("multilingual"):
        learned = crisis_model.probability(text)
        crisis = score >= THRESHOLD or learned >= crisis_model.AT
        return CrisisVerdict(crisis, round(max(score, learned), 4), lang)
    if lang == "en" and has("embeddings") and len(text) < 4000:
        similarity = _english_similarity(text)
        score = max(score, min(1.0, 0.5 + similarity * 2.5)) if similarity > 0.05 else score
    score = max(0.0, min(1.0, score))
    return CrisisVerdict(score >= THRESHOLD, round(score, 4), lang)
