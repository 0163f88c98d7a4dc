"""log10 P(Gamma(n,1) ≥ S) against high-precision mpmath, including far beyond float underflow."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.watermark.stats import log10_pvalue, log10_pvalues


def mp_log10_sf(score: float, n: int) -> float:
    with mpmath.workdps(60):
        return float(mpmath.log10(mpmath.gammainc(n, score, mpmath.inf, regularized=True)))


def test_huge_score_is_finite_and_matches_mpmath() -> None:
    got = log10_pvalue(3000.0, 1000)
    assert math.isfinite(got)
    assert got == pytest.approx(mp_log10_sf(3000.0, 1000), abs=1e-9)
    assert got == pytest.approx(-393.7, abs=0.05)


@pytest.mark.parametrize(("score", "n"), [(1e5, 10), (5e4, 20_000), (1e4, 1), (0.5, 1), (50.0, 50), (1.0, 300)])
def test_extremes_match_mpmath(score: float, n: int) -> None:
    assert log10_pvalue(score, n) == pytest.approx(mp_log10_sf(score, n), rel=1e-10, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 3000), ratio=st.floats(0.05, 6.0))
def test_random_points_match_mpmath(n: int, ratio: float) -> None:
    score = ratio * n
    want = mp_log10_sf(score, n)
    assert log10_pvalue(score, n) == pytest.approx(want, rel=1e-9, abs=1e-11)


def test_vectorised_matches_scalar_on_both_branches() -> None:
    scores = np.array([0.0, 3.0, 60.0, 3000.0, 800.0])
    ns = np.array([4, 4, 40, 1000, 100])
    got = log10_pvalues(scores, ns)
    want = [log10_pvalue(s, n) for s, n in zip(scores, ns, strict=True)]
    assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    assert np.isnan(log10_pvalues(np.array([1.0]), np.array([0])))[0]


def test_nonpositive_score_gives_p_one() -> None:
    assert log10_pvalue(0.0, 5) == 0.0
    assert log10_pvalue(-1.0, 5) == 0.0
