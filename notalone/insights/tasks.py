"""The scheduled release job (Huey): every day, release each month that has ended."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from notalone.insights.release import release_closed_periods

Task = TypeVar("Task", bound=Callable[..., Any])


def _daily() -> Callable[[Task], Task]:
    # Early in the day (UTC), so a month is released within a day of its end.
    return cast(Callable[[Task], Task], db_periodic_task(crontab(hour="2", minute="17")))


@_daily()
def release_statistics() -> None:
    """Release every ended month that has no release yet (nothing if all are released)."""
    release_closed_periods()
