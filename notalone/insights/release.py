"""Making releases: differentially private counts of one period's stories, with OpenDP.

The method, in the words of ``docs/PRIVACY.md``:

- **Unit of privacy: one person.** Each author counts with at most ``k`` stories a month
  (``INSIGHTS_STORIES_PER_AUTHOR``, their first ``k``), and each member with at most ``r`` "me
  too" a month (``INSIGHTS_REACTIONS_PER_MEMBER``). A story counts for at most ``h`` of the
  operator's listed hashtags (``INSIGHTS_HASHTAGS_PER_STORY``).
- **Measures.** A release holds nine measures (``MEASURES``): stories; what, where and who
  happened; where x who; country; language; listed hashtags; and "me too" reactions. Each is a
  vector of counts over a fixed, public list of cells (every category, every ISO country and
  language, every listed hashtag), so no cell's existence says anything.
- **Mechanism.** OpenDP's ``make_laplace`` over integer vectors with the L1 distance: discrete
  Laplace noise, P(noise = z) ∝ exp(-|z| / b), with scale ``b = Δ / ε_m``, where Δ is the
  measure's L1 sensitivity for one person (k, k·h or r) and ``ε_m = ε / 9`` its share of the
  release's ε. OpenDP checks that the measurement's privacy map at Δ is at most ε_m.
  By sequential composition a release is ε-differentially private (δ = 0).
- **Suppression.** A noisy count below its measure's threshold is stored as None ("hidden").
  The threshold (``Parameters.threshold``) is the smallest T at which pure noise makes any
  empty cell of the measure reach T with a chance of at most ``INSIGHTS_SUPPRESSION_ALPHA``
  in one release, and at least ``INSIGHTS_SUPPRESSION_THRESHOLD``. It is post-processing of
  the noisy value and costs no privacy.
- **Budget.** Each period has a budget (``INSIGHTS_EPSILON_PER_PERIOD``); a release spends its
  ε in the same transaction that stores it. A release that would overspend is refused with
  ``BudgetExhausted``.
- **Frozen.** A release is never recomputed. Periods are calendar months (UTC) of the story's
  sharing date and are disjoint, so privacy loss adds up only within one month.
"""

from __future__ import annotations

import datetime
import functools
import logging
import math
from collections import Counter
from importlib.metadata import version
from operator import itemgetter

import opendp.prelude as dp
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.insights.models import (
    BudgetSpend,
    PrivacyBudget,
    Release,
    ReleasedValue,
    StoryFact,
)
from notalone.insights.parameters import MEASURES, MECHANISM, Parameters, cells
from notalone.insights.periods import (
    BudgetExhausted,
    ReleaseRefused,
    check_releasable,
    closed_periods,
    first_period,
    period_bounds,
)
from notalone.stories.models import (
    ModerationStatus,
    Reaction,
    ReactionKind,
    Visibility,
)

logger = logging.getLogger(__name__)

dp.enable_features("contrib")

# ---------------------------------------------------------------------------------------
# True counts (never leave this module except as noisy values)


def me_too_by_period(periods: list[str]) -> dict[str, dict[int, int]]:
    """ "Me too" said in each period on stories everyone can read (whose own counts are
    public), per member: {period: {member id: count}}. One pass over the reactions of all the
    periods, however many (a query per month would read the reactions once a month)."""
    if not periods:
        return {}
    start, end = period_bounds(min(periods))[0], period_bounds(max(periods))[1]
    rows = (
        Reaction.objects.filter(
            kind=ReactionKind.ME_TOO,
            created_at__gte=start,
            created_at__lt=end,
            story__visibility=Visibility.PUBLIC,
            story__moderation_status=ModerationStatus.VISIBLE,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=datetime.UTC))
        .values("month", "member_id")
        .annotate(n=Count("id"))
        .values_list("month", "member_id", "n")
    )
    wanted = set(periods)
    found: dict[str, dict[int, int]] = {}
    for month, member_id, n in rows:
        period = month.strftime("%Y-%m")
        if period in wanted:
            found.setdefault(period, {})[member_id] = n
    return found


def _true_counts(
    period: str, params: Parameters, me_too: dict[str, dict[int, int]] | None = None
) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {m: Counter() for m in MEASURES}
    listed = set(params.hashtags)
    rows = (
        # Stories kept after their author deleted the account have no author to bound: pooled
        # as one "author", removing one such person would move the counts by up to twice the
        # bound the noise is sized for. They are left out of every release.
        StoryFact.objects.filter(period=period, author_id__isnull=False)
        .order_by("author_id", "story_id")
        .values_list("author_id", "what", "where", "who", "country", "language", "hashtags")
    )
    kept = []
    author, taken = -1, 0
    for row in rows.iterator(chunk_size=10_000):
        if row[0] != author:
            author, taken = row[0], 0
        if taken < params.stories_per_author:  # the author's contribution is bounded
            taken += 1
            kept.append(row)
    counts["stories"][""] = len(kept)
    for index, measure in enumerate(("what", "where", "who", "country", "language"), start=1):
        counts[measure] = Counter(map(itemgetter(index), kept))
    for measure in ("country", "language"):  # one not on the operator's list: not said
        listed_cells = set(cells(measure, params))
        unlisted = [key for key in counts[measure] if key not in listed_cells]
        for key in unlisted:
            counts[measure][""] += counts[measure].pop(key)
    counts["where_who"] = Counter(f"{r[2]}|{r[3]}" for r in kept if r[2] and r[3])
    h = params.hashtags_per_story
    counts["hashtag"] = Counter(
        key for r in kept if r[6] for key in [k for k in r[6] if k in listed][:h]
    )
    per_member = (me_too or me_too_by_period([period])).get(period, {})
    counts["me_too"][""] = sum(min(n, params.reactions_per_member) for n in per_member.values())
    return counts


# ---------------------------------------------------------------------------------------
# Noise


def laplace_measurement(params: Parameters, measure: str) -> dp.Measurement:
    """OpenDP's discrete Laplace on a vector of counts, checked against the measure's ε."""
    measurement = _laplace(params.scale(measure))
    spent = float(measurement.map(params.sensitivity(measure)))  # type: ignore[no-untyped-call]
    if spent > params.epsilon_per_measure * (1 + 1e-9):
        raise ReleaseRefused(f"the {measure} measurement would spend ε {spent}")
    return measurement


@functools.cache
def _laplace(scale: float) -> dp.Measurement:
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    return dp.m.make_laplace(*space, scale=scale)


def noisy_counts(params: Parameters, measure: str, true_counts: list[int]) -> list[int]:
    return [int(v) for v in laplace_measurement(params, measure)(true_counts)]


def suppress(value: int, threshold: int) -> int | None:
    """The published value of a noisy count: itself, or None below the threshold."""
    return value if value >= threshold else None


# ---------------------------------------------------------------------------------------
# Releases


def _budget_for(period: str) -> PrivacyBudget:
    budget, _created = PrivacyBudget.objects.get_or_create(
        period=period, defaults={"epsilon_total": settings.INSIGHTS_EPSILON_PER_PERIOD}
    )
    return PrivacyBudget.objects.select_for_update().get(pk=budget.pk)


def _note_refusal(period: str, now: datetime.datetime) -> None:
    """Remember that a release of the period was refused for its budget (the page says so)."""
    PrivacyBudget.objects.filter(period=period).update(refused_at=now)


def budget_refusal(budget: PrivacyBudget) -> str:
    return _(
        "The privacy budget of %(period)s is spent (ε %(spent)s of %(total)s): no new release "
        "of this month can be made, and the released numbers stay as they are."
    ) % {
        "period": budget.period,
        "spent": f"{budget.epsilon_spent:g}",
        "total": f"{budget.epsilon_total:g}",
    }


def release_period(
    *,
    period: str,
    again: bool = False,
    params: Parameters | None = None,
    now: datetime.datetime | None = None,
    me_too: dict[str, dict[int, int]] | None = None,
) -> Release:
    """Release one closed period, or return its release if it has one (``again``: make a new
    edition, which spends more of the period's budget).

    Raises ``ReleaseRefused`` for a period that is not "YYYY-MM", has not ended or is before
    the first month released (``periods.check_releasable``), ``BudgetExhausted`` when the
    period's budget cannot pay for the release (and notes the refusal on the budget, for the
    page). Nothing of the release is stored unless all of it is.
    """
    now = now or timezone.now()
    period = check_releasable(period, now)
    try:
        return _release_period(period, again, params or Parameters.from_settings(), now, me_too)
    except BudgetExhausted:
        _note_refusal(period, now)
        raise


@transaction.atomic
def _release_period(
    period: str,
    again: bool,
    params: Parameters,
    now: datetime.datetime,
    me_too: dict[str, dict[int, int]] | None,
) -> Release:
    budget = _budget_for(period)  # locked: two workers cannot both spend the last of it
    latest = Release.objects.filter(period=period).order_by("-edition").first()
    if latest is not None and not again:
        return latest
    if budget.epsilon_spent + params.epsilon > budget.epsilon_total * (1 + 1e-9):
        raise BudgetExhausted(budget_refusal(budget))
    true = _true_counts(period, params, me_too)
    release = Release.objects.create(
        period=period,
        edition=(latest.edition + 1) if latest else 1,
        published_at=now,
        mechanism=MECHANISM,
        epsilon=params.epsilon,
        delta=0.0,
        stories_per_author=params.stories_per_author,
        reactions_per_member=params.reactions_per_member,
        hashtags_per_story=params.hashtags_per_story,
        suppression_threshold=params.suppression_threshold,
        opendp_version=version("opendp"),
        measures={
            m: {
                "epsilon": params.epsilon_per_measure,
                "sensitivity": params.sensitivity(m),
                "scale": params.scale(m),
                "threshold": params.threshold(m),
            }
            for m in MEASURES
        },
    )
    values: list[ReleasedValue] = []
    for measure in MEASURES:
        keys = cells(measure, params)
        threshold = params.threshold(measure)
        noisy = noisy_counts(params, measure, [true[measure][k] for k in keys])
        values.extend(
            ReleasedValue(
                release=release,
                measure=measure,
                key=key,
                value=suppress(value, threshold),
                noisy=value,
            )
            for key, value in zip(keys, noisy, strict=True)
        )
    ReleasedValue.objects.bulk_create(values, batch_size=1000)
    budget.epsilon_spent += params.epsilon
    budget.save(update_fields=("epsilon_spent",))
    BudgetSpend.objects.create(budget=budget, release=release, epsilon=params.epsilon, spent_at=now)
    return release


def release_closed_periods(*, now: datetime.datetime | None = None) -> list[Release]:
    """Release every ended month from the first month released (``periods.first_period``) that
    has no release yet (the scheduled job and ``notalone insights release``); then refresh the
    dashboard. A period whose budget is spent is logged and skipped."""
    from notalone.insights.snapshot import rebuild_snapshot

    now = now or timezone.now()
    released = set(Release.objects.values_list("period", flat=True))
    pending = [p for p in closed_periods(first=first_period(), now=now) if p not in released]
    me_too = me_too_by_period(pending)
    made = []
    for period in pending:
        try:
            made.append(release_period(period=period, now=now, me_too=me_too))
        except ReleaseRefused as refusal:
            logger.warning("No release of %s: %s", period, refusal)
    rebuild_snapshot()
    return made


def noise_variance(scale: float) -> float:
    """The variance of discrete Laplace noise of scale b: 2a / (1 - a)², a = exp(-1/b)."""
    alpha = math.exp(-1.0 / scale)
    return 2 * alpha / (1 - alpha) ** 2
