"""Where the time went, from py-spy's raw (collapsed) stacks.

    python bench/spy_summary.py DIR/stories-*.txt [--top 25] [--match notalone,django]

Each line of a raw file is ``frame;frame;...;frame count``. Prints, for the --top functions
(``function (file)``) that appear in the most samples, the share of samples whose stack holds
them at least once (inclusive time), counting only frames whose file contains one of --match.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# py-spy's frame: "function (path/to/file.py:line)"; the line number is dropped to merge calls.
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^:()]+)(?::\d+)?\)$")


def summary(files: list[Path], match: tuple[str, ...], top: int) -> list[tuple[str, float]]:
    total = 0
    inclusive: Counter[str] = Counter()
    for path in files:
        for line in path.read_text().splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not count_text.isdigit():
                continue
            count = int(count_text)
            total += count
            seen = set()
            for frame in stack.split(";"):
                found = _FRAME.match(frame.strip())
                if found is None:
                    continue
                file = found["file"]
                if match and not any(part in file for part in match):
                    continue
                short = file.split("site-packages/")[-1].split("/work/")[-1]
                seen.add(f"{found['function']} ({short})")
            inclusive.update(dict.fromkeys(seen, count))
    return [(name, count * 100 / max(1, total)) for name, count in inclusive.most_common(top)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="comma-separated parts of file paths")
    args = parser.parse_args()
    match = tuple(part for part in args.match.split(",") if part)
    for name, share in summary(args.files, match, args.top):
        print(f"{share:5.1f}%  {name}")


if __name__ == "__main__":
    main()
