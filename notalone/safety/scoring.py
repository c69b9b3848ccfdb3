"""Scoring the detectors on the frozen held-out sets (``tests/moderation/evaluation``), with
the rules written in that folder's README: a PII finding matches a gold span of the same kind
that it overlaps (one to one); the guard is scored per label on English rows; crisis cues by
recall and false-alarm rate. Used by the tests and by ``bench/bench_safety.py``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class PiiScore:
    per_kind: dict[str, Counts] = field(default_factory=dict)
    exact: dict[str, int] = field(default_factory=dict)
    findings_on_clean_texts: int = 0


def score_pii(rows: Iterable[dict[str, Any]], find: Callable[[str], list[Any]]) -> PiiScore:
    score = PiiScore()
    for row in rows:
        gold = [(s["start"], s["end"], s["kind"]) for s in row["spans"]]
        found = [(f.start, f.end, f.kind) for f in find(row["text"])]
        if not gold:
            score.findings_on_clean_texts += len(found)
        used: set[int] = set()
        for gs, ge, gk in gold:
            counts = score.per_kind.setdefault(gk, Counts())
            match = next(
                (
                    i
                    for i, (fs, fe, fk) in enumerate(found)
                    if i not in used and fk == gk and fs < ge and gs < fe
                ),
                None,
            )
            if match is None:
                counts.fn += 1
            else:
                used.add(match)
                counts.tp += 1
                if found[match][:2] == (gs, ge):
                    score.exact[gk] = score.exact.get(gk, 0) + 1
        for i, (_fs, _fe, fk) in enumerate(found):
            if i not in used:
                score.per_kind.setdefault(fk, Counts()).fp += 1
    return score


@dataclass
class LabelScore:
    per_label: dict[str, Counts]
    not_covered_flagged: int
    not_covered_total: int


def score_guard(rows: Iterable[dict[str, Any]], classify: Callable[[str], Any]) -> LabelScore:
    per_label: dict[str, Counts] = {}
    flagged = total = 0
    for row in rows:
        verdict = classify(row["text"])
        if row["lang"] != "en":
            total += 1
            flagged += not verdict.covered
            continue
        gold, got = row["label"], verdict.label if verdict.covered else "not_covered"
        if gold == got:
            per_label.setdefault(gold, Counts()).tp += 1
        else:
            per_label.setdefault(gold, Counts()).fn += 1
            per_label.setdefault(got, Counts()).fp += 1
    return LabelScore(per_label, flagged, total)


@dataclass
class CrisisScore:
    per_language: dict[str, dict[str, int]]

    def recall(self, lang: str | None = None) -> float:
        rows = [v for k, v in self.per_language.items() if lang in (None, k)]
        tp = sum(r["tp"] for r in rows)
        pos = sum(r["pos"] for r in rows)
        return tp / pos if pos else 1.0

    def false_alarm_rate(self, lang: str | None = None) -> float:
        rows = [v for k, v in self.per_language.items() if lang in (None, k)]
        fp = sum(r["fp"] for r in rows)
        neg = sum(r["neg"] for r in rows)
        return fp / neg if neg else 0.0


def score_crisis(rows: Iterable[dict[str, Any]], detect: Callable[[str], Any]) -> CrisisScore:
    per: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = per.setdefault(row["lang"], {"tp": 0, "pos": 0, "fp": 0, "neg": 0})
        got = bool(detect(row["text"]).crisis)
        if row["crisis"]:
            counts["pos"] += 1
            counts["tp"] += got
        else:
            counts["neg"] += 1
            counts["fp"] += got
    return CrisisScore(per)
