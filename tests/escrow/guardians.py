"""Real guardian processes (gunicorn) on 127.0.0.1 for tests and benchmarks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from notalone.escrow.setup import write_dealing

TOKEN = "test-platform-token-0123456789abcdef0123456789"


@dataclass
class Guardians:
    directory: Path
    urls: list[str]
    processes: list[subprocess.Popen[bytes]]
    logs: list[Path]
    arguments: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    def stop(self, index: int) -> None:
        process = self.processes[index - 1]
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=20)

    def start(self, index: int, port: int = 0) -> str:
        """Start guardian ``index`` (again: a restart keeps its data directory); its URL."""
        log = self.directory / f"guardian-{index}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "notalone.escrow.guardian",
                "serve",
                "--share",
                str(self.directory / f"guardian-{index}.json"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *self.arguments,
            ],
            stdout=subprocess.PIPE,
            stderr=log.open("ab"),
            env=self.env,
        )
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        serving = re.search(r"serving on port (\d+)", line)
        assert serving, line
        url = f"http://127.0.0.1:{serving[1]}"
        if index <= len(self.processes):
            self.processes[index - 1] = process
            self.urls[index - 1] = url
        else:
            self.processes.append(process)
            self.logs.append(log)
            self.urls.append(url)
        return url

    def restart(self, index: int) -> None:
        """Stop guardian ``index`` and start it again on the same port, with the same files."""
        port = int(self.urls[index - 1].rsplit(":", 1)[1])
        self.stop(index)
        self.start(index, port)


@contextmanager
def running_guardians(
    directory: Path,
    *,
    t: int = 2,
    n: int = 3,
    quorum: int = 2,
    per_account: int = 1000,
    per_hour: int = 100_000,
    per_day: int = 100_000,
    token: str = TOKEN,
    extra: Sequence[str] = (),
) -> Iterator[Guardians]:
    write_dealing(directory, t=t, n=n, quorum=quorum)
    env = dict(os.environ, NOTALONE_ESCROW_GUARDIAN_TOKEN=token)
    env.pop("NOTALONE_ESCROW_GUARDIAN_TOKEN_FILE", None)
    arguments = [
        "--per-account",
        str(per_account),
        "--per-hour",
        str(per_hour),
        "--per-day",
        str(per_day),
        *extra,
    ]
    guardians = Guardians(directory, [], [], [], arguments, env)
    try:
        for index in range(1, n + 1):
            guardians.start(index)
        yield guardians
    finally:
        for index in range(1, len(guardians.processes) + 1):
            guardians.stop(index)
