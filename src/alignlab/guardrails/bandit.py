"""The exploding bandit: features, means, harm table and seeded draws.

The experiment of Bengio et al. (arXiv 2408.05284) as the authors' public code runs it (seed 000
quotes only the guardrails; docs/guardrails.md, "The experiment").

Arm a of an episode has features x_a ∈ {0,1}^d (i.i.d. Bernoulli ½, fresh each episode) and mean
μ_a = w*·x_a for the true theory w* (uniform over the 2^d theories). A pull returns
r ~ N(μ_a, σ) and explodes (Y = 1, the agent dies) when r > T. The harm table is

    h(w, a) = P(r > T | w, a) = 1 − Φ((T − w·x_a)/σ)

(000's P(Y_{t+1} = 1 | τ, Z_{1:t}, a_{t+1}) in "Safety guardrails", for τ = w; that Y = 1
means r > T is the authors' code). Since w·x_a ∈ {0, …, d}, h takes only d + 1 values
(:func:`harm_levels`), which the simulator uses to index the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from alignlab.guardrails.config import Bandit


def harm_levels(bandit: Bandit) -> np.ndarray:
    """h for μ = 0, 1, …, d: 1 − Φ((T − μ)/σ), computed as Φ((μ − T)/σ) (exact in the tail)."""
    mu = np.arange(bandit.dim + 1, dtype=np.float64)
    return ndtr((mu - bandit.T) / bandit.sigma)


def arm_means(features: np.ndarray, dim: int) -> np.ndarray:
    """μ(w, a) = w·x_a for every theory: (…, arms, dim) 0/1 features → (…, arms, 2^dim) uint8.

    w·x_a = popcount(i & j) for the integers i, j whose bits (MSB first) are w and x_a.
    """
    x = np.asarray(features).astype(np.uint16)
    xi = (x << np.arange(dim - 1, -1, -1, dtype=np.uint16)).sum(axis=-1, dtype=np.uint16)
    wi = np.arange(2**dim, dtype=np.uint16)
    return np.bitwise_count(xi[..., None] & wi).astype(np.uint8)


def harm_table(means: np.ndarray, bandit: Bandit) -> np.ndarray:
    """h(w, a) for integer means μ(w, a): the same shape as ``means``, float64."""
    return harm_levels(bandit)[means]


@dataclass(frozen=True)
class Episodes:
    """Every random draw of a batch of episodes, fixed before the agent acts.

    features (E, arms, dim) uint8; truth (E,) index of w*; noise (E, pulls) standard normals
    (r = μ + σ·noise); uniforms (E, pulls) in [0, 1) for the agent's choice; tie_order (E, 2^dim)
    a random priority permutation of the theories (Prop 4.6's ``random`` tie rule) or None.
    Drawing everything up front gives every guardrail the same bandits, rewards noise and
    uniforms (common random numbers), and lets a per-episode loop replay a batch exactly.
    """

    features: np.ndarray
    truth: np.ndarray
    noise: np.ndarray
    uniforms: np.ndarray
    tie_order: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.truth.shape[0])

    def slice(self, start: int, stop: int) -> Episodes:
        """Episodes ``start:stop`` (views)."""
        t = None if self.tie_order is None else self.tie_order[start:stop]
        return Episodes(self.features[start:stop], self.truth[start:stop],
                        self.noise[start:stop], self.uniforms[start:stop], t)


def draw_episodes(bandit: Bandit, n: int, seed: int | np.random.SeedSequence, *,
                  tie_order: bool = False) -> Episodes:
    """``n`` episodes from independent child streams of ``seed`` (features, w*, noise, uniforms, ties).

    Each stream is drawn for all ``n`` episodes at once, so for a fixed ``n`` the draws do not
    depend on the guardrail; the tie order stream is only drawn when asked for.
    """
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    g_feat, g_truth, g_noise, g_unif, g_ties = (np.random.default_rng(s) for s in ss.spawn(5))
    features = g_feat.integers(0, 2, size=(n, bandit.arms, bandit.dim), dtype=np.uint8)
    truth = g_truth.integers(0, bandit.theories, size=n, dtype=np.int64)
    noise = g_noise.standard_normal((n, bandit.pulls))
    uniforms = g_unif.random((n, bandit.pulls))
    order = None
    if tie_order:
        order = np.argsort(g_ties.random((n, bandit.theories)), axis=-1).astype(np.int32)
    return Episodes(features, truth, noise, uniforms, order)
