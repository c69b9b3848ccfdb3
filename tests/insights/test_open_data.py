"""Pages, API and downloads serve released values only, the same on every call."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from notalone.accounts.models import User
from notalone.insights.models import ReleasedValue
from notalone.insights.release import _true_counts, release_period
from notalone.insights.snapshot import rebuild_snapshot
from tests.insights.conftest import AFTER, PERIOD, params, share

pytestmark = pytest.mark.django_db

WHATS = ["harassment", "assault", "bullying"]
COUNTRIES = ["FR", "IN", "BR", "US"]


@pytest.fixture
def released(db: None) -> object:
    for i in range(48):
        author = User.objects.create_user(f"writer{i}", "x" * 20)
        share(
            author,
            what=WHATS[i % 3],
            where="workplace" if i % 2 else "school",
            who="boss" if i % 2 else "teacher",
            country=COUNTRIES[i % 4],
            language="en",
            hashtags=["#MeToo"],
        )
    # ε = 0.09: each measure's noise has scale 2 / 0.01 = 200, so a released value equals
    # the true count about one time in 400.
    release = release_period(
        period=PERIOD, params=params(epsilon=0.09, suppression_threshold=0), now=AFTER
    )
    rebuild_snapshot()
    return release


def _stored(release: object) -> dict[tuple[str, str], int | None]:
    return {
        (m, k): v
        for m, k, v in ReleasedValue.objects.filter(release=release).values_list(
            "measure", "key", "value"
        )
    }


def test_released_values_are_not_the_true_counts(released: object) -> None:
    true = _true_counts(PERIOD, params())
    stored = _stored(released)
    cells = [(m, k) for m in ("what", "where", "who", "country", "hashtag") for k in true[m]]
    same = [c for c in cells if stored[c] == true[c[0]][c[1]]]
    assert len(cells) >= 12
    assert len(same) <= 2


def test_the_api_and_the_json_download_give_exactly_the_stored_values(
    released: object, client: Client
) -> None:
    stored = _stored(released)
    first = client.get(f"/api/v1/insights/releases/{PERIOD}/1").json()
    assert client.get(f"/api/v1/insights/releases/{PERIOD}/1").json() == first
    assert {(v["measure"], v["key"]): v["value"] for v in first["values"]} == stored
    assert first["epsilon"] == 0.09
    assert first["delta"] == 0.0
    assert first["mechanism"].startswith("discrete Laplace")
    download = client.get(f"/insights/{PERIOD}/1.json")
    assert download.json() == first
    assert "attachment" in download["Content-Disposition"]
    listed = client.get("/api/v1/insights/releases").json()
    assert listed[0]["json_url"] == f"/insights/{PERIOD}/1.json"


def test_the_csv_download_gives_exactly_the_stored_values(released: object, client: Client) -> None:
    stored = _stored(released)
    body = client.get(f"/insights/{PERIOD}/1.csv").content.decode()
    assert client.get(f"/insights/{PERIOD}/1.csv").content.decode() == body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {(r["measure"], r["key"]): (int(r["value"]) if r["value"] else None) for r in rows} == (
        stored
    )
    assert {r["epsilon"] for r in rows} == {"0.09"}
    assert {r["suppression_threshold"] for r in rows} == {"0"}


def test_the_dashboard_shows_released_totals(released: object, client: Client) -> None:
    stored = _stored(released)
    page = client.get("/insights/")
    assert page.status_code == 200
    html = page.content.decode()
    assert client.get("/insights/").content.decode() == html
    total = stored[("stories", "")]
    row = re.search(rf'<th scope="row">{PERIOD}</th>\s*<td class="number">([^<]*)</td>', html)
    assert row is not None
    assert row.group(1) == (str(total) if total is not None else "hidden (too few or too noisy)")
    if total != 48:  # the true count
        assert row.group(1) != "48"
    assert 'data-spec="spec-map"' in html
    assert "81% of women and 43% of men" in html


def test_an_unknown_release_is_a_404(released: object, client: Client) -> None:
    assert client.get(f"/insights/{PERIOD}/2/").status_code == 404
    assert client.get("/insights/2025-13/1/").status_code == 404
    assert client.get(f"/api/v1/insights/releases/{PERIOD}/2").status_code == 404
    assert client.get("/api/v1/insights/releases/2025-3/1").status_code in (404, 422)
    assert client.get("/api/v1/insights/releases/٢٠٢٥-٠٣/1").status_code == 404
    assert client.get(f"/api/v1/insights/releases/{PERIOD}/\u0661").status_code == 404
    assert client.get(f"/insights/{PERIOD}/1/").status_code == 200


@pytest.mark.parametrize("edition", ["99999", "9" * 5000])
def test_an_edition_too_large_for_any_release_is_a_404(
    db: None, client: Client, edition: str
) -> None:
    """Not a server error: beyond the column's range, or beyond what int() reads (4,300 digits)."""
    assert client.get(f"/api/v1/insights/releases/{PERIOD}/{edition}").status_code == 404
