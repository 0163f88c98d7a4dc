"""Bootstrap CIs and paired tests: deterministic, agreeing with SciPy, sane on edge cases."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from alignlab.mindgrid.teaching.stats import bootstrap_ci, mean_se, paired


def test_bootstrap_ci_is_seeded_and_brackets_the_mean():
    xs = list(np.random.default_rng(1).integers(0, 120, size=200))
    ci = bootstrap_ci(xs)
    assert ci == bootstrap_ci(xs) and ci != bootstrap_ci(xs, seed=1)
    m, se = mean_se(xs)
    lo, hi = ci
    assert lo < m < hi
    # the percentile interval of a mean of 200 values is close to mean ± 1.96 s.e.
    assert abs((hi - lo) / (2 * 1.96 * se) - 1) < 0.1
    assert bootstrap_ci([3.0]) is None and bootstrap_ci([2.0, 2.0]) == (2.0, 2.0)


def test_paired_matches_scipy_and_counts_wins():
    g = np.random.default_rng(7)
    a = [float(x) for x in g.integers(0, 100, size=60)]
    b = [x + float(d) for x, d in zip(a, g.integers(-5, 20, size=60), strict=True)]
    p = paired(a, b)
    d = np.subtract(a, b)
    assert p.n == 60 and p.diff_mean == pytest.approx(d.mean())
    assert p.diff_se == pytest.approx(d.std(ddof=1) / np.sqrt(60))
    assert p.t_pvalue == pytest.approx(sps.ttest_rel(a, b).pvalue)
    assert p.wilcoxon_pvalue == pytest.approx(
        sps.wilcoxon(d, zero_method="zsplit", method="approx").pvalue)
    assert p.a_better + p.b_better + p.ties == 60 and p.a_better == int((d < 0).sum())
    assert p.ci[0] < p.diff_mean < p.ci[1] < 0


def test_paired_edge_cases():
    same = paired([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert same.diff_mean == 0 and same.wilcoxon_pvalue == 1.0 and same.t_pvalue is None
    shifted = paired([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])  # constant difference: t undefined
    assert shifted.t_pvalue is None and shifted.diff_se == 0
    with pytest.raises(ValueError):
        paired([1.0], [1.0, 2.0])
