"""Rate limits live in the SQL database: a cache flush, a flood of new cache keys or a new
process resets none of them, concurrent hits are all counted, and rows hold no key in clear."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from notalone.core import ratelimit
from notalone.core.models import Backoff, RateCounter
from notalone.core.ratelimit import BackoffPolicy

pytestmark = pytest.mark.django_db

POLICY = BackoffPolicy(free=3, first_wait=30, longest_wait=900, forget_after=3600)


def test_it_keeps_counting_after_the_cache_is_emptied() -> None:
    for _ in range(3):
        assert ratelimit.hit("test", "someone", limit=3, window_seconds=3600)
    cache.clear()
    assert not ratelimit.hit("test", "someone", limit=3, window_seconds=3600)


def test_it_counts_scopes_and_keys_apart() -> None:
    assert ratelimit.hit("test", "someone", limit=1, window_seconds=3600)
    assert ratelimit.hit("test", "someone else", limit=1, window_seconds=3600)
    assert ratelimit.hit("other", "someone", limit=1, window_seconds=3600)
    assert not ratelimit.hit("test", "someone", limit=1, window_seconds=3600)


def test_a_refund_gives_one_back_and_a_new_window_starts_afresh() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert ratelimit.hit("test", "k", limit=1, window_seconds=60)
        ratelimit.refund("test", "k", window_seconds=60)
        assert ratelimit.hit("test", "k", limit=1, window_seconds=60)
        assert not ratelimit.hit("test", "k", limit=1, window_seconds=60)
        clock.shift(datetime.timedelta(seconds=61))
        assert ratelimit.hit("test", "k", limit=1, window_seconds=60)


def test_rows_hold_no_key_in_clear_and_are_purged_after_their_window() -> None:
    ratelimit.hit("test", "a-username", limit=5, window_seconds=60)
    ratelimit.backoff_claim("test", "a-username", policy=POLICY)
    stored = repr(list(RateCounter.objects.values())) + repr(list(Backoff.objects.values()))
    assert "a-username" not in stored
    assert ratelimit.purge_expired() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert ratelimit.purge_expired() == 2
    assert not RateCounter.objects.exists()
    assert not Backoff.objects.exists()


def test_back_off_doubles_each_wait_up_to_the_longest() -> None:
    assert [POLICY.wait_after(n) for n in range(1, 10)] == [0, 0, 30, 60, 120, 240, 480, 900, 900]


def test_it_lets_the_free_failures_through_then_makes_the_next_try_wait() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert ratelimit.backoff_claim("test", "name", policy=POLICY) == 0
        assert ratelimit.backoff_claim("test", "name", policy=POLICY) == 30
        # Knocking while paused counts nothing, so it never makes the pause longer.
        for _ in range(50):
            ratelimit.backoff_claim("test", "name", policy=POLICY)
        clock.shift(datetime.timedelta(seconds=30))
        assert ratelimit.backoff_claim("test", "name", policy=POLICY) == 0
        assert ratelimit.backoff_claim("test", "name", policy=POLICY) == 60


def test_a_success_clears_the_back_off_and_an_hour_of_quiet_forgets_it() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            ratelimit.backoff_claim("test", "name", policy=POLICY)
        ratelimit.backoff_clear("test", "name")
        assert ratelimit.backoff_claim("test", "name", policy=POLICY) == 0
        for _ in range(2):
            ratelimit.backoff_claim("test", "name", policy=POLICY)
        clock.shift(datetime.timedelta(seconds=30 + 3600 + 1))
        assert Backoff.objects.get().failures == 3
        for _ in range(3):
            assert ratelimit.backoff_claim("test", "name", policy=POLICY) == 0


def _in_threads(count: int, work: object) -> list[object]:
    results: list[object] = []
    barrier = threading.Barrier(count)

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())  # type: ignore[operator]
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted() -> None:
    results = _in_threads(8, lambda: ratelimit.hit("race", "k", limit=5, window_seconds=3600))
    assert sorted(results) == [False] * 3 + [True] * 5  # type: ignore[type-var]
    assert RateCounter.objects.get().hits == 8


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_concurrent_guesses_gets_no_more_than_the_free_ones() -> None:
    results = _in_threads(8, lambda: ratelimit.backoff_claim("race", "name", policy=POLICY))
    assert results.count(0) == POLICY.free
    assert Backoff.objects.get().failures == POLICY.free
