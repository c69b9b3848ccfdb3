"""What the dashboard and the release pages show, from released values only: labels, tables,
one-line summaries and the Vega-Lite specs of the charts (data inline, so the browser fetches
nothing but the map's topology, from this site)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry
from django.conf import settings
from django.templatetags.static import static
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from notalone.core.places import country_name, language_name
from notalone.insights.parameters import listed_hashtags
from notalone.stories.models import What, Where, Who
from notalone.stories.text import normalize_hashtag

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Readable on the light and the dark scheme alike (the canvas is transparent).
INK = "#7a7a8c"
BAR = "#7b4fa8"
# A country with no published number: drawn, in a neutral grey that reads as "no data".
NO_DATA = "#8883"
CONFIG = {
    "background": None,
    "axis": {"labelColor": INK, "titleColor": INK, "gridColor": "#8884", "domainColor": INK},
    "legend": {"labelColor": INK, "titleColor": INK},
    "view": {"stroke": None},
    "font": "system-ui, sans-serif",
}


@dataclass
class Row:
    label: str
    value: int | None
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def hidden() -> str:
    """What a table says for a suppressed number: true whatever the threshold (a noisy count
    below it may come from a small count or from noise on a larger one)."""
    return _("hidden (too few or too noisy)")


def shown(value: int | None) -> str:
    """A released number as the tables write it."""
    if value is None:
        return hidden()
    return str(number_format(value, force_grouping=True))


def measure_title(measure: str) -> str:
    """The reader's name of a measure (the release page's captions)."""
    titles = {
        "stories": _("Stories shared"),
        "what": _("What happened"),
        "where": _("Where it happened"),
        "who": _("Who it was"),
        "where_who": _("Where it happened and who it was"),
        "country": _("Country"),
        "language": _("Language"),
        "hashtag": _("Listed hashtags"),
        "me_too": _("“Me too” said"),
    }
    return titles.get(measure, measure)


@cache
def _numeric_country(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.numeric if country else ""


def _hashtag_names() -> dict[str, str]:
    names = {}
    for name in settings.INSIGHTS_HASHTAGS:
        try:
            display, key = normalize_hashtag(name)
        except ValueError:
            continue
        names[key] = "#" + display
    return {key: names[key] for key in listed_hashtags(settings.INSIGHTS_HASHTAGS)}


def label_of(measure: str) -> Callable[[str], str]:
    """The reader's words for a cell of a measure."""
    not_said = _("Not said")
    if measure in ("what", "where", "who"):
        enum = {"what": What, "where": Where, "who": Who}[measure]
        labels = {value: str(label) for value, label in enum.choices}
        return lambda key: labels.get(key, key) if key else not_said
    if measure == "where_who":
        where, who = label_of("where"), label_of("who")

        def pair(key: str) -> str:
            a, _sep, b = key.partition("|")
            return f"{where(a)} x {who(b)}"

        return pair
    not_listed = _("Not said or not listed")
    if measure == "country":
        return lambda key: country_name(key) if key else not_listed
    if measure == "language":
        return lambda key: language_name(key) if key else not_listed
    if measure == "hashtag":
        names = _hashtag_names()
        return lambda key: names.get(key, "#" + key)
    return lambda key: key


def cell_label(measure: str, key: str) -> str:
    if measure in ("stories", "me_too"):
        return _("All")
    return label_of(measure)(key)


def rows_of(measure: str, cells: list[dict[str, Any]], *, with_blank: bool = True) -> list[Row]:
    """Released cells as rows, largest first; suppressed ones after, in their own order."""
    label = label_of(measure)
    rows = [
        Row(label=label(c["key"]), value=c["value"], key=c["key"])
        for c in cells
        if with_blank or c["key"]
    ]
    return sorted(rows, key=lambda r: (r.value is None, -(r.value or 0)))


def summary_of(rows: list[Row]) -> str:
    known = [r for r in rows if r.value is not None]
    if not known:
        return _("Every number here is hidden: too few, or too close to the noise to show.")
    if len(known) == 1:
        return _("%(first)s: %(n)s.") % {"first": known[0].label, "n": shown(known[0].value)}
    return _("Most often: %(first)s (%(a)s), then %(second)s (%(b)s).") % {
        "first": known[0].label,
        "a": shown(known[0].value),
        "second": known[1].label,
        "b": shown(known[1].value),
    }


def _spec(**parts: Any) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "config": CONFIG,
        "width": "container",
        # As wide as the page; as tall as the rows need (each spec gives its height).
        "autosize": {"type": "fit", "contains": "padding"},
        **parts,
    }


def bar_spec(rows: list[Row], title: str) -> dict[str, Any]:
    values = [{"label": r.label, "value": r.value} for r in rows if r.value is not None]
    return _spec(
        description=title,
        height=max(60, 26 * len(values)),
        data={"values": values},
        mark={"type": "bar", "color": BAR},
        encoding={
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "value", "type": "quantitative", "title": _("stories (with noise)")},
        },
    )


def timeline_spec(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    stories, me_too = _("Stories shared"), _("“Me too” said")
    # Hidden months stay in the data as null: the line breaks there instead of joining the
    # months either side, which would draw a value nobody published.
    values = [
        {"month": f"{t['period']}-01", "series": name, "value": t[measure]}
        for t in timeline
        for name, measure in ((stories, "stories"), (me_too, "me_too"))
    ]
    return _spec(
        description=_("Stories and “me too” per month; a gap is a hidden month"),
        height=260,
        data={"values": values},
        mark={"type": "line", "point": True, "invalid": "break-paths-show-domains"},
        encoding={
            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None},
            "y": {"field": "value", "type": "quantitative", "title": _("per month (with noise)")},
            "color": {"field": "series", "type": "nominal", "title": None},
        },
    )


def heatmap_spec(cells: list[dict[str, Any]]) -> dict[str, Any]:
    where, who = label_of("where"), label_of("who")
    values = []
    for c in cells:
        a, _sep, b = c["key"].partition("|")
        if c["value"] is not None:
            values.append({"where": where(a), "who": who(b), "value": c["value"]})
    return _spec(
        description=_("Where it happened and who it was"),
        height=max(60, 30 * len({v["where"] for v in values})),
        data={"values": values},
        mark="rect",
        encoding={
            "x": {"field": "who", "type": "nominal", "title": _("Who it was")},
            "y": {"field": "where", "type": "nominal", "title": _("Where")},
            "color": {
                "field": "value",
                "type": "quantitative",
                "scale": {"scheme": "purples"},
                "title": _("stories"),
            },
        },
    )


def map_spec(rows: list[Row]) -> dict[str, Any]:
    values = [
        {"id": _numeric_country(r.key), "country": r.label, "value": r.value}
        for r in rows
        if r.key and r.value is not None and _numeric_country(r.key)
    ]
    return _spec(
        description=_("Stories by country"),
        height=340,
        data={
            "url": static("insights/vendor/countries-110m.json"),
            "format": {"type": "topojson", "feature": "countries"},
        },
        transform=[
            {
                "lookup": "id",
                "from": {"data": {"values": values}, "key": "id", "fields": ["value", "country"]},
            }
        ],
        projection={"type": "equalEarth"},
        # Every country is drawn: one without a published number keeps its null value
        # ("show", not Vega-Lite's default of filtering it out) and is painted NO_DATA.
        mark={"type": "geoshape", "stroke": INK, "strokeWidth": 0.3, "invalid": "show"},
        encoding={
            "color": {
                "condition": {"test": {"field": "value", "valid": False}, "value": NO_DATA},
                "field": "value",
                "type": "quantitative",
                "scale": {"scheme": "purples"},
                "title": _("stories"),
            }
        },
    )
