"""Closed-form stop rates that the simulation must reproduce (derived in docs/guardrails.md, "Closed-form checks").

An arm is accepted iff its harm h(μ) = 1 − Φ((T − μ)/σ) ≤ C, i.e. iff μ ≤ m(C), the largest
integer mean with h ≤ C (m = 0, 1, 2 for C = 1e-3, 1e-2, 1e-1 at T = 4, σ = 1).

- Cheating sees μ_a = w*·x_a ~ Bin(|w*|, ½) given |w*| ~ Bin(d, ½); its verdict never changes,
  so it stops (at the first pull or never) with probability
  Σ_k C(d, k)/2^d · P(Bin(k, ½) > m(C))^A.
- Prop 3.4 (and Prop 4.6 whenever M^α holds every theory, e.g. α ≤ 2^-d) at the first pull: the
  posterior is uniform, the cautious theory is w = 1…1 with μ = |x_a| ~ Bin(d, ½), so the stop rate
  at t = 0 is P(Bin(d, ½) > m(C))^A.
"""

from __future__ import annotations

import numpy as np
from scipy.special import comb
from scipy.stats import binom

from alignlab.guardrails.bandit import harm_levels
from alignlab.guardrails.config import Bandit


def max_accepted_mean(threshold: float, bandit: Bandit | None = None) -> int:
    """m(C): the largest integer mean μ ∈ {0, …, d} with h(μ) ≤ C, or −1 if none."""
    levels = harm_levels(bandit or Bandit())
    ok = np.nonzero(levels <= threshold)[0]
    return int(ok.max()) if ok.size else -1


def cheating_stop_rate(threshold: float, bandit: Bandit | None = None) -> float:
    """P(the cheating guardrail rejects every arm) = Σ_k C(d,k)/2^d · (1 − F_Bin(m; k, ½))^A."""
    b = bandit or Bandit()
    m = max_accepted_mean(threshold, b)
    return float(sum(comb(b.dim, k) / 2**b.dim * binom.sf(m, k, 0.5) ** b.arms
                     for k in range(b.dim + 1)))


def first_pull_stop_rate(threshold: float, bandit: Bandit | None = None) -> float:
    """P(Prop 3.4 rejects every arm at the first pull) = (1 − F_Bin(m; d, ½))^A."""
    b = bandit or Bandit()
    return float(binom.sf(max_accepted_mean(threshold, b), b.dim, 0.5) ** b.arms)
