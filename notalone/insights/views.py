"""The public statistics pages: the dashboard, the list of releases, one release and its
downloads. Every number comes from the release tables (``DashboardSnapshot`` for the
dashboard, one query): nothing here reads a story."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from notalone.core.pagecache import cache_anonymous_page
from notalone.insights import present, selectors
from notalone.insights.models import Release
from notalone.insights.snapshot import current_snapshot, snapshot_time


def _chart(
    name: str, title: str, spec: dict[str, Any], rows: list[present.Row], summary: str
) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "spec_id": f"spec-{name}",
        "spec": spec,
        "rows": rows,
        "summary": summary,
    }


def _dashboard_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    totals = snapshot["totals"]
    charts = []
    for measure, title in (
        ("what", _("What happened")),
        ("where", _("Where it happened")),
        ("who", _("Who it was")),
    ):
        rows = present.rows_of(measure, totals[measure])
        charts.append(
            _chart(
                measure,
                title,
                present.bar_spec(rows, title),
                rows,
                present.summary_of([r for r in rows if r.key]),
            )
        )
    crossings = present.rows_of("where_who", totals["where_who"])
    countries = present.rows_of("country", totals["country"])
    languages = present.rows_of("language", totals["language"])
    hashtags = present.rows_of("hashtag", totals["hashtag"])
    timeline = snapshot["timeline"]
    epsilon = settings.INSIGHTS_EPSILON_PER_RELEASE
    # Only a month for which a release was refused for its budget is called spent: with the
    # defaults every month spends its whole budget on its one release, which refuses nothing.
    spent = [
        b
        for b in snapshot["budgets"]
        if b.get("refused") and b["total"] - b["spent"] < epsilon * (1 - 1e-9)
    ]
    return {
        "timeline": timeline,
        "timeline_spec": present.timeline_spec(timeline),
        "charts": charts,
        "crossings": crossings,
        "crossings_spec": present.heatmap_spec(totals["where_who"]),
        "crossings_summary": present.summary_of(crossings),
        "countries": countries,
        "countries_known": [r for r in countries if r.value is not None],
        "countries_summary": present.summary_of([r for r in countries if r.key]),
        "map_spec": present.map_spec(countries),
        "languages": [r for r in languages if r.value is not None],
        "languages_summary": present.summary_of([r for r in languages if r.key]),
        "hashtags": hashtags,
        "hashtags_spec": present.bar_spec(hashtags, _("Listed hashtags")),
        "hashtags_summary": present.summary_of(hashtags),
        "spent_periods": [b["period"] for b in spent],
        "updated_at": snapshot["updated_at"],
        "releases": snapshot["releases"],
    }


def _dashboard_body(updated_at: datetime.datetime) -> str:
    """The dashboard's data part, rendered once per release and language (djangoproject.com's
    dashboard: precomputed numbers, one query and a cache key)."""
    key = f"insights:dashboard:{updated_at.isoformat()}:{get_language()}:{settings.INSIGHTS_EPSILON_PER_RELEASE}"
    body = cache.get(key)
    if body is None:
        snapshot = current_snapshot()
        context = _dashboard_context(snapshot)
        context["specs"] = [
            ("spec-timeline", context["timeline_spec"]),
            *((c["spec_id"], c["spec"]) for c in context["charts"]),
            ("spec-crossings", context["crossings_spec"]),
            ("spec-map", context["map_spec"]),
            ("spec-hashtags", context["hashtags_spec"]),
        ]
        body = render_to_string("insights/_dashboard_body.html", context)
        cache.set(key, body, timeout=24 * 3600)
    return str(body)


@require_safe
@cache_anonymous_page
def dashboard(request: HttpRequest) -> HttpResponse:
    updated_at = snapshot_time()
    body = mark_safe(_dashboard_body(updated_at)) if updated_at else ""  # noqa: S308 (our own template)
    return render(request, "insights/dashboard.html", {"body": body})


@require_safe
def release_list(request: HttpRequest) -> HttpResponse:
    items = [
        (r, selectors.release_urls(r), selectors.lowest_threshold(r)) for r in selectors.releases()
    ]
    return render(
        request,
        "insights/releases.html",
        {"items": items, "budgets": selectors.budgets()},
    )


def _release(period: str, edition: str) -> Release:
    try:
        return selectors.release_for(period=period, edition=edition)
    except Release.DoesNotExist:
        raise Http404 from None


@require_safe
def release_detail(request: HttpRequest, period: str, edition: str) -> HttpResponse:
    release = _release(period, edition)
    document = selectors.release_document(release)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in document["values"]:
        groups.setdefault(row["measure"], []).append(
            {
                "label": present.cell_label(row["measure"], row["key"]),
                "shown": present.shown(row["value"]),
            }
        )
    thresholds = {m["measure"]: m["threshold"] for m in document["measures"]}
    tables = [
        {"title": present.measure_title(m), "threshold": thresholds[m], "rows": rows}
        for m, rows in groups.items()
    ]
    return render(
        request,
        "insights/release.html",
        {"release": release, "document": document, "tables": tables},
    )


def _as_download(response: HttpResponse, release: Release, extension: str) -> HttpResponse:
    """A release's file, named for it and never stored by the browser: released values are
    public and frozen, but a file left in the browser's cache shows whoever uses the device
    next that this site was visited, which the site's ``no-store`` policy exists to prevent
    (docs/PRIVACY.md). Shared caches gain nothing either: a download is one small query."""
    name = f"notalone-insights-{release.period}-{release.edition}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"
    return response


@require_safe
def release_csv(request: HttpRequest, period: str, edition: str) -> HttpResponse:
    release = _release(period, edition)
    response = HttpResponse(selectors.release_csv(release), content_type="text/csv; charset=utf-8")
    return _as_download(response, release, "csv")


@require_safe
def release_json(request: HttpRequest, period: str, edition: str) -> HttpResponse:
    release = _release(period, edition)
    response = JsonResponse(selectors.release_document(release), json_dumps_params={"indent": 1})
    return _as_download(response, release, "json")
