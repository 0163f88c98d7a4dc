"""Statistics researchers expect next to a gap mean: a bootstrap CI, and paired comparisons.

``bootstrap_ci``: the percentile bootstrap interval of a mean (seeded, so the same numbers give the
same interval). ``paired``: two results of the same instances compared instance by instance —
mean difference ± standard error (ddof 1), its bootstrap CI, the paired t-test and the Wilcoxon
signed-rank test (SciPy; two-sided). Gaps are integers with many ties and zeros, so the Wilcoxon
test uses the ``zsplit`` zero rule (zero differences count, split between the signs) and the
normal approximation with tie correction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

#: bootstrap resamples and confidence level used everywhere unless told otherwise
N_BOOT = 10_000
LEVEL = 0.95
BOOT_SEED = 0


def mean_se(xs: Sequence[float]) -> tuple[float | None, float | None]:
    """Mean and standard error (ddof 1); (None, None) when empty, se None with one value."""
    n = len(xs)
    if n == 0:
        return None, None
    m = math.fsum(xs) / n
    if n == 1:
        return m, None
    var = math.fsum((x - m) ** 2 for x in xs) / (n - 1)
    return m, math.sqrt(var / n)


def bootstrap_ci(xs: Sequence[float], *, level: float = LEVEL, n_boot: int = N_BOOT,
                 seed: int = BOOT_SEED) -> tuple[float, float] | None:
    """Percentile bootstrap CI of the mean of ``xs`` (None for fewer than 2 values)."""
    a = np.asarray(xs, dtype=float)
    if a.size < 2:
        return None
    g = np.random.default_rng(seed)
    means = np.empty(n_boot)
    step = max(1, 2_000_000 // a.size)  # bound memory: resample in chunks
    for s in range(0, n_boot, step):
        k = min(step, n_boot - s)
        means[s:s + k] = a[g.integers(0, a.size, size=(k, a.size))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


@dataclass(frozen=True)
class Paired:
    """A paired comparison of A and B on the same n instances (difference = A − B)."""

    n: int
    mean_a: float
    mean_b: float
    diff_mean: float
    diff_se: float | None
    ci: tuple[float, float] | None
    level: float
    t_pvalue: float | None
    wilcoxon_pvalue: float | None
    a_better: int  # instances where A's value is lower (a smaller gap is better)
    b_better: int
    ties: int

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["ci"] = list(self.ci) if self.ci is not None else None
        return d


def paired(a: Sequence[float], b: Sequence[float], *, level: float = LEVEL, n_boot: int = N_BOOT,
           seed: int = BOOT_SEED) -> Paired:
    """Compare paired values (same instances, same order)."""
    from scipy import stats

    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} vs {len(b)}")
    if not a:
        raise ValueError("no paired values")
    d = [x - y for x, y in zip(a, b, strict=True)]
    m, se = mean_se(d)
    t_p = w_p = None
    if len(d) >= 2:
        if any(x != d[0] for x in d):  # constant differences: t is undefined (None)
            t_p = float(stats.ttest_rel(a, b).pvalue)
        w_p = 1.0 if all(x == 0 for x in d) else float(
            stats.wilcoxon(d, zero_method="zsplit", method="approx", correction=False).pvalue)
    return Paired(n=len(d), mean_a=math.fsum(a) / len(a), mean_b=math.fsum(b) / len(b),
                  diff_mean=m, diff_se=se,  # type: ignore[arg-type]
                  ci=bootstrap_ci(d, level=level, n_boot=n_boot, seed=seed), level=level,
                  t_pvalue=t_p, wilcoxon_pvalue=w_p, a_better=sum(x < 0 for x in d),
                  b_better=sum(x > 0 for x in d), ties=sum(x == 0 for x in d))


__all__ = ["BOOT_SEED", "LEVEL", "N_BOOT", "Paired", "bootstrap_ci", "mean_se", "paired"]
