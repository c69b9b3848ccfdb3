"""Real guardian processes on 127.0.0.1 for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from notalone.escrow.setup import write_dealing

TOKEN = "test-platform-token-0123456789abcdef0123456789"


@dataclass
class Guardians:
    directory: Path
    urls: list[str]
    processes: list[subprocess.Popen[bytes]]
    logs: list[Path]

    def stop(self, index: int) -> None:
        process = self.processes[index - 1]
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


@contextmanager
def running_guardians(
    directory: Path,
    *,
    t: int = 2,
    n: int = 3,
    quorum: int = 2,
    per_account: int = 1000,
    token: str = TOKEN,
) -> Iterator[Guardians]:
    write_dealing(directory, t=t, n=n, quorum=quorum)
    env = dict(os.environ, NOTALONE_ESCROW_GUARDIAN_TOKEN=token)
    env.pop("NOTALONE_ESCROW_GUARDIAN_TOKEN_FILE", None)
    guardians = Guardians(directory, [], [], [])
    try:
        for index in range(1, n + 1):
            log = directory / f"guardian-{index}.log"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "notalone.escrow.guardian",
                    "serve",
                    "--share",
                    str(directory / f"guardian-{index}.json"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--per-account",
                    str(per_account),
                ],
                stdout=subprocess.PIPE,
                stderr=log.open("wb"),
                env=env,
            )
            guardians.processes.append(process)
            guardians.logs.append(log)
            assert process.stdout is not None
            line = process.stdout.readline().decode()
            assert "serving on" in line, line
            guardians.urls.append(line.rsplit(" ", 1)[-1].strip().rstrip("/"))
        yield guardians
    finally:
        for index in range(1, len(guardians.processes) + 1):
            guardians.stop(index)
