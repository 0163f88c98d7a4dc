"""The exact posterior over the finite theory set (the authors' exploding-bandit code,
docs/guardrails.md "The experiment"; 000's P(τ | Z_{1:t})).

Uniform prior; after pulling arm a and seeing reward r, every theory's log-probability gains
log N(r; w·x_a, σ); the vector is renormalised with log-sum-exp. Theories that no observation
has told apart (same w·x_a for every pulled arm) get bit-identical log-probabilities — the ties
that Prop 4.6's M^α has to order (docs/guardrails.md, "Ties in M^α").
"""

from __future__ import annotations

import math

import numpy as np


def uniform_log_prior(n_theories: int, batch: int | None = None) -> np.ndarray:
    """log(1/K) for each of the K theories; shape (K,) or (batch, K)."""
    shape = (n_theories,) if batch is None else (batch, n_theories)
    return np.full(shape, -math.log(n_theories))


def normalise(log_post: np.ndarray) -> np.ndarray:
    """``log_post`` minus its log-sum-exp over the last axis (so the probabilities sum to 1)."""
    m = log_post.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(log_post - m).sum(axis=-1, keepdims=True))
    return log_post - lse


def update(log_post: np.ndarray, reward: np.ndarray | float, means: np.ndarray,
           sigma: float) -> np.ndarray:
    """Bayes' rule for one pull: log p(w | Z, r) = log p(w | Z) + log N(r; μ(w), σ) − log Z.

    ``means`` (…, K) holds μ(w) = w·x_a of the pulled arm under every theory; ``reward`` (…).
    """
    z = (np.asarray(reward, dtype=np.float64)[..., None] - means) / sigma
    loglik = -0.5 * z * z - math.log(sigma * math.sqrt(2.0 * math.pi))
    return normalise(log_post + loglik)


def probabilities(log_post: np.ndarray) -> np.ndarray:
    """P(w | Z) from a normalised log-posterior."""
    return np.exp(log_post)
