"""CPU of the safety models on one new reply, in one process: the crisis cues, then the reply
guard, as the reply view and the worker call them (BENCHMARKS.md, issue 13, fifth pass).

    NOTALONE_ENV=development NOTALONE_DATA_DIR=$(mktemp -d) .venv/bin/python bench/reply_cost.py

Prints the median and the 90th percentile of CPU milliseconds per reply (``time.process_time``,
so the load of other processes matters less than for wall-clock time), after a warm-up that
loads the models; then the reply guard alone on texts it has not read (wall-clock and CPU
medians: the issue's "reply classification under 30 ms"). ``NOTALONE_TORCH_THREADS=2`` gives
each model two threads.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")

import django

django.setup()

from notalone import safety  # noqa: E402

REPLIES = [
    f"I believe you, and what happened at the office in week {i} was not your fault."
    for i in range(40)
] + [f"Why did you go to his flat on day {i}? You must have known." for i in range(40)]


def main() -> None:
    for text in REPLIES[:3]:
        safety.detect_crisis(text)
        safety.classify_reply(text)
    costs = []
    for text in REPLIES[3:]:
        start = time.process_time()
        safety.detect_crisis(text)
        safety.classify_reply(text)
        costs.append((time.process_time() - start) * 1000)
    p90 = sorted(costs)[int(len(costs) * 0.9)]
    print(
        f"crisis cues + reply guard, CPU ms per reply: median {statistics.median(costs):.1f}, "
        f"p90 {p90:.1f} ({len(costs)} replies)"
    )
    # The guard alone on replies no detector has read yet (no shared e5 row): the issue's
    # "reply classification", as wall-clock latency and CPU.
    walls, cpus = [], []
    for text in REPLIES[3:]:
        fresh = text + " (again)"
        wall, cpu = time.perf_counter(), time.process_time()
        safety.classify_reply(fresh)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    print(
        f"reply guard alone, new text: wall ms median {statistics.median(walls):.1f}, "
        f"CPU ms median {statistics.median(cpus):.1f} "
        f"(NOTALONE_TORCH_THREADS={os.environ.get('NOTALONE_TORCH_THREADS', '1')})"
    )


if __name__ == "__main__":
    main()
