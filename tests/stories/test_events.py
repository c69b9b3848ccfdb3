"""Story events: written with the change (an outbox), delivered at least once, one job per
subscriber, handled idempotently; and what protects people never waits for a job."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from notalone.accounts.models import User
from notalone.moderation import services as moderation
from notalone.stories import events, search, services, tasks
from notalone.stories.models import (
    EventDelivery,
    EventKind,
    Hashtag,
    Story,
    StoryEvent,
    StoryHashtag,
)
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[tuple[str, int, int | None]]]:
    """A subscriber to every kind of event that notes what it was told."""
    calls: list[tuple[str, int, int | None]] = []
    events.subscribe(
        "test.listener",
        lambda event: calls.append((event.kind, event.story_pk, event.reply_pk)),
        kinds=EventKind.values,
    )
    yield calls
    events._subscribers.pop("test.listener")


def test_every_change_is_one_event_and_one_job_per_subscriber(
    alice: User, bob: User, mod: User, heard: list[tuple[str, int, int | None]]
) -> None:
    story = publish(alice, body="It happened at work.")
    services.story_edit(
        story=story, editor=alice, fields=services.StoryFields(body="It happened at work, twice.")
    )
    services.story_edit(
        story=story,
        editor=alice,
        fields=services.StoryFields(body="It happened at work, twice.", visibility="members"),
    )
    moderation.moderation_act(moderator=mod, action="hide", reason="Checking.", story=story)
    moderation.moderation_act(moderator=mod, action="restore", reason="Fine.", story=story)
    reply, _ = services.reply_post(story_id=story.public_id, author=bob, body="I believe you.")
    services.reply_hide_by_story_author(reply_id=reply.public_id, story_author=alice, hidden=True)
    services.reply_delete(reply_id=reply.public_id, actor=bob)
    story_pk = story.pk
    services.story_delete(story=story, actor=alice)

    assert heard == [
        ("story.created", story_pk, None),
        ("story.edited", story_pk, None),
        ("story.visibility", story_pk, None),
        ("story.hidden", story_pk, None),
        ("story.restored", story_pk, None),
        ("reply.created", story_pk, reply.pk),
        ("reply.hidden", story_pk, reply.pk),
        ("reply.deleted", story_pk, reply.pk),
        ("story.deleted", story_pk, None),
    ]
    for event in StoryEvent.objects.all():
        expected = sorted(s.name for s in events.subscribers_of(event.kind))
        delivered = sorted(event.deliveries.values_list("subscriber", flat=True))
        assert delivered == expected
        assert not event.deliveries.filter(done_at=None).exists()
        assert event.dispatched_at is not None


def test_sending_an_event_again_runs_no_job_twice(
    alice: User, heard: list[tuple[str, int, int | None]]
) -> None:
    publish(alice)
    event = StoryEvent.objects.get()
    tasks.fan_out(event.pk)
    tasks.fan_out(event.pk)
    for delivery in event.deliveries.all():
        tasks.deliver(delivery.pk)
    assert len(heard) == 1
    assert EventDelivery.objects.filter(event=event, subscriber="test.listener").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_slow_handler_thinks_outside_any_transaction_and_runs_once(alice: User) -> None:
    """A model reading the text inside the delivery's transaction held SQLite's one write
    lock for as long as it took (half a minute on a fresh install's first story), and every
    sign-up and log-in meanwhile answered 503. Subscribed with ``own_transactions``, the
    handler runs outside any transaction: others write while it thinks."""
    seen: list[bool] = []

    def slow(event: StoryEvent) -> None:
        seen.append(connection.in_atomic_block)
        # Another writer gets through while the handler is busy (it would wait for the lock
        # and fail after busy_timeout if the handler held a write transaction).
        User.objects.filter(pk=alice.pk).update(last_login=timezone.now())

    events.subscribe("test.slow", slow, kinds=[EventKind.STORY_CREATED], own_transactions=True)
    HUEY.immediate = False
    try:
        publish(alice)
        event = StoryEvent.objects.get()
        HUEY.immediate = True
        tasks.fan_out(event.pk)
        delivery = EventDelivery.objects.get(subscriber="test.slow")
        tasks.deliver(delivery.pk)  # again, as the sweeper might: nothing left to do
    finally:
        HUEY.immediate = True
        events._subscribers.pop("test.slow")
    assert seen == [False]
    delivery.refresh_from_db()
    assert delivery.done_at is not None
    assert delivery.attempts == 1


def test_a_handler_in_the_request_cannot_own_its_transactions() -> None:
    with pytest.raises(ValueError, match="request"):
        events.subscribe(
            "test.both",
            lambda event: None,
            kinds=["story.created"],
            in_request=True,
            own_transactions=True,
        )


def test_a_change_rolled_back_leaves_no_event(alice: User) -> None:
    with transaction.atomic():
        publish(alice)
        transaction.set_rollback(True)
    assert not StoryEvent.objects.exists()
    assert not Story.objects.exists()


def test_an_event_whose_job_was_lost_is_delivered_by_the_sweeper(
    alice: User, heard: list[tuple[str, int, int | None]]
) -> None:
    # As if the process died between the commit and the queue: the event row is all there is.
    HUEY.immediate = False
    story = publish(alice, body="Nothing is lost.")
    assert heard == []
    assert StoryEvent.objects.filter(dispatched_at=None).count() == 1
    HUEY.immediate = True
    tasks.sweep_outbox()  # too early: the job may still be on its way
    assert heard == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        tasks.sweep_outbox()
    assert heard == [("story.created", story.pk, None)]


def test_a_delivery_that_failed_is_tried_again_and_gives_up_in_the_end(alice: User) -> None:
    attempts: list[int] = []

    def failing(event: StoryEvent) -> None:
        attempts.append(event.pk)
        raise ValueError("the handler failed")

    events.subscribe("test.failing", failing, kinds=[EventKind.STORY_CREATED])
    try:
        publish(alice)
        delivery = EventDelivery.objects.get(subscriber="test.failing")
        assert delivery.done_at is None
        later = timezone.now()
        for _ in range(tasks.MAX_ATTEMPTS + 2):
            later += tasks.UNDELIVERED_AFTER + datetime.timedelta(seconds=1)
            with time_machine.travel(later):
                tasks.sweep_outbox()
        delivery.refresh_from_db()
        assert delivery.done_at is None
        assert delivery.attempts == tasks.MAX_ATTEMPTS
        # Huey retries a failed job itself too; the sweeper stops after MAX_ATTEMPTS.
        assert len(attempts) >= tasks.MAX_ATTEMPTS
    finally:
        events._subscribers.pop("test.failing")


def test_hashtag_counts_come_from_the_job_and_count_once(alice: User, mod: User) -> None:
    story = publish(alice, hashtags=["MeToo", "YoTambién"])
    tag = Hashtag.objects.get(key="metoo")
    assert tag.public_story_count == 1
    event = StoryEvent.objects.get()
    services.counts.reconcile_hashtag_counts(event)
    services.counts.reconcile_hashtag_counts(event)
    tag.refresh_from_db()
    assert tag.public_story_count == 1
    assert tag.days.get().story_count == 1
    moderation.moderation_act(moderator=mod, action="hide", reason="Checking.", story=story)
    tag.refresh_from_db()
    assert tag.public_story_count == 0
    services.story_edit(
        story=story, editor=alice, fields=services.StoryFields(body="x", hashtags=["Other"])
    )
    assert not StoryHashtag.objects.filter(story=story, hashtag=tag).exists()
    tag.refresh_from_db()
    assert tag.public_story_count == 0


def test_new_words_wait_for_the_job_but_removed_words_leave_at_once(alice: User) -> None:
    story = publish(alice, body="The lighthouse keeper.")
    found = Story.objects.filter(pk__in=_matching("lighthouse"))
    assert list(found) == [story]
    HUEY.immediate = False  # the worker is slow today
    services.story_edit(
        story=story, editor=alice, fields=services.StoryFields(body="The harbour keeper.")
    )
    assert _matching("lighthouse") == []  # the old words are gone before any job runs
    assert _matching("harbour") == []  # the new ones arrive with the job
    HUEY.immediate = True
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        tasks.sweep_outbox()
    assert _matching("harbour") == [story.pk]
    HUEY.immediate = False
    services.story_delete(story=story, actor=alice)
    assert _matching("harbour") == []


def _matching(word: str) -> list[int]:
    found = search.matching_ids_sql(word)
    assert found is not None
    with connection.cursor() as cursor:
        cursor.execute(*found)
        return [row[0] for row in cursor.fetchall()]


def _run(notalone: str, env: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [notalone, "shell", "--no-imports", "-c", code],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


@pytest.mark.slow
@pytest.mark.fault
def test_a_job_queued_while_the_worker_is_stopped_runs_when_it_starts(tmp_path: Path) -> None:
    """A real worker process, on a data directory of its own (SQLite and Huey's SQLite
    queue): jobs queued while no worker runs wait in the queue and run once it starts."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("NOTALONE_") and k != "DATABASE_URL"
    }
    env.update(NOTALONE_ENV="development", NOTALONE_DATA_DIR=str(tmp_path))
    notalone = str(Path(sys.executable).with_name("notalone"))
    subprocess.run([notalone, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=120)
    _run(
        notalone,
        env,
        "from notalone.accounts.models import User; from notalone.stories import services; "
        "u = User.objects.create_user('writer', 'a long and quiet morning'); "
        "services.story_publish(author=u, fields=services.StoryFields(body='Queued while asleep.'))",
    )

    def count_done() -> str:
        # Read the database file itself: a Django shell per poll cost a second and a half each.
        with closing(sqlite3.connect(tmp_path / "notalone.sqlite3", timeout=30)) as db:
            done, total = db.execute(
                "SELECT COUNT(done_at), COUNT(*) FROM stories_eventdelivery"
            ).fetchone()
        return f"{done} {total}"

    assert (
        _run(
            notalone,
            env,
            "from notalone.stories.models import StoryEvent; "
            "print(StoryEvent.objects.filter(dispatched_at=None).count())",
        )
        == "1"
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "run_huey", "--workers", "1"],
        # The queue is what is tested here, not the safety models (their own tests load them).
        env={**env, "DJANGO_SETTINGS_MODULE": "notalone.settings", "NOTALONE_SAFETY_MODELS": "off"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180  # a loaded machine loads the models slowly
        done = ""
        while time.monotonic() < deadline:
            done = count_done()
            total = int(done.split()[1])
            if total and done.split()[0] == done.split()[1]:
                break
            time.sleep(0.5)
        assert done.split()[0] == done.split()[1] != "0", done
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert (
        _run(
            notalone,
            env,
            "from notalone.stories.models import Story; from notalone.stories.search import filter_matching; "
            "print(filter_matching(Story.objects.all(), 'asleep').count())",
        )
        == "1"
    )
