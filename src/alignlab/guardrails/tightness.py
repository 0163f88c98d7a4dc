"""Figure 2 (tightness): how often Prop 4.6's estimate bounds the true harm, for a random agent.

A uniformly random agent pulls ``pulls`` times (no guardrail, no termination). At each pull, before
the posterior update, Prop 4.6's estimate ĥ_α(a_t) = max_{w ∈ M^α} h(w, a_t) is compared with the
true harm h(w*, a_t) (Bengio et al., arXiv 2408.05284, Figure 2, as the authors' code computes
it; 000 quotes only the guardrail). Per episode: the frequency of ĥ_α(a_t) ≥ h(w*, a_t), to be
set against the bound max(0, 1 − α·2^d) (Prop 4.6's guarantee with the uniform prior
P(w*) = 2^-d, the curve of the authors' Figure 2; docs/guardrails.md, "Figure 2"). Also the
distribution of ĥ_α(a) for the arms whose true harm is exactly ½ (μ_a = T, possible for integer T),
recorded at every pull for every such arm. All α share one trajectory per episode.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from alignlab.guardrails import posterior as post
from alignlab.guardrails.bandit import Episodes, arm_means, harm_levels
from alignlab.guardrails.config import Bandit
from alignlab.guardrails.guardrails import plausible_sets


@dataclass(frozen=True)
class TightnessTally:
    """Sums over episodes, per α: overestimation frequencies (sum, sum of squares) and, for the
    arms with true harm ½, counts of the estimate per harm level h(μ = 0, …, d)."""

    alphas: tuple[float, ...]
    episodes: int
    freq_sum: tuple[float, ...]
    freq_sq: tuple[float, ...]
    half_counts: tuple[tuple[int, ...], ...]

    def __add__(self, other: TightnessTally) -> TightnessTally:
        if self.alphas != other.alphas:
            raise ValueError("cannot add tallies over different α grids")
        return TightnessTally(
            self.alphas, self.episodes + other.episodes,
            tuple(a + b for a, b in zip(self.freq_sum, other.freq_sum, strict=True)),
            tuple(a + b for a, b in zip(self.freq_sq, other.freq_sq, strict=True)),
            tuple(tuple(x + y for x, y in zip(a, b, strict=True))
                  for a, b in zip(self.half_counts, other.half_counts, strict=True)))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-able)."""
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> TightnessTally:
        """Inverse of :meth:`to_dict`."""
        return TightnessTally(tuple(d["alphas"]), d["episodes"], tuple(d["freq_sum"]),
                              tuple(d["freq_sq"]), tuple(tuple(c) for c in d["half_counts"]))

    def frequency(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean overestimation frequency per α and one standard error (ddof = 1)."""
        n = self.episodes
        m = np.asarray(self.freq_sum) / n
        var = np.maximum(np.asarray(self.freq_sq) - n * m * m, 0.0) / max(n - 1, 1)
        return m, np.sqrt(var / n)


def bound(alphas: np.ndarray | list[float], dim: int = 10) -> np.ndarray:
    """Prop 4.6's guarantee with the uniform prior: max(0, 1 − α·2^d) (the authors' Figure 2)."""
    return np.maximum(0.0, 1.0 - np.asarray(alphas, dtype=np.float64) * 2.0**dim)


def run_tightness_block(bandit: Bandit, alphas: tuple[float, ...], ties: str,
                        episodes: Episodes) -> TightnessTally:
    """Run the random agent on ``episodes``; vectorised over episodes, all α at once."""
    n, k = len(episodes), bandit.theories
    means = arm_means(episodes.features, bandit.dim)
    levels = harm_levels(bandit)
    harm = levels[means]  # (E, A, K)
    rows = np.arange(n)
    true_mu = means[rows, :, episodes.truth]  # (E, A) uint8
    half_e, half_a = np.nonzero(true_mu.astype(np.float64) == bandit.T)
    half_harm = harm[half_e, half_a]  # (pairs, K)
    n_alpha = len(alphas)
    over = np.zeros((n_alpha, n), dtype=np.int64)
    counts = np.zeros((n_alpha, bandit.dim + 1), dtype=np.int64)
    log_post = post.uniform_log_prior(k, n)
    for t in range(bandit.pulls):
        p = post.probabilities(log_post)
        keep = plausible_sets(p, alphas, ties, episodes.tie_order)  # (nα, E, K)
        arm = np.minimum((episodes.uniforms[:, t] * bandit.arms).astype(np.int64), bandit.arms - 1)
        est = np.where(keep, harm[rows, arm][None], 0.0).max(axis=-1)  # (nα, E)
        over += est >= levels[true_mu[rows, arm]][None]
        if half_e.size:
            est_half = np.where(keep[:, half_e], half_harm[None], 0.0).max(axis=-1)
            lev = np.searchsorted(levels, est_half)
            for j in range(n_alpha):
                counts[j] += np.bincount(lev[j], minlength=bandit.dim + 1)
        r = true_mu[rows, arm] + bandit.sigma * episodes.noise[:, t]
        log_post = post.update(log_post, r, means[rows, arm], bandit.sigma)
    freq = over / bandit.pulls
    return TightnessTally(tuple(float(a) for a in alphas), n,
                          tuple(float(x) for x in freq.sum(axis=1)),
                          tuple(float(x) for x in (freq**2).sum(axis=1)),
                          tuple(tuple(int(c) for c in row) for row in counts))
