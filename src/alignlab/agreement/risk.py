"""Tail risk (App. C) and Prop. 5's coverage argument.

ES^τ (expected shortfall, CVaR at level τ) of a loss L is the mean of its worst τ-fraction:
Rockafellar–Uryasev, ES^τ(L) = min_c c + E[(L − c)_+]/τ. For a Bernoulli(p) loss, ES^τ = min(1, p/τ).
Since ES^τ is (1/τ)-Lipschitz in the mean for Bernoulli losses, agreement on E within ε gives
agreement on ES within ε/τ: :func:`es_agreement` checks eq. 2 on conditional ES with that tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alignlab.agreement.criterion import Agreement, agreement
from alignlab.agreement.errors import AgreementError


def _tau(tau: float) -> None:
    if not 0 < tau <= 1:
        raise AgreementError(f"tau must be in (0, 1], got {tau}")


def es_bernoulli(p: float | np.ndarray, tau: float) -> float | np.ndarray:
    """ES^τ of a Bernoulli(p) loss: min(1, p/τ)."""
    _tau(tau)
    return np.minimum(1.0, np.asarray(p, dtype=float) / tau)


def es_discrete(losses: np.ndarray, probs: np.ndarray, tau: float) -> float:
    """ES^τ of a discrete loss (values, probabilities): the mean of the worst τ mass."""
    _tau(tau)
    order = np.argsort(-np.asarray(losses, dtype=float), kind="stable")
    L, q = np.asarray(losses, float)[order], np.asarray(probs, float)[order]
    q = q / q.sum()
    before = np.cumsum(q) - q
    take = np.clip(tau - before, 0, q)
    return float((L * take).sum() / tau)


def es_rockafellar_uryasev(losses: np.ndarray, probs: np.ndarray, tau: float) -> float:
    """ES^τ as min over c of c + E[(L−c)_+]/τ (the minimum is attained at a loss value)."""
    _tau(tau)
    L = np.asarray(losses, float)
    q = np.asarray(probs, float) / np.sum(probs)
    vals = [c + float((np.maximum(L - c, 0) * q).sum()) / tau for c in np.unique(L)]
    return float(min(vals))


def conditional_es(labels: np.ndarray, prior: np.ndarray, losses: np.ndarray, tau: float) -> np.ndarray:
    """ES^τ of the loss under P(·|Π(s)) for every state s (vectorised over cells)."""
    _tau(tau)
    prior = np.asarray(prior, float)
    losses = np.asarray(losses, float)
    order = np.lexsort((-losses, labels))
    lab, L, p = labels[order], losses[order], prior[order]
    k = int(labels.max()) + 1
    tot = np.bincount(lab, weights=p, minlength=k)
    q = p / tot[lab]
    cum = np.cumsum(q)
    start = np.searchsorted(lab, np.arange(k))
    offset = (cum - q)[start]  # cumulative mass before each cell's first state
    before = cum - q - offset[lab]
    take = np.clip(tau - before, 0, q)
    es = np.bincount(lab, weights=L * take, minlength=k) / tau
    return es[labels]


def es_agreement(partitions: Sequence[np.ndarray], priors: Sequence[np.ndarray], losses: np.ndarray,
                 tau: float, eps: float, delta: float, measures: Sequence[np.ndarray] | None = None) -> Agreement:
    """Eq. 2 on the agents' conditional ES^τ with tolerance ε/τ (App. C)."""
    es = [conditional_es(lab, p, losses, tau) for lab, p in zip(partitions, priors, strict=True)]
    return agreement(es, list(measures) if measures is not None else list(priors), min(eps / tau, 1.0), delta)


def miss_probability(nu: float, K: int) -> float:
    """Prop. 5: a state of prior mass ν is missed by K independent draws with probability (1−ν)^K."""
    return float((1 - nu) ** K)


def coverage_simulation(D: int, K: int, slice_states: np.ndarray, slice_budget: float,
                        rng: np.random.Generator, *, trials: int = 200,
                        prior: np.ndarray | None = None) -> dict:
    """Fraction of a safety-critical slice left unseen by K draws: uniform coverage vs a budget
    that spends ``slice_budget``·K draws uniformly on the slice and the rest on the prior."""
    prior = np.full(D, 1 / D) if prior is None else np.asarray(prior, float) / np.sum(prior)
    sl = np.asarray(slice_states)
    k_slice = round(slice_budget * K)
    miss_u, miss_t = [], []
    for _ in range(trials):
        seen = np.zeros(D, bool)
        seen[rng.choice(D, size=K, p=prior)] = True
        miss_u.append(1 - seen[sl].mean())
        seen[:] = False
        seen[rng.choice(D, size=K - k_slice, p=prior)] = True
        seen[rng.choice(sl, size=k_slice)] = True
        miss_t.append(1 - seen[sl].mean())
    m = float(prior[sl].mean())
    return {"uniform_missed": float(np.mean(miss_u)), "targeted_missed": float(np.mean(miss_t)),
            "uniform_predicted": miss_probability(m, K)}
