"""Safety intelligence (issue 13): accuracy on the frozen held-out sets, speed and memory.

    python bench/bench_safety.py [--vectors 1000000] [--dtype f16] [--skip-accuracy] [--skip-index]
    python bench/bench_safety.py --only index|exact|page|accuracy [--vectors N]   (one step alone)

1. Accuracy: the PII shield, the reply guard and crisis cues on tests/moderation/evaluation
   (scored as that folder's README says), with the models of the [ml] extra.
2. Speed: PII scan of a 2,000-character story, reply classification, embedding one story
   (medians of repeated calls, after one warm-up call).
3. Vector index: ``--vectors`` generated unit vectors (384 dimensions) in a usearch HNSW index
   stored as i8, build time, top-10 query time (median of 200 queries), size on disk,
   size when memory-mapped (``Index.restore(view=True)``).
4. Story page with its "stories like yours" list: median of 200 GETs (a signed-in member,
   so never from the page cache), on SQLite and on PostgreSQL when reachable.
5. Resident memory: a fresh process that loads every model (the web process) and one that
   also memory-maps the index (the worker).

Prints Markdown. Runs on 127.0.0.1 only and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NOTALONE_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
os.environ.setdefault("NOTALONE_DATA_DIR", tempfile.mkdtemp(prefix="notalone-bench-safety-"))

SENTENCES = [
    "It started at the office christmas party, when my manager cornered me by the coats.",
    "I told HR twice and nothing happened, so I stopped going to the after-work drinks.",
    "He kept texting me late at night, and I did not know how to make it stop.",
    "My colleagues laughed it off, and for years I thought it was my fault.",
    "I moved to another team in the end, but I still think about it every week.",
    "The bus was crowded and a man pressed against me for three stops.",
    "At university a tutor said my grades depended on whether I was nice to him.",
    "I froze, and afterwards I was angry with myself for freezing.",
]


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms (p95 {sorted(samples)[int(len(samples) * 0.95)] * 1000:.1f})"


def accuracy() -> None:
    from notalone.safety import classify_reply, detect_crisis, find_pii
    from notalone.safety.scoring import read_jsonl, score_crisis, score_guard, score_pii

    sets = ROOT / "tests" / "moderation" / "evaluation"
    pii = score_pii(read_jsonl(sets / "pii_heldout.jsonl"), find_pii)
    print("### PII shield (pii_heldout.jsonl, 210 texts)\n")
    print(
        "| kind | precision | recall | exact boundaries | tp | fp | fn |\n|---|---|---|---|---|---|---|"
    )
    for kind, c in sorted(pii.per_kind.items()):
        print(
            f"| {kind} | {c.precision:.3f} | {c.recall:.3f} | {pii.exact.get(kind, 0)} | {c.tp} | {c.fp} | {c.fn} |"
        )
    print(f"\nFindings on the 54 texts without PII: {pii.findings_on_clean_texts}\n")
    guard = score_guard(read_jsonl(sets / "reply_guard_heldout.jsonl"), classify_reply)
    print("### Reply guard (reply_guard_heldout.jsonl, 308 English rows)\n")
    print("| label | precision | recall | tp | fp | fn |\n|---|---|---|---|---|---|")
    for label, c in sorted(guard.per_label.items()):
        print(f"| {label} | {c.precision:.3f} | {c.recall:.3f} | {c.tp} | {c.fp} | {c.fn} |")
    print(
        f"\nOther languages answered 'not covered': {guard.not_covered_flagged} of {guard.not_covered_total}\n"
    )
    crisis = score_crisis(read_jsonl(sets / "crisis_heldout.jsonl"), detect_crisis)
    print("### Crisis cues (crisis_heldout.jsonl, 205 texts)\n")
    print("| language | recall | false-alarm rate |\n|---|---|---|")
    for lang in crisis.per_language:
        print(f"| {lang} | {crisis.recall(lang):.3f} | {crisis.false_alarm_rate(lang):.3f} |")
    print(f"| all | {crisis.recall():.3f} | {crisis.false_alarm_rate():.3f} |\n")


def speed() -> None:
    from notalone.safety import classify_reply, find_pii
    from notalone.safety.embeddings import embed

    story = " ".join(SENTENCES * 4)[:1950] + " Call Jo on 07700 900123."
    assert 1900 <= len(story) <= 2100
    find_pii(story)
    pii = []
    for _ in range(30):
        t = time.perf_counter()
        find_pii(story)
        pii.append(time.perf_counter() - t)
    classify_reply("warm up")
    replies = []
    for i in range(100):
        t = time.perf_counter()
        classify_reply(f"Why didn't you report it sooner? {i}")
        replies.append(time.perf_counter() - t)
    embeds = []
    for i in range(30):
        t = time.perf_counter()
        embed([story + str(i)])
        embeds.append(time.perf_counter() - t)
    print("### Speed (one thread)\n")
    print(f"- PII scan of a {len(story)}-character story: {_ms(pii)} (target < 200 ms)")
    print(f"- Reply classification: {_ms(replies)} (target < 30 ms)")
    print(f"- Embedding one 2,000-character story (the background job): {_ms(embeds)}\n")


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def index(n: int, dtype: str = "f16") -> None:
    """Build, save and memory-map an HNSW index of ``n`` generated unit vectors stored as
    ``dtype`` (the site's settings: cosine, connectivity 16); time top-10 queries (wall and
    CPU) and their recall against an exact search of the same vectors.

    The vectors are clustered like stories (n / 50 topics; two stories of a topic have a
    cosine similarity of about 0.5) and each query is a new story of a random topic: uniform
    random vectors in 384 dimensions have no near neighbours to find at all."""
    import numpy as np
    from usearch.index import Index

    rng = np.random.default_rng(13)

    def unit(a: np.ndarray) -> np.ndarray:
        return (a / np.linalg.norm(a, axis=1, keepdims=True)).astype(np.float32)

    centres = unit(rng.standard_normal((max(1, n // 50), 384), dtype=np.float32))
    vectors = np.empty((n, 384), dtype=np.float32)
    for start in range(0, n, 100_000):  # chunks: bounded temporary memory
        size = min(100_000, n - start)
        noise = 0.05 * rng.standard_normal((size, 384), dtype=np.float32)
        vectors[start : start + size] = unit(centres[rng.integers(0, len(centres), size)] + noise)
    index = Index(ndim=384, metric="cos", dtype=dtype, connectivity=16, expansion_add=64)
    t, cpu = time.perf_counter(), time.process_time()
    index.add(np.arange(n, dtype=np.uint64), vectors, threads=os.cpu_count() or 1)
    build, build_cpu = time.perf_counter() - t, time.process_time() - cpu
    path = Path(tempfile.mkdtemp()) / "bench.usearch"
    index.save(str(path))
    del index
    picked = centres[rng.integers(0, len(centres), 200)]
    queries = unit(picked + 0.05 * rng.standard_normal(picked.shape, dtype=np.float32))
    truth = [set(np.argpartition(-(vectors @ q), 10)[:10].tolist()) for q in queries]
    del vectors
    rss_before = _rss_mib()
    view = Index.restore(str(path), view=True)
    print(f"### Vector index: {n:,} generated vectors (usearch HNSW, {dtype}, memory-mapped)\n")
    print(f"- Build: {build:.0f} s wall, {build_cpu:.0f} s CPU, {os.cpu_count()} threads")
    for expansion in (64, 128):
        view.expansion_search = expansion
        view.search(queries[0], 10)
        took, cpu_took, hits = [], [], 0
        for q, best in zip(queries, truth, strict=True):
            t, cpu = time.perf_counter(), time.process_time()
            found = view.search(q, 10)
            took.append(time.perf_counter() - t)
            cpu_took.append(time.process_time() - cpu)
            hits += len(best & {int(k) for k in found.keys})
        print(
            f"- Top-10 query, expansion_search={expansion}: {_ms(took)} wall, "
            f"CPU {statistics.median(cpu_took) * 1000:.2f} ms median; "
            f"recall@10 against exact search {hits / (10 * len(queries)):.3f} (target < 50 ms)"
        )
    print(
        f"- Size on disk: {path.stat().st_size / 1e6:.0f} MB ({path.stat().st_size / n:.0f} bytes a story); "
        f"resident memory added by the memory-mapped view after the queries: {_rss_mib() - rss_before:.0f} MiB\n"
    )
    path.unlink()


def exact(n: int) -> None:
    """Top-10 by exhaustive search (usearch's SIMD brute force, one thread) over ``n``
    generated unit vectors held as f16 and as i8: the upper bound an HNSW query stays
    under, measurable where building the graph of a million vectors is not."""
    import numpy as np
    from usearch.index import MetricKind, search

    rng = np.random.default_rng(13)
    centres = rng.standard_normal((max(1, n // 50), 384), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = np.empty((n, 384), dtype=np.float16)
    for start in range(0, n, 100_000):
        size = min(100_000, n - start)
        chunk = centres[rng.integers(0, len(centres), size)]
        chunk += 0.05 * rng.standard_normal((size, 384), dtype=np.float32)
        vectors[start : start + size] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    queries = centres[rng.integers(0, len(centres), 50)]
    print(f"### Exhaustive top-10 over {n:,} generated vectors (usearch exact search, 1 thread)\n")
    for name, data in (("f16", vectors), ("i8", np.round(vectors * 127).astype(np.int8))):
        search(
            data,
            queries[0].astype(data.dtype) if name == "f16" else queries[0],
            10,
            MetricKind.Cos,
            exact=True,
            threads=1,
        )
        took, cpu_took = [], []
        for q in queries:
            query = q.astype(np.float16) if name == "f16" else np.round(q * 127).astype(np.int8)
            t, cpu = time.perf_counter(), time.process_time()
            search(data, query, 10, MetricKind.Cos, exact=True, threads=1)
            took.append(time.perf_counter() - t)
            cpu_took.append(time.process_time() - cpu)
        print(
            f"- {name} ({data.nbytes / 1e6:.0f} MB): {_ms(took)} wall, "
            f"CPU {statistics.median(cpu_took) * 1000:.1f} ms median (target < 50 ms)"
        )
    print()


RSS = """
import os, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("NOTALONE_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
import django
django.setup()
from notalone.safety import classify_reply, detect_crisis, find_pii
find_pii("Jo Mills, 07700 900123"); classify_reply("I believe you."); detect_crisis("I am fine.")
if {worker!r}:
    from notalone.stories import similar
    similar.rebuild_index()
for line in open("/proc/self/status"):
    if line.startswith("VmRSS"):
        print(line.split()[1])
"""


def memory() -> None:
    print("### Resident memory with the models loaded\n")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="notalone.settings")
    for name, worker in (("web process", False), ("worker process (and the index)", True)):
        if worker:
            subprocess.run(
                [sys.executable, "-m", "django", "migrate", "--no-input", "-v", "0"],
                env=env,
                check=True,
            )
        out = subprocess.run(
            [sys.executable, "-c", RSS.format(root=str(ROOT), worker=worker)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        print(f"- {name}: {int(out[-1]) / 1024:.0f} MiB (target for web < 1024 MiB)")
    print()


def page(db: str) -> None:
    env = dict(os.environ)
    if db == "postgres":
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/notalone_bench_safety"
        for sql, check in (
            ("DROP DATABASE IF EXISTS notalone_bench_safety", False),
            ("CREATE DATABASE notalone_bench_safety", True),
        ):
            psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql]
            subprocess.run(psql, check=check, capture_output=True)
    else:
        env["NOTALONE_DATA_DIR"] = tempfile.mkdtemp(prefix="notalone-bench-page-")
        env.pop("DATABASE_URL", None)
    env["NOTALONE_SAFETY_MODELS"] = "off"  # the page reads rows only; no model is involved
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "--page-worker"],
        env=env,
        capture_output=True,
        text=True,
    )
    print(out.stdout.strip() or out.stderr[-2000:])


def page_worker() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from notalone.accounts.models import User
    from notalone.stories.models import Story, StoryNeighbour

    setup_test_environment()
    call_command("migrate", verbosity=0)
    authors = [User.objects.create_user(f"bench-author-{i}", "x" * 20) for i in range(20)]
    reader = User.objects.create_user("bench-reader", "x" * 20)
    Story.objects.bulk_create(
        Story(
            author=authors[i % 20],
            title=f"Story {i}",
            body=SENTENCES[i % 8],
            body_html=SENTENCES[i % 8],
        )
        for i in range(2000)
    )
    stories = list(Story.objects.order_by("pk"))
    rows = [
        StoryNeighbour(story=s, neighbour=stories[(i + k + 1) % len(stories)], rank=k, score=0.9)
        for i, s in enumerate(stories)
        for k in range(10)
    ]
    StoryNeighbour.objects.bulk_create(rows, batch_size=2000)
    client = Client()
    client.force_login(reader)
    target = stories[1000]
    url = f"/stories/{target.public_id}/"
    assert "like yours" in client.get(url).content.decode()
    from django.db import connection

    queries: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        client.get(url)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx(
            "for _ in range(100): client.get(url)", globals(), locals(), os.environ["BENCH_PROFILE"]
        )
        for sql in queries:
            print(sql[:300])
    took, cpu_took = [], []
    for _ in range(200):
        t, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        took.append(time.perf_counter() - t)
        cpu_took.append(time.process_time() - cpu)
    from notalone.stories import similar

    list_took, list_cpu = [], []
    for _ in range(200):
        t, cpu = time.perf_counter(), time.process_time()
        found = list(similar.neighbours_for(viewer=reader, story=target))
        list_took.append(time.perf_counter() - t)
        list_cpu.append(time.process_time() - cpu)
    assert len(found) == similar.SHOWN
    print(
        f"- Its 'stories like yours' list alone (one query, {len(found)} stories): "
        f"{_ms(list_took)} wall, CPU {statistics.median(list_cpu) * 1000:.2f} ms median"
    )
    print(
        f"- Story page with its list ({connection.vendor}, 2,000 stories, 10 neighbours each): "
        f"{_ms(took)} wall, CPU of the Django process {statistics.median(cpu_took) * 1000:.1f} ms "
        f"median, {len(queries)} queries (target < 20 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--page-worker", action="store_true")
    parser.add_argument("--only", choices=("index", "exact", "page", "speed", "accuracy"))
    parser.add_argument("--dtype", default="f16", choices=("f16", "i8", "f32"))
    args = parser.parse_args()
    if args.page_worker:
        page_worker()
        return
    if args.only == "index":
        index(args.vectors, args.dtype)
        return
    if args.only == "exact":
        exact(args.vectors)
        return
    if args.only == "page":
        page("sqlite")
        page("postgres")
        return
    import django

    django.setup()
    if not args.skip_accuracy:
        accuracy()
    if args.only == "accuracy":
        return
    speed()
    print("### Story page\n")
    page("sqlite")
    page("postgres")
    print()
    memory()
    if not args.skip_index:
        index(args.vectors, args.dtype)


if __name__ == "__main__":
    main()
