"""Null distribution of the score: S = Σ −ln(1 − r_{x_t}) ~ Gamma(n, 1) without the key.

``log10_pvalue`` gives log10 P(Gamma(n,1) ≥ S) in log space. For integer n the upper tail is the
Poisson sum Q(n, S) = e^{−S} Σ_{j<n} S^j / j!, evaluated as a log-sum-exp of positive terms, so it
stays finite and accurate where ``scipy.stats.gamma.sf`` underflows to 0 (S = 3000, n = 1000).
"""

from __future__ import annotations

import math

import numpy as np

_LN10 = math.log(10.0)


def log_gamma_sf(score: float, n: int) -> float:
    """ln P(Gamma(n, 1) ≥ score) for an integer n ≥ 1 (exact Poisson-sum form, in log space)."""
    if n < 1:
        raise ValueError("n must be >= 1")
    if score <= 0.0:
        return 0.0
    j = np.arange(n, dtype=np.float64)
    from scipy.special import gammaln

    terms = j * math.log(score) - gammaln(j + 1.0)
    top = float(terms.max())
    return top + math.log(float(np.exp(terms - top).sum())) - score


def log10_pvalue(score: float, n: int) -> float:
    """log10 P(Gamma(n, 1) ≥ score): the detection p-value on a log10 scale (≤ 0)."""
    return min(0.0, log_gamma_sf(float(score), int(n)) / _LN10)


def log10_pvalues(scores: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Vectorised ``log10_pvalue``: SciPy's regularised Q where it is representable, else exact."""
    from scipy.special import gammaincc

    s = np.asarray(scores, dtype=np.float64)
    nn = np.broadcast_to(np.asarray(n, dtype=np.int64), s.shape)
    out = np.zeros(s.shape, dtype=np.float64)
    ok = nn >= 1
    q = np.ones(s.shape)
    q[ok] = gammaincc(nn[ok].astype(np.float64), np.maximum(s[ok], 0.0))
    fine = ok & (q > 1e-250)
    out[fine] = np.log10(q[fine])
    for idx in zip(*np.nonzero(ok & ~fine), strict=True):
        out[idx] = log10_pvalue(float(s[idx]), int(nn[idx]))
    out[~ok] = np.nan
    return np.minimum(out, 0.0)
