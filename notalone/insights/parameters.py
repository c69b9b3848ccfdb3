"""The parameters of the statistics' releases: the measures, their cells (public lists
only, never read from the data), each measure's sensitivity, noise scale and suppression
threshold. The method is described in ``notalone.insights.release`` and ``docs/PRIVACY.md``."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from notalone.core.places import country_codes, language_codes
from notalone.stories.models import What, Where, Who
from notalone.stories.text import InvalidHashtag, normalize_hashtag

logger = logging.getLogger(__name__)

MECHANISM = "discrete Laplace (OpenDP make_laplace, L1 sensitivity, sequential composition)"
MEASURES = (
    "stories",
    "what",
    "where",
    "who",
    "where_who",
    "country",
    "language",
    "hashtag",
    "me_too",
)


@dataclass(frozen=True)
class Parameters:
    epsilon: float
    stories_per_author: int
    reactions_per_member: int
    hashtags_per_story: int
    suppression_threshold: int  # the floor of every measure's threshold
    hashtags: tuple[str, ...]  # matching keys of the listed hashtags
    # The chance, per measure and release, that noise alone shows a number in an empty cell;
    # None: no calibration, the floor alone (tests that need to see small values).
    suppression_alpha: float | None = None
    countries: tuple[str, ...] = ()  # the operator's list; empty: every ISO 3166 code
    languages: tuple[str, ...] = ()  # the operator's list; empty: every ISO 639-1 code

    @classmethod
    def from_settings(cls) -> Parameters:
        return cls(
            epsilon=settings.INSIGHTS_EPSILON_PER_RELEASE,
            stories_per_author=settings.INSIGHTS_STORIES_PER_AUTHOR,
            reactions_per_member=settings.INSIGHTS_REACTIONS_PER_MEMBER,
            hashtags_per_story=settings.INSIGHTS_HASHTAGS_PER_STORY,
            suppression_threshold=settings.INSIGHTS_SUPPRESSION_THRESHOLD,
            hashtags=listed_hashtags(settings.INSIGHTS_HASHTAGS),
            suppression_alpha=settings.INSIGHTS_SUPPRESSION_ALPHA,
            countries=listed_codes(settings.INSIGHTS_COUNTRIES, country_codes()),
            languages=listed_codes(settings.INSIGHTS_LANGUAGES, language_codes()),
        )

    def sensitivity(self, measure: str) -> int:
        """How far one person can move the measure's vector of counts (L1)."""
        if measure == "hashtag":
            return self.stories_per_author * self.hashtags_per_story
        if measure == "me_too":
            return self.reactions_per_member
        return self.stories_per_author

    @property
    def epsilon_per_measure(self) -> float:
        return self.epsilon / len(MEASURES)

    def scale(self, measure: str) -> float:
        """The discrete Laplace scale b = Δ / ε_m of a measure."""
        return self.sensitivity(measure) / self.epsilon_per_measure

    def threshold(self, measure: str) -> int:
        """The smallest count a measure publishes: T = ⌈b ln(n / (alpha (1 + a)))⌉ with a =
        e^(-1/b), for n cells of noise scale b, so that in one release the chance that noise
        alone lifts any of the n cells from 0 to T or more, n · a^T / (1 + a), is at most alpha;
        never below the operator's floor."""
        n = len(cells(measure, self))
        if self.suppression_alpha is None or n == 0:
            return self.suppression_threshold
        b = self.scale(measure)
        a = math.exp(-1.0 / b)
        calibrated = math.ceil(b * math.log(n / (self.suppression_alpha * (1 + a))) - 1e-9)
        return max(self.suppression_threshold, calibrated)


def listed_codes(names: Iterable[str], known: frozenset[str]) -> tuple[str, ...]:
    """The operator's list of codes, upper- or lower-cased like ``known``; unknown ones are
    logged and left out. An empty list stays empty (every code)."""
    codes = []
    for name in names:
        code = name.strip().upper() if name.strip().upper() in known else name.strip().lower()
        if code in known:
            codes.append(code)
        else:
            logger.warning("An operator-listed code is not an ISO code and is ignored: %r", name)
    return tuple(sorted(set(codes)))


def listed_hashtags(names: Iterable[str]) -> tuple[str, ...]:
    keys: list[str] = []
    for name in names:
        try:
            keys.append(normalize_hashtag(name)[1])
        except InvalidHashtag:
            logger.warning("An operator-listed hashtag is not a hashtag and is ignored.")
    return tuple(dict.fromkeys(keys))


def cells(measure: str, params: Parameters) -> list[str]:
    """Every cell of a measure, in a fixed order: public lists only, never data."""
    if measure in ("stories", "me_too"):
        return [""]
    if measure in ("what", "where", "who"):
        enum = {"what": What, "where": Where, "who": Who}[measure]
        return [*enum.values, ""]
    if measure == "where_who":
        return [f"{where}|{who}" for where in Where.values for who in Who.values]
    if measure == "country":
        return [*(params.countries or sorted(country_codes())), ""]
    if measure == "language":
        return [*(params.languages or sorted(language_codes())), ""]
    if measure == "hashtag":
        return list(params.hashtags)
    raise ValueError(f"unknown measure {measure!r}")
