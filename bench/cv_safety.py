"""Cross-validation of the reply guard and the crisis cues on their TRAINING sets alone.

    python bench/cv_safety.py guard [--folds 5] [--repeats 2] [--first N]
    python bench/cv_safety.py crisis [--folds 5] [--repeats 2]

Settings (the guard's abusive threshold, the crisis model's threshold) are chosen here, from
out-of-fold predictions on ``notalone/safety/data/`` only. The frozen held-out sets in
``tests/moderation/evaluation`` are never read by this script: they are scored once a version
is fixed (``bench/bench_safety.py``), for aggregate numbers.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NOTALONE_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
os.environ.setdefault("NOTALONE_DATA_DIR", tempfile.mkdtemp(prefix="notalone-cv-safety-"))


def _pr(gold: list[str], got: list[str], label: str) -> tuple[float, float]:
    tp = sum(g == label == p for g, p in zip(gold, got, strict=True))
    fp = sum(p == label != g for g, p in zip(gold, got, strict=True))
    fn = sum(g == label != p for g, p in zip(gold, got, strict=True))
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def guard(folds: int, repeats: int, first: int) -> None:
    import numpy as np
    from sklearn.model_selection import RepeatedStratifiedKFold

    from notalone.safety import guard as g

    examples = g.training_examples()
    texts = [t for t, _label in examples]
    labels = np.array([label for _t, label in examples])
    from notalone.safety import crisis_model, embeddings, training_vectors

    vectors = training_vectors.load(
        g.TRAINING_SET, embeddings.MODEL_NAME, texts, embeddings.embed_array
    )
    e5 = training_vectors.load(
        g.TRAINING_SET, crisis_model.MODEL_NAME, texts, crisis_model.features, g.E5_VECTORS
    )
    dense = g.dense_features(texts, vectors, e5)
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=13)
    probs = np.zeros((repeats, len(texts), len(g.LABELS)))
    for i, (train, test) in enumerate(splitter.split(texts, labels)):
        model, words = g.fit([texts[j] for j in train], labels[train], dense[train])
        x = g.combine(dense[test], words.transform([texts[j] for j in test]))
        order = [list(model.classes_).index(label) for label in g.LABELS]
        probs[i // folds, test] = model.predict_proba(x)[:, order]
    gold = list(labels)
    print(
        f"reply guard {g.TRAINING_SET.name}: {len(texts)} rows, {folds} folds x {repeats}, C {g.C}"
    )
    # "+ floor": the verdict the site gives (guard.floor's rules after the model). The floor's
    # rules were written beside these rows, so that line is in-sample for the rules' part.
    # "first N": the same out-of-fold verdicts on the set's first N rows alone (an earlier
    # version's rows: the new rows are the hard cases, so the whole set's figures are lower).
    settings = itertools.product((0.3, 0.35, 0.4, 0.45), (1.0, 1.15, 1.3), (False, True))
    for at, weight, floored in settings:
        verdicts = []
        for r in range(repeats):
            got = [g.decide(dict(zip(g.LABELS, row, strict=True)), at, weight) for row in probs[r]]
            if floored:
                got = [g.floor(t, label, p) for t, (label, p) in zip(texts, got, strict=True)]
            verdicts.append([label for label, _p in got])
        for rows in (len(texts), first) if first else (len(texts),):
            cells = []
            for label in ("victim_blaming", "abusive", "supportive", "other"):
                ps, rs = zip(
                    *(_pr(gold[:rows], got[:rows], label) for got in verdicts), strict=True
                )
                cells.append(f"{label} P {np.mean(ps):.3f} R {np.mean(rs):.3f}")
            where = "" if rows == len(texts) else f" (first {rows})"
            print(
                f"abusive_at {at:.2f} blaming x{weight:.2f}{' + floor' if floored else ''}"
                f"{where}: " + "; ".join(cells)
            )


def crisis(folds: int, repeats: int, c: float) -> None:
    import numpy as np
    from sklearn.model_selection import RepeatedStratifiedKFold

    from notalone.safety import crisis_model as cm

    rows = cm.training_rows()
    texts = [r[2] for r in rows]
    y = np.array([r[0] for r in rows])
    langs = np.array([r[1] for r in rows])
    from notalone.safety import training_vectors

    x = training_vectors.load(cm.TRAINING_SET, cm.MODEL_NAME, texts, cm.features)
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=13)
    strata = np.array([f"{lang}{label}" for lang, label in zip(langs, y, strict=True)])
    probs = np.zeros((repeats, len(texts)))
    for i, (train, test) in enumerate(splitter.split(texts, strata)):
        model = cm.fit(x[train], y[train], c)
        probs[i // folds, test] = model.predict_proba(x[test])[:, 1]
    print(f"crisis model {cm.TRAINING_SET.name}: {len(texts)} rows, {folds} folds x {repeats}")
    from notalone.safety import crisis as c_

    rule = np.array([c_.rule_score(t) for t in texts])
    # The phrase lists were written against these rows: "model" is the fair out-of-fold
    # figure, "with phrases" the verdict the site gives (the phrases' part in-sample).
    for alone, at in itertools.product((True, False), (0.4, 0.5, 0.6, 0.7, 0.8)):
        cells = []
        for lang in ("en", "es", "fr", "hi", "ar", None):
            mask = np.ones(len(y), bool) if lang is None else langs == lang
            recs, fars = [], []
            for r in range(repeats):
                got = probs[r] >= at if alone else (probs[r] >= at) | (rule >= c_.THRESHOLD)
                recs.append(got[mask & (y == 1)].mean())
                fars.append(got[mask & (y == 0)].mean())
            cells.append(f"{lang or 'all'} R {np.mean(recs):.2f} FA {np.mean(fars):.2f}")
        print(f"{'model' if alone else 'with phrases'} at {at:.2f}: " + "; ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=("guard", "crisis"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--c", type=float, default=4.0, help="crisis: the regression's C")
    parser.add_argument("--first", type=int, default=0, help="guard: also score the first N rows")
    args = parser.parse_args()
    import django

    django.setup()
    if args.which == "guard":
        guard(args.folds, args.repeats, args.first)
    else:
        crisis(args.folds, args.repeats, args.c)


if __name__ == "__main__":
    main()
