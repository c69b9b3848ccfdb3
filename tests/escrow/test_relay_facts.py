"""The guardians' public facts (issue 10 review 7): asked at the same time, each with a short
timeout, and cached per guardian, failures too, so a hanging guardian does not stall pages."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from notalone.escrow import relay
from notalone.escrow.setup import EscrowSetup


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def _setup(urls: tuple[str, ...]) -> EscrowSetup:
    return EscrowSetup(
        realm=bytes(16),
        q=2,
        t=2,
        n=len(urls),
        public_shares=(),
        counselor_public_key=bytes(32),
        demo=False,
        guardian_urls=urls,
    )


def test_hanging_guardians_cost_one_short_timeout_then_nothing(hanging_url: str) -> None:
    relay._facts_cache.clear()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused_url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    setup = _setup((hanging_url + "/a", hanging_url + "/b", hanging_url + "/c", refused_url))
    started = time.monotonic()
    facts = relay.guardian_facts(setup)
    first = time.monotonic() - started
    assert [fact["down"] for fact in facts] == [True] * 4
    # Three hanging guardians are asked at once: one timeout, not three.
    assert first < 2.5 * relay.FACTS_TIMEOUT_SECONDS
    started = time.monotonic()
    assert relay.guardian_facts(setup) == facts
    assert time.monotonic() - started < 0.1  # the failure is cached
    relay._facts_cache.clear()
