"""Background jobs that deliver story events (see ``stories.events``).

Huey keeps queued jobs in its own store (SQLite in the data directory by default, Redis when
``REDIS_URL`` is set), so a job queued while the worker is stopped runs when it starts again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from notalone.stories import events
from notalone.stories.models import EventDelivery, StoryEvent

Task = TypeVar("Task", bound=Callable[..., Any])


def _task(**options: Any) -> Callable[[Task], Task]:
    """Huey's ``db_task``, typed: the decorated function keeps its signature."""
    return cast(Callable[[Task], Task], db_task(**options))


def _every_minute() -> Callable[[Task], Task]:
    return cast(Callable[[Task], Task], db_periodic_task(crontab(minute="*")))


logger = logging.getLogger(__name__)

# An event not handed to its subscribers this long after it was written lost its job (a
# crash between the commit and the queue, or a queue that was down): the sweeper sends it.
UNDISPATCHED_AFTER = datetime.timedelta(seconds=30)
# A delivery not done this long after it was queued lost its job, or its worker died.
UNDELIVERED_AFTER = datetime.timedelta(minutes=5)
# A handler that failed this many times is left for an operator (logged, never retried).
MAX_ATTEMPTS = 10
# Delivered events are kept this long, then removed.
KEEP_EVENTS = datetime.timedelta(days=7)


def runs_immediately() -> bool:
    return bool(HUEY.immediate)


@_task(retries=3, retry_delay=10)
def fan_out(event_id: int) -> None:
    """Give each subscriber of the event one delivery row and one job (once, however often
    this runs)."""
    event = StoryEvent.objects.filter(pk=event_id).first()
    if event is None:
        return  # its transaction rolled back, or it was delivered and removed
    for subscriber in events.subscribers_of(event.kind):
        delivery, created = EventDelivery.objects.get_or_create(
            event=event, subscriber=subscriber.name
        )
        if created:
            deliver(delivery.pk)
    StoryEvent.objects.filter(pk=event.pk, dispatched_at=None).update(dispatched_at=timezone.now())


@_task(retries=5, retry_delay=30)
def deliver(delivery_id: int) -> None:
    """Run one subscriber's handler for one event, unless it already ran to the end."""
    # Counted outside the handler's transaction, so that failures count too.
    EventDelivery.objects.filter(pk=delivery_id, done_at=None).update(attempts=F("attempts") + 1)
    pending = (
        EventDelivery.objects.select_related("event").filter(pk=delivery_id, done_at=None).first()
    )
    if pending is None:
        return
    subscriber = events.subscribers().get(pending.subscriber)
    if subscriber is not None and subscriber.own_transactions:
        # Slow work (a model) holds no lock while it thinks; the handler is idempotent and
        # makes its writes in short transactions of its own. A second run, from the sweeper,
        # finds nothing left to do.
        subscriber.handler(pending.event)
        EventDelivery.objects.filter(pk=delivery_id, done_at=None).update(done_at=timezone.now())
        return
    with transaction.atomic():
        delivery = (
            EventDelivery.objects.select_for_update()
            .select_related("event")
            .filter(pk=delivery_id, done_at=None)
            .first()
        )
        if delivery is None:
            return
        subscriber = events.subscribers().get(delivery.subscriber)
        if subscriber is not None:
            subscriber.handler(delivery.event)
        else:
            logger.warning("No subscriber %r any more; delivery closed.", delivery.subscriber)
        delivery.done_at = timezone.now()
        delivery.save(update_fields=("done_at",))


@_every_minute()
def sweep_outbox() -> None:
    """At-least-once delivery: queue again what was lost; remove what is long done."""
    now = timezone.now()
    for event_id in StoryEvent.objects.filter(
        dispatched_at=None, created_at__lt=now - UNDISPATCHED_AFTER
    ).values_list("pk", flat=True)[:1000]:
        fan_out(event_id)
    stale = EventDelivery.objects.filter(done_at=None, queued_at__lt=now - UNDELIVERED_AFTER)
    for delivery_id, attempts, subscriber in stale.values_list("pk", "attempts", "subscriber")[
        :1000
    ]:
        if attempts >= MAX_ATTEMPTS:
            logger.error(
                "Delivery %s to %s failed %s times; it is left for an operator.",
                delivery_id,
                subscriber,
                attempts,
            )
            continue
        EventDelivery.objects.filter(pk=delivery_id).update(queued_at=now)
        deliver(delivery_id)
    undone = EventDelivery.objects.filter(done_at=None).values("event_id")
    StoryEvent.objects.filter(created_at__lt=now - KEEP_EVENTS).exclude(dispatched_at=None).exclude(
        pk__in=undone
    ).delete()
