"""The agreement criterion (eq. 2) and the prior distance ν (eq. 1/3).

Pairwise: for agents i, k, μ(|E^i − E^k| ≤ ε) > 1 − δ. Global (stronger): μ(max_i E^i − min_i E^i ≤ ε).
With reference ``each`` the probability is the minimum over every agent's prior as μ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from alignlab.agreement.arith import RESOLUTION


@dataclass(frozen=True, eq=False)
class Agreement:
    """The N×N matrix of μ(|E^i−E^k| ≤ ε), the global probability and whether eq. 2 holds."""

    matrix: np.ndarray
    global_prob: float
    holds: bool
    global_holds: bool


def _mass(mu: np.ndarray, mask: np.ndarray) -> object:
    return sum(mu[mask].tolist()) if mu.dtype == object else float(mu[mask].sum())


def agreement(E: Sequence[np.ndarray], measures: Sequence[np.ndarray], eps: float, delta: float,
              *, exact: bool = False) -> Agreement:
    """Evaluate eq. 2 exactly over all states for deterministic protocols."""
    N = len(E)
    tol = Fraction(str(eps)) if exact else eps + RESOLUTION
    thr = 1 - (Fraction(str(delta)) if exact else delta)
    mat = np.ones((N, N))
    ok = True
    for i in range(N):
        for k in range(i + 1, N):
            mask = np.asarray(abs(E[i] - E[k]) <= tol, dtype=bool)
            p = min(_mass(mu, mask) for mu in measures)
            ok &= bool(p > thr)
            mat[i, k] = mat[k, i] = float(p)
    stack = np.vstack(E) if not exact else np.array([e.tolist() for e in E], dtype=object)
    spread = stack.max(axis=0) - stack.min(axis=0)
    gmask = np.asarray(spread <= tol, dtype=bool)
    g = min(_mass(mu, gmask) for mu in measures)
    return Agreement(mat, float(g), ok, bool(g > thr))


def prior_distance(priors: Sequence[np.ndarray]) -> tuple[float, np.ndarray]:
    """ν: the largest pairwise L1 distance between the agents' priors, and the pairwise matrix."""
    N = len(priors)
    P = np.array([np.asarray(p, dtype=float) for p in priors])
    mat = np.zeros((N, N))
    for i in range(N):
        for k in range(i + 1, N):
            mat[i, k] = mat[k, i] = float(np.abs(P[i] - P[k]).sum())
    return float(mat.max()), mat
