"""The noise fits the documented mechanism: discrete Laplace of scale b = Δ / (ε / 9), whose
mean is 0 and variance 2a / (1 - a)² with a = exp(-1/b) (docs/PRIVACY.md)."""

from __future__ import annotations

import math
import statistics

import pytest

from notalone.insights.release import MEASURES, laplace_measurement, noise_variance, noisy_counts
from tests.insights.conftest import params

DRAWS = 20_000
KNOWN = 137


@pytest.mark.parametrize("measure", ["stories", "hashtag", "me_too"])
def test_the_noise_has_the_documented_mean_and_variance(measure: str) -> None:
    p = params(epsilon=1.0)
    scale = p.sensitivity(measure) * len(MEASURES) / 1.0
    assert p.scale(measure) == pytest.approx(scale)
    noise = [v - KNOWN for v in noisy_counts(p, measure, [KNOWN] * DRAWS)]
    expected_variance = noise_variance(scale)
    # Five standard errors: a correct sampler fails this about once in 3 million runs.
    assert abs(statistics.fmean(noise)) < 5 * math.sqrt(expected_variance / DRAWS)
    # The sample variance's standard error, for a law with kurtosis 6: σ² √(5 / n).
    assert statistics.pvariance(noise) == pytest.approx(
        expected_variance, rel=5 * math.sqrt(5 / DRAWS)
    )
    # The mass at zero: P(0) = (1 - a) / (1 + a).
    alpha = math.exp(-1 / scale)
    p0 = (1 - alpha) / (1 + alpha)
    zeros = sum(1 for z in noise if z == 0) / DRAWS
    assert zeros == pytest.approx(p0, abs=5 * math.sqrt(p0 * (1 - p0) / DRAWS))


def test_opendp_accounts_each_measure_at_its_share_of_epsilon() -> None:
    p = params(epsilon=0.9)
    for measure in MEASURES:
        spent = laplace_measurement(p, measure).map(p.sensitivity(measure))
        assert spent == pytest.approx(0.1)
