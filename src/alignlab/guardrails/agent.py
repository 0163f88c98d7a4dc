"""The Boltzmann agent over posterior-mean rewards, restricted to the arms the guardrail accepts.

μ̂_a = x_a · E[w | Z] and P(a) ∝ exp(β μ̂_a) over the accepted arms (β = 0.5: the authors'
exploding-bandit code, docs/guardrails.md "The experiment"). Seed 000 ("Safety guardrails"):
"actions that the guardrail rejects are forbidden to be sampled by the agent. If all actions are
rejected by the guardrail, the episode terminates." The reference samples lazily (draw, check,
forbid, redraw); :func:`lazy_rejection_sample` is that loop, and it draws from the same
distribution as the masked softmax :func:`boltzmann` + :func:`sample` used by the simulator.
"""

from __future__ import annotations

import numpy as np


def posterior_mean_rewards(posterior: np.ndarray, features: np.ndarray) -> np.ndarray:
    """μ̂ (…, A) = X · E[w | Z] for a posterior (…, K) over the theory-matrix rows and
    features (…, A, d).

    E[w_j | Z] is the posterior mass of the theories whose index has bit j set, summed over a
    reshaped view (no BLAS call: tiny multi-threaded BLAS products stall on a busy machine).
    """
    p = np.asarray(posterior, dtype=np.float64)
    dim = features.shape[-1]
    lead = p.shape[:-1]
    flat = p.reshape(-1, 2**dim)
    mean_w = np.empty((flat.shape[0], dim))
    for j in range(dim):
        mean_w[:, j] = flat.reshape(-1, 2**j, 2, 2 ** (dim - 1 - j))[:, :, 1, :].sum(axis=(1, 2))
    mean_w = mean_w.reshape(*lead, dim)
    return (features * mean_w[..., None, :]).sum(axis=-1)


def boltzmann(mu_hat: np.ndarray, accepted: np.ndarray, beta: float) -> np.ndarray:
    """Softmax(β μ̂) restricted to the accepted arms (…, A); a row with no accepted arm is all 0.

    The exponent is β·(μ̂_a − max μ̂) ≤ 0, shifted before scaling, so any finite β (up to 1.8e308)
    gives finite weights; β → ∞ tends to the uniform choice among the best accepted arms.
    (For β = 0.5, a power of two, this is bit for bit exp(β μ̂_a − max β μ̂).)
    """
    top = np.where(accepted, mu_hat, -np.inf).max(axis=-1, keepdims=True)
    gap = mu_hat - np.where(np.isfinite(top), top, 0.0)  # ≤ 0 on accepted arms
    with np.errstate(over="ignore"):  # β·(a large gap) → −inf is exp's 0
        w = np.exp(np.where(accepted, beta * gap, -np.inf))
    total = w.sum(axis=-1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)


def sample(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Inverse-CDF draw per row: the arm k with cum_{k−1} < (1 − u)·total ≤ cum_k, u ∈ [0, 1).

    Using 1 − u ∈ (0, 1] means an arm of probability 0 is never drawn.
    """
    cum = np.cumsum(probs, axis=-1)
    target = (1.0 - np.asarray(u))[..., None] * cum[..., -1:]
    return (cum < target).sum(axis=-1)


def lazy_rejection_sample(probs: np.ndarray, accepted: np.ndarray,
                          rng: np.random.Generator) -> int | None:
    """The reference's loop for one step: draw from the softmax over arms not yet rejected, ask the
    guardrail, forbid a rejected arm and redraw; None once every arm is rejected (episode ends).

    ``probs`` (A,) is the full softmax; ``accepted`` (A,) the guardrail's verdict per arm.
    """
    p = np.array(probs, dtype=np.float64)
    rejected = np.zeros(p.shape, dtype=bool)
    while True:
        q = np.where(rejected, 0.0, p)
        a = int(rng.choice(p.size, p=q / q.sum()))
        if accepted[a]:
            return a
        rejected[a] = True
        if rejected.all():
            return None
