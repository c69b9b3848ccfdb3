"""Reading releases (never the facts): their metadata, their values, CSV and JSON."""

from __future__ import annotations

import io
import re
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from notalone.core.csvcells import write_csv
from notalone.insights.models import PrivacyBudget, Release
from notalone.insights.parameters import MEASURES
from notalone.insights.periods import ReleaseRefused, parse_period

UNIT_OF_PRIVACY = "one person (the author of stories; the member saying “me too”)"
CSV_COLUMNS = (
    "period",
    "edition",
    "published_at",
    "mechanism",
    "epsilon",
    "delta",
    "suppression_threshold",
    "measure",
    "key",
    "value",
)


def releases() -> QuerySet[Release]:
    return Release.objects.order_by("-period", "-edition")


# An edition as the addresses write it: ASCII digits, at most four (the URL patterns' rule).
EDITION = re.compile(r"[0-9]{1,4}")


def release_for(*, period: str, edition: str) -> Release:
    """One release, from its address's month and edition; ``Release.DoesNotExist`` for
    anything else (a malformed period or edition too: never a number too large to read)."""
    try:
        period = parse_period(period)
    except ReleaseRefused:
        raise Release.DoesNotExist from None
    if not EDITION.fullmatch(edition):
        raise Release.DoesNotExist
    return Release.objects.get(period=period, edition=int(edition))


def budgets() -> QuerySet[PrivacyBudget]:
    return PrivacyBudget.objects.order_by("-period")


def spent_budgets(epsilon_per_release: float) -> list[PrivacyBudget]:
    """The periods whose budget cannot pay for one more release."""
    return [b for b in budgets() if b.epsilon_left < epsilon_per_release * (1 - 1e-9)]


def release_urls(release: Release) -> dict[str, str]:
    args = (release.period, release.edition)
    return {
        "url": reverse("insights:release", args=args),
        "csv_url": reverse("insights:release_csv", args=args),
        "json_url": reverse("insights:release_json", args=args),
    }


def release_metadata(release: Release) -> dict[str, Any]:
    return {
        "period": release.period,
        "edition": release.edition,
        **release_urls(release),
        "published_at": release.published_at.replace(microsecond=0),
        "mechanism": release.mechanism,
        "epsilon": release.epsilon,
        "delta": release.delta,
        "unit_of_privacy": UNIT_OF_PRIVACY,
        "stories_per_author": release.stories_per_author,
        "reactions_per_member": release.reactions_per_member,
        "hashtags_per_story": release.hashtags_per_story,
        "suppression_threshold": release.suppression_threshold,
        "opendp_version": release.opendp_version,
        # Each measure's threshold (releases made before thresholds were calibrated per
        # measure had one, the release's).
        "measures": [
            {"measure": m, "threshold": release.suppression_threshold, **release.measures[m]}
            for m in MEASURES
        ],
    }


def lowest_threshold(release: Release) -> int:
    """The smallest of the release's per-measure thresholds."""
    return min(
        (m.get("threshold", release.suppression_threshold) for m in release.measures.values()),
        default=release.suppression_threshold,
    )


def release_values(release: Release) -> list[dict[str, Any]]:
    order = {m: i for i, m in enumerate(MEASURES)}
    rows = [
        {"measure": measure, "key": key, "value": value}
        for measure, key, value in release.values.values_list("measure", "key", "value")
    ]
    return sorted(rows, key=lambda r: (order[r["measure"]], r["key"]))


def release_document(release: Release) -> dict[str, Any]:
    """A release as its JSON download and the API give it: metadata and every value (null:
    suppressed, below the threshold)."""
    return {**release_metadata(release), "values": release_values(release)}


def release_csv(release: Release) -> str:
    out = io.StringIO()
    common = {
        "period": release.period,
        "edition": str(release.edition),
        "published_at": release.published_at.replace(microsecond=0).isoformat(),
        "mechanism": release.mechanism,
        "epsilon": f"{release.epsilon:g}",
        "delta": f"{release.delta:g}",
    }
    thresholds = {m["measure"]: str(m["threshold"]) for m in release_metadata(release)["measures"]}
    write_csv(
        out,
        CSV_COLUMNS,
        (
            {
                **common,
                "suppression_threshold": thresholds[row["measure"]],
                "measure": row["measure"],
                "key": row["key"],
                "value": "" if row["value"] is None else str(row["value"]),
            }
            for row in release_values(release)
        ),
    )
    return out.getvalue()
