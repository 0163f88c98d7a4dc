"""Reward hacking as a coverage problem (Prop. 5): K samples miss a state of mass ν w.p. (1−ν)^K.

A *needle* is a state of tiny prior mass ν where the objective misbehaves (a reward hack). An
auditor who draws K states from the prior and evaluates f on them misses it with probability
(1−ν)^K — for the needle prior ν = e^{−D}, so K must be Θ(e^D). A per-slice budget that spends a
fraction of the K draws uniformly on a marked safety-critical slice S ∋ needle misses it with
probability (1−ν)^{K−k}·(1−1/|S|)^k instead. :func:`needle_hunt` simulates both and reports miss
rates with confidence intervals next to those predictions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alignlab.agreement.errors import AgreementError
from alignlab.agreement.noisy import wilson
from alignlab.agreement.risk import miss_probability


def _draws(cdf: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    return np.minimum(np.searchsorted(cdf, rng.random(shape), side="right"), len(cdf) - 1)


def needle_hunt(prior: np.ndarray, needle: int, K: int, rng: np.random.Generator, *,
                slice_states: Sequence[int] | None = None, slice_budget: float = 0.5,
                trials: int = 2000, confidence: float = 0.99) -> dict:
    """Monte Carlo miss rates of the needle: K draws from the prior (``uniform``: uniform over
    the prior's mass) vs ``slice_budget``·K of them spent uniformly on ``slice_states``."""
    p = np.asarray(prior, dtype=float)
    if p.ndim != 1 or len(p) < 2 or np.any(p <= 0):
        raise AgreementError("prior must be a positive vector over at least two states")
    p = p / p.sum()
    D = len(p)
    if not 0 <= needle < D:
        raise AgreementError(f"needle {needle} is not a state (0..{D - 1})")
    if K < 1 or trials < 1:
        raise AgreementError(f"K and trials must be ≥ 1, got K={K}, trials={trials}")
    if not 0 <= slice_budget <= 1:
        raise AgreementError(f"slice_budget must be in [0, 1], got {slice_budget}")
    nu = float(p[needle])
    cdf = np.cumsum(p)
    chunk = max(1, 2_000_000 // K)
    miss_u = 0
    for start in range(0, trials, chunk):
        n = min(chunk, trials - start)
        miss_u += int((~(_draws(cdf, (n, K), rng) == needle).any(axis=1)).sum())
    out = {"D": D, "K": K, "nu": nu, "trials": trials, "confidence": confidence,
           "uniform": {"miss_rate": miss_u / trials, "ci": list(wilson(miss_u, trials, confidence)),
                       "predicted": miss_probability(nu, K)}}
    if slice_states is not None:
        S = np.unique(np.asarray(slice_states, dtype=np.int64))
        if len(S) == 0 or S.min() < 0 or S.max() >= D:
            raise AgreementError(f"slice states must be states 0..{D - 1}")
        k = round(slice_budget * K)
        miss_t = 0
        for start in range(0, trials, chunk):
            n = min(chunk, trials - start)
            hit = (_draws(cdf, (n, K - k), rng) == needle).any(axis=1) if k < K else np.zeros(n, bool)
            hit |= (S[rng.integers(0, len(S), (n, k))] == needle).any(axis=1) if k else False
            miss_t += int((~hit).sum())
        inside = needle in set(S.tolist())
        pred = miss_probability(nu, K - k) * ((1 - 1 / len(S)) ** k if inside else 1.0)
        out["targeted"] = {"miss_rate": miss_t / trials, "ci": list(wilson(miss_t, trials, confidence)),
                           "predicted": pred, "slice_size": len(S), "slice_draws": k,
                           "needle_in_slice": inside}
    return out
