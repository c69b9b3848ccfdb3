"""The crisis cues on the DEVELOPMENT set and on the demo data's own sentences.

    python bench/dev_crisis.py [--rows]

``bench/data/crisis_dev_v1.tsv`` is ordinary platform content (past harassment stories,
titles, support replies, everyday sentences) and a few crisis texts written from the
labelling rules, in en, es, fr, hi and ar; it is neither training data nor held-out data
(``tests/moderation/test_training_heldout_leakage.py`` checks it against the held-out rows).
The rows of kind "crisis_story" are a past story followed by danger or ideation now.
The demo slice is ``notalone/stories/demo.py``'s openings x endings, middles, titles and
replies, all ordinary (crisis: false). The held-out set is never read here.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NOTALONE_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
os.environ.setdefault("NOTALONE_DATA_DIR", tempfile.mkdtemp(prefix="notalone-dev-crisis-"))
DEV_SET = ROOT / "bench" / "data" / "crisis_dev_v1.tsv"


def dev_rows() -> list[tuple[int, str, str, str]]:
    """(label, lang, kind, text) of the development set, then the demo sentences."""
    with DEV_SET.open(encoding="utf-8", newline="") as handle:
        rows = [
            (int(r["label"]), r["lang"], r["kind"], r["text"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]
    from notalone.stories import demo

    demo_texts = [f"{a} {b}" for a, b in itertools.product(demo.OPENINGS, demo.ENDINGS)]
    demo_texts += [m for middles in demo.MIDDLES.values() for m in middles]
    demo_texts += [t for t in demo.TITLES if t] + list(demo.REPLIES)
    demo_texts.append("I had a nice lunch with my friend.")
    return rows + [(0, "en", "demo", t) for t in demo_texts]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", action="store_true", help="print every flagged ordinary row")
    args = parser.parse_args()
    import django

    django.setup()
    from notalone.safety import detect_crisis

    flagged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for label, lang, kind, text in dev_rows():
        verdict = detect_crisis(text)
        if label:
            for key in (lang, "all"):
                recall[key][0] += verdict.crisis
                recall[key][1] += 1
            if not verdict.crisis and args.rows:
                print(f"MISSED {verdict.score:.3f} {text}")
            continue
        for key in (lang, kind, "all"):
            flagged[key][0] += verdict.crisis
            flagged[key][1] += 1
        if verdict.crisis and args.rows:
            print(f"FLAGGED {verdict.score:.3f} [{kind}] {text}")
    for key, (hit, total) in flagged.items():
        print(f"false alarms {key}: {hit}/{total} = {hit / total:.3f}")
    for key, (hit, total) in recall.items():
        print(f"recall {key}: {hit}/{total} = {hit / total:.3f}")


if __name__ == "__main__":
    main()
