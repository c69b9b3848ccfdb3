"""The demo data of a fresh install (``notalone demo``, run by ``make run``)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from huey.contrib.djhuey import HUEY

from notalone.stories import search
from notalone.stories.models import Hashtag, Story

pytestmark = pytest.mark.django_db


def test_demo_stories_can_be_searched_and_counted_before_the_worker_runs() -> None:
    """The worker reads every new story with its models first; on a fresh install the demo's
    300 stories were not found by search, nor their hashtags counted, for minutes."""
    HUEY.immediate = False  # as under `notalone serve`: jobs wait for the worker
    try:
        call_command("demo", stdout=StringIO())
    finally:
        HUEY.immediate = True
    public = Story.objects.filter(listed=True)
    assert public.count() > 100
    assert search.filter_matching(public, "MeToo").exists()
    assert Hashtag.objects.get(key="metoo").public_story_count > 100
