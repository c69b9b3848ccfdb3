"""The reply guard: supportive, victim-blaming, abusive or other.

``classify_reply(text) -> ReplyVerdict``. Models mode: alt-profanity-check's probability as a
cheap first signal, then a logistic regression (scikit-learn) over the reply's two sentence
embeddings (all-MiniLM-L6-v2, and multilingual-e5-small, the crisis cues' encoder, loaded
once for both), its word n-grams, the words of its first and last sentences apart, and that
probability, fitted once per process (a second or two, from the set's shipped vectors:
``training_vectors``) on the project's own labelled examples (``data/reply_guard_train_v6.tsv``,
how its labels were decided in ``data/README.md``). Rules mode: phrases and words.

In both modes a few rules are a floor under the answer, for the clearest cases only: telling
someone to harm themselves, a threat, or a slur aimed at the reader is abusive whatever the
model says (an abusive reply is held); a kind check-in question ("Did you tell anyone?",
"Are you safe now?") with no doubt or blame in it is never victim-blaming (the nudge would
scold someone for caring).

The guard covers English. A reply in another language gets ``covered=False`` and the label
"other": the caller must say so (no silent pass), and a report on it goes to the queue first.
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notalone.safety import language
from notalone.safety.modes import has

LABELS = ("supportive", "victim_blaming", "abusive", "other")
# "zxx" (ISO 639-2: no linguistic content): a reply of emoji or punctuation alone is read
# (as "other"), never reported as a language the guard does not know.
NO_WORDS = "zxx"
COVERED_LANGUAGES = ("en", NO_WORDS)
TRAINING_SET = Path(__file__).parent / "data" / "reply_guard_train_v6.tsv"
VERSION_MODELS = "6"
VERSION_RULES = "rules-2"
# Replies are at most a few thousand characters; the model reads the start.
MAX_CHARS = 4000
# Version 6's settings, each chosen by cross-validation on its training set alone
# (`bench/cv_safety.py guard`, BENCHMARKS.md "sixth pass"), never on the held-out set.
# An abusive reply is held: the guard leans towards catching it (recall first). From 0.40 on,
# abusive recall is 0.955 at precision 0.91 there (0.30: 0.97 at 0.88, below the precision
# target).
ABUSIVE_AT = 0.40
# The victim-blaming probability is weighed by this before the most likely label is taken (a
# per-label threshold): it balances that label's precision and recall (1.0 gave recall 0.85
# at precision 0.90 on version 6's set; 1.3 gives 0.87 at 0.88).
BLAMING_WEIGHT = 1.3
# The regression's inverse regularisation (version 5: 4).
C = 8.0
# The weight of the first and last sentences' words beside the whole reply's.
EDGE_WORDS_WEIGHT = 0.7
# The profanity probability's weight beside the 2 x 384 embedding dimensions.
PROFANITY_WEIGHT = 2.0
# The shipped multilingual-e5-small vectors of the training set (``training_vectors``).
E5_VECTORS = "e5-vectors"


@dataclass(frozen=True)
class ReplyVerdict:
    """``label`` in LABELS, ``score`` in [0, 1] (how sure, for that label), ``covered`` False
    when the reply's language is one the guard does not know (``language`` says which)."""

    label: str
    score: float
    covered: bool = True
    language: str = "en"
    detector: str = "reply-guard"
    version: str = VERSION_MODELS


def training_examples() -> list[tuple[str, str]]:
    """(text, label) pairs of the versioned training set."""
    with TRAINING_SET.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["label"]) for row in csv.DictReader(handle, delimiter="\t")]


_lock = threading.Lock()
_classifier: Any = None


def _profanity(texts: list[str]) -> Any:
    from profanity_check import predict_prob

    return predict_prob(texts)


_words: Any = None


def dense_features(texts: list[str], vectors: Any = None, e5: Any = None) -> Any:
    """The two sentence embeddings (MiniLM's 384, e5's 384) and the profanity probability
    (weighted), one row a text; ``vectors`` and ``e5``, when given, are the texts' embeddings
    already computed. e5 was added in version 5: cross-validated on the training set, it
    separates doubt from support better than MiniLM alone (BENCHMARKS.md, fifth pass)."""
    import numpy as np

    from notalone.safety import crisis_model
    from notalone.safety.embeddings import embed_array

    if vectors is None:
        vectors = embed_array(texts)
    if e5 is None:
        e5 = crisis_model.features(texts)
    profane = np.asarray(_profanity(texts), dtype="float32").reshape(-1, 1)
    return np.hstack([vectors, e5, profane * PROFANITY_WEIGHT])


def combine(dense: Any, words: Any) -> Any:
    from scipy import sparse

    return sparse.hstack([sparse.csr_matrix(dense), words]).tocsr()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[\w']+")
# ``edge_words`` are already split and marked: a token is whatever lies between spaces.
_MARKED = r"\S+"


def edge_words(text: str) -> str:
    """The words of a reply's first and last sentences, marked ("L_next L_time ... F_hugs"), or
    nothing for a reply of one sentence. A reply that is kind, then blames ("Hugs. But next
    time don't go to his place.") reads as kind to the whole reply's embeddings and n-grams;
    its last sentence, read apart, says where it turns."""
    parts = [p for p in (p.strip() for p in _SENTENCE_END.split(text.strip())) if p]
    if len(parts) < 2:
        return ""
    last = ["L_" + w for w in _WORD.findall(parts[-1].lower())]
    first = ["F_" + w for w in _WORD.findall(parts[0].lower())]
    return " ".join(last + first)


class Words:
    """Word 1-3-grams of the whole reply and 1-2-grams of its ``edge_words`` (tf-idf, both
    fitted on the training set): the embedding says what a reply is about, the words how it
    turns ("why didn't you", "should have")."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.whole = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, lowercase=True)
        self.edges = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, lowercase=False, token_pattern=_MARKED
        )

    def fit_transform(self, texts: list[str]) -> Any:
        from scipy import sparse

        whole = self.whole.fit_transform(texts)
        edges = self.edges.fit_transform([edge_words(t) for t in texts])
        return sparse.hstack([whole, EDGE_WORDS_WEIGHT * edges]).tocsr()

    def transform(self, texts: list[str]) -> Any:
        from scipy import sparse

        whole = self.whole.transform(texts)
        edges = self.edges.transform([edge_words(t) for t in texts])
        return sparse.hstack([whole, EDGE_WORDS_WEIGHT * edges]).tocsr()


def _features(texts: list[str]) -> Any:
    """The sentence embeddings, the profanity probability, and the words (``Words``)."""
    return combine(dense_features(texts), _words.transform(texts))


def fit(texts: list[str], labels: Any, dense: Any, c: float = C) -> tuple[Any, Words]:
    """A logistic regression and its ``Words`` fitted on ``texts`` (``dense`` their
    ``dense_features``): used here and by ``bench/cv_safety.py``."""
    from sklearn.linear_model import LogisticRegression

    words = Words()
    x = combine(dense, words.fit_transform(texts))
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(x, labels)
    return model, words


def classifier() -> Any:
    """The fitted logistic regression, fitted once per process (requests arriving meanwhile
    wait)."""
    global _classifier, _words
    if _classifier is None:
        with _lock:
            if _classifier is None:
                from notalone.safety import crisis_model, training_vectors
                from notalone.safety.embeddings import MODEL_NAME, embed_array

                examples = training_examples()
                texts = [t for t, _label in examples]
                vectors = training_vectors.load(TRAINING_SET, MODEL_NAME, texts, embed_array)
                e5 = training_vectors.load(
                    TRAINING_SET, crisis_model.MODEL_NAME, texts, crisis_model.features, E5_VECTORS
                )
                labels = [label for _t, label in examples]
                model, words = fit(texts, labels, dense_features(texts, vectors, e5))
                _words = words
                _classifier = model
    return _classifier


def decide(
    by_label: dict[str, float],
    abusive_at: float = ABUSIVE_AT,
    blaming_weight: float = BLAMING_WEIGHT,
) -> tuple[str, float]:
    """The label from the model's probabilities: abusive from ``abusive_at`` on (an abusive
    reply is held, so the guard leans towards catching it), else the most likely, the
    victim-blaming probability weighed by ``blaming_weight``. The score is the label's own
    probability."""
    if by_label.get("abusive", 0.0) >= abusive_at:
        return "abusive", by_label["abusive"]
    weighed = dict(by_label)
    if "victim_blaming" in weighed:
        weighed["victim_blaming"] *= blaming_weight
    label = max(weighed, key=lambda k: weighed[k])
    # A plain str (the model's classes are numpy strings): the API's shape, JSON as is.
    return str(label), by_label[label]


# Rules mode: phrases and words.
_ABUSIVE_RULES = re.compile(
    r"(?i)\b(kys|kill\s+yourself|end\s+yourself|go\s+die|drown\s+yourself|"
    r"sl[u*]t|wh[o0*]re|b[i!*]tch|c[u*]nt|h[o0]e|skank|retard\w*|"
    r"watch\s+your\s+back|i\s+know\s+where\s+you\s+(live|work)|i'?m\s+going\s+to\s+find\s+you|"
    r"you'?ll\s+(pay|regret)|break\s+his\s+legs|beat\s+(him|that)|"
    r"worthless|pathetic|piece\s+of\s+shit|idiot|moron|stupid|ugly)\b"
)
_BLAMING_RULES = re.compile(
    r"(?i)(what\s+were\s+you\s+wearing|how\s+(much|many)\s+(did|had)\s+you\s+(had\s+)?(to\s+)?drink|"
    r"why\s+did(n'?t| not)\s+you\s+(report|leave|say|tell|fight|scream|quit|just)|"
    r"why\s+(did|would)\s+you\s+(stay|go\s+back|go\s+up|get\s+in|agree|accept|let)|"
    r"why\s+(wait|now)|led\s+him\s+on|asking\s+for\s+it|should\s+have\s+known|"
    r"you\s+should\s+have|proof|evidence|screenshots?\s+or|didn'?t\s+happen|"
    r"are\s+you\s+sure|get\s+over\s+it|move\s+on|just\s+a\s+(joke|compliment)|"
    r"two\s+sides|ruin\s+(his|this\s+man'?s)|lesson\s+learned|be\s+more\s+careful|"
    r"what\s+did\s+you\s+expect|your\s+own\s+fault|take\s+(some\s+)?responsibility)"
)

# The floor, in both modes: only the clearest cases. Telling the reader to harm themselves
# (not "told you to kill yourself", a quote), a threat, a slur aimed at the reader
# ("you stupid ...", "you're a ..."; not "you're not a ...", nor "calling you a ...").
_CLEARLY_ABUSIVE = re.compile(
    r"(?i)(?<!to )\b(kys|kill\s+yourself|go\s+die|drown\s+yourself|end\s+yourself)\b|"
    r"\b(watch\s+your\s+back|i\s+know\s+where\s+you\s+(live|work)|"
    r"i'?m\s+(going\s+to|gonna)\s+find\s+you|you'?ll\s+(pay|regret)\s+(for\s+)?(this|that|it))\b|"
    r"(\byou(\s+are|'re)\s+(?!not\b|never\b)(a\s+|an\s+|such\s+a\s+)?|(^|[.!?,]\s*)you\s+)"
    r"(\w+\s+)?(sl[u*]t|wh[o0*]re|b[i!*]tch|c[u*]nt|skank)s?\b"
)
# A kind check-in: did they have someone, are they safe, how are they.
_CHECK_IN = re.compile(
    r"(?i)\b((did|have|could|can)\s+you\s+(get\s+to\s+|manage\s+to\s+)?"
    r"(tell|talk\s+to|reach\s+out\s+to|find)\s+(anyone|anybody|someone|somebody|a\s+friend)|"
    r"do\s+you\s+have\s+(someone|anyone|somebody|anybody|people|support|a\s+friend)|"
    r"is\s+there\s+(someone|anyone|somebody|anybody)\s+(you|who|to)|"
    r"are\s+you\s+(safe|okay|ok|alright|all\s+right|somewhere\s+safe)|"
    r"do\s+you\s+feel\s+safe|how\s+are\s+you\s+(doing|feeling|holding\s+up))\b"
)
# Doubt or blame next to a check-in ("Did you tell anyone? Why not?"): the model decides.
_DOUBT = re.compile(
    r"(?i)\b(why|should|shouldn'?t|believe|sure|lie|lying|liar|attention|fault|but|then|"
    r"confirm|witness\w*|prove|honestly|learned|stop|even)\b"
)


def floor(text: str, label: str, score: float) -> tuple[str, float]:
    """The label after the floor's rules: clearly abusive replies are abusive, a plain kind
    check-in is not victim-blaming (it is supportive)."""
    if label != "abusive" and _CLEARLY_ABUSIVE.search(text):
        return "abusive", max(score, 0.7)
    if (
        label == "victim_blaming"
        and _CHECK_IN.search(text)
        and not (_DOUBT.search(text) or _BLAMING_RULES.search(text))
    ):
        return "supportive", 0.6
    return label, score


def _rules(text: str) -> tuple[str, float]:
    if _ABUSIVE_RULES.search(text):
        return "abusive", 0.7
    if _BLAMING_RULES.search(text):
        return "victim_blaming", 0.6
    if _CHECK_IN.search(text) and not _DOUBT.search(text):
        return "supportive", 0.6
    return "other", 0.5


def reading_language(text: str) -> str:
    """The language the guard takes the text to be in (cheap: no model). Latin-script text
    with another language's words and no English word is not English (no silent pass)."""
    if not any(c.isalpha() for c in text):
        return NO_WORDS  # emoji, punctuation, digits: no language to miss
    lang = language.guess(text)
    if lang == "en" and not language.looks_english(text):
        return "und"
    return lang


def covers(text: str) -> bool:
    """Whether the guard reads this text (its language is one it was built for)."""
    return reading_language((text or "").strip()[:MAX_CHARS]) in COVERED_LANGUAGES


def classify_reply(text: str) -> ReplyVerdict:
    """What a reply does to the person who shared. Never raises on any ``str``: empty text is
    "other" with score 1; text in a language the guard does not cover is ``covered=False``."""
    text = (text or "").strip()[:MAX_CHARS]
    if not text:
        return ReplyVerdict("other", 1.0)
    lang = reading_language(text)
    if lang not in COVERED_LANGUAGES:
        return ReplyVerdict("other", 0.0, covered=False, language=lang)
    if lang == NO_WORDS:
        return ReplyVerdict("other", 1.0, language=lang)
    if not (has("embeddings") and has("guard")):
        label, score = _rules(text)
        return ReplyVerdict(label, score, version=VERSION_RULES)
    model = classifier()
    probs = model.predict_proba(_features([text]))[0]  # after classifier(): _words is fitted
    label, score = decide(dict(zip(model.classes_, (float(p) for p in probs), strict=True)))
    label, score = floor(text, label, score)
    return ReplyVerdict(label, round(score, 4))
