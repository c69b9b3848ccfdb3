"""Story events: an outbox, delivered at least once to background jobs.

A service that changes a story or a reply calls ``record`` in its own transaction, so the
event row commits (or rolls back) with the change: a crash between the commit and the job
queue loses nothing. After the commit, one job (``tasks.fan_out``) gives each subscriber of
that kind of event its own delivery row and its own job (``tasks.deliver``), which runs the
subscriber's handler once and marks the delivery done. A sweeper (``tasks.sweep_outbox``,
every minute) queues again what a crash or a lost job left behind, so a handler can run more
than once and must be idempotent: it reads the story as it is now and makes the world agree.

Subscribers register in their app's ``ready()``:

    events.subscribe("search.index", handler, kinds=(EventKind.STORY_CREATED, ...))

A handler takes the ``StoryEvent`` and returns nothing; an exception makes Huey retry it.
It runs inside the delivery's transaction, unless it is subscribed with
``own_transactions=True``: then it runs outside any transaction and wraps its own writes in
short ones. Handlers that do slow reading work (a model reading the text) must be subscribed
that way, so that the slow part never holds the database's write lock: SQLite has one lock
for the whole file, and a model loading for half a minute inside a transaction turned every
sign-up and log-in of a fresh install into a 503.

What protects people never waits for a job: page-cache invalidation, hiding, deleting, making
private, blocking, taking text out of the search index, and the author seeing their change all
happen in the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import OperationalError, transaction

from notalone.stories.models import EventKind, StoryEvent

Handler = Callable[[StoryEvent], None]


@dataclass(frozen=True)
class Subscriber:
    name: str
    handler: Handler
    kinds: frozenset[str]
    in_request: bool = False
    own_transactions: bool = False


_subscribers: dict[str, Subscriber] = {}


def subscribe(
    name: str,
    handler: Handler,
    *,
    kinds: Iterable[str],
    in_request: bool = False,
    own_transactions: bool = False,
) -> None:
    """Run ``handler`` in the background for every event of these kinds (at least once).

    ``in_request=True`` also runs it in the transaction that makes the change, for work that
    protects people and so never waits for a job (a story taken out of the statistics by its
    author); the background delivery still follows and must find nothing left to do.
    ``own_transactions=True`` runs the background delivery outside a transaction: the
    handler reads and thinks first, then writes in short transactions of its own (for slow
    work such as a model; see the module's docstring). Not with ``in_request``."""
    unknown = set(kinds) - set(EventKind.values)
    if unknown:
        raise ValueError(f"unknown event kinds: {sorted(unknown)}")
    if in_request and own_transactions:
        raise ValueError("a handler run in the request runs in the request's transaction")
    _subscribers[name] = Subscriber(
        name=name,
        handler=handler,
        kinds=frozenset(kinds),
        in_request=in_request,
        own_transactions=own_transactions,
    )


def subscribers() -> dict[str, Subscriber]:
    return dict(_subscribers)


def subscribers_of(kind: str) -> list[Subscriber]:
    return [s for s in _subscribers.values() if kind in s.kinds]


def record(kind: EventKind, *, story_pk: int, reply_pk: int | None = None) -> StoryEvent:
    """Write the event in the caller's transaction (after the change: a deletion is recorded
    once the rows are gone); its jobs are queued once the transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record() belongs inside the transaction that makes the change")
    event = StoryEvent.objects.create(kind=kind, story_pk=story_pk, reply_pk=reply_pk)
    for subscriber in subscribers_of(kind):
        if subscriber.in_request:
            subscriber.handler(event)
    from notalone.stories import tasks

    if tasks.runs_immediately():
        # Huey's immediate mode (tests, NOTALONE_JOBS_IMMEDIATE): the jobs run here and now,
        # inside the transaction, so they see the change they are about.
        tasks.fan_out(event.pk)
        _refuse_a_doomed_transaction()
    else:
        transaction.on_commit(lambda: tasks.fan_out(event.pk), robust=True)
    return event


def _refuse_a_doomed_transaction() -> None:
    """Huey keeps an inline job's exception to itself (it logs it, for a retry). A job whose
    database connection died (PostgreSQL restarting) leaves the caller's transaction unable to
    commit: its connection is gone, or marked for rollback. Going on, the service would report
    its change as made and Django would roll it back on the way out without a word (a story
    "shared", then not found). Raise instead: the request answers 503, and nothing was kept."""
    connection = transaction.get_connection()
    if connection.needs_rollback or connection.closed_in_transaction or not connection.is_usable():
        raise OperationalError("An inline job lost the database connection; nothing was kept.")
