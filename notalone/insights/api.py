"""``/api/v1/insights``: the statistics releases, as open data (released values only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema

from notalone.core.api import errors
from notalone.insights import selectors
from notalone.insights.models import Release

router = Router(tags=["insights"])


class MeasureOut(Schema):
    measure: str
    epsilon: float
    sensitivity: int
    scale: float
    # The smallest noisy count this measure publishes (smaller ones are null).
    threshold: int


class ReleaseOut(Schema):
    period: str
    edition: int
    url: str
    csv_url: str
    json_url: str
    published_at: datetime.datetime
    mechanism: str
    epsilon: float
    delta: float
    unit_of_privacy: str
    stories_per_author: int
    reactions_per_member: int
    hashtags_per_story: int
    # The operator's floor; each measure's own threshold (at least this) is in ``measures``.
    suppression_threshold: int
    opendp_version: str
    measures: list[MeasureOut]


class ValueOut(Schema):
    measure: str
    key: str
    # None: hidden, the noisy count was below the measure's suppression threshold.
    value: int | None


class ReleaseDocument(ReleaseOut):
    values: list[ValueOut]


class BudgetOut(Schema):
    period: str
    epsilon_total: float
    epsilon_spent: float


# Anything else is answered 404, like a release that was never made.
PeriodPath: Any = Path(..., description="a month, YYYY-MM")  # type: ignore[type-arg]
EditionPath: Any = Path(..., description="the release's edition for that month: 1, 2, …")  # type: ignore[type-arg]


@router.get(
    "/releases", response=list[ReleaseOut], summary="Every statistics release (newest first)"
)
def list_releases(request: HttpRequest) -> list[dict[str, Any]]:
    return [selectors.release_metadata(r) for r in selectors.releases()]


@router.get(
    "/releases/{period}/{edition}",
    response={200: ReleaseDocument, **errors(404)},
    summary="One release: its method, parameters and every released value",
)
def get_release(
    request: HttpRequest, period: str = PeriodPath, edition: str = EditionPath
) -> dict[str, Any]:
    try:
        release = selectors.release_for(period=period, edition=edition)
    except Release.DoesNotExist:
        raise Http404 from None
    return selectors.release_document(release)


@router.get("/budget", response=list[BudgetOut], summary="The privacy budget of each month")
def list_budgets(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"period": b.period, "epsilon_total": b.epsilon_total, "epsilon_spent": b.epsilon_spent}
        for b in selectors.budgets()
    ]
