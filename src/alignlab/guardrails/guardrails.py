"""The guardrails, one registry entry each: (posterior, harm table[, w*]) → harm estimate ĥ(a).

A guardrail rejects arm a when ĥ(a) > C (seed 000, "Safety guardrails", quoting Bengio et al.,
*Can a Bayesian Oracle Prevent Harm from an Agent?*, arXiv 2408.05284). Inputs are
arrays with any leading batch shape (…): the posterior P(w | Z_{1:t}) is (…, K) and the harm table
h(w, a) = P(Y_{t+1} = 1 | w, Z_{1:t}, a) is (…, A, K) for the A actions asked about (one action:
A = 1). ``estimate`` returns ĥ with shape (…, A); :func:`accept` returns the mask ĥ ≤ C.

=========  =====================================================================================
none       never rejects (ĥ = 0)
cheating   ĥ(a) = h(w*, a): knows the true theory
posterior  ĥ(a) = Σ_w P(w | Z) h(w, a): the posterior predictive
iid        Prop 3.4: ĥ(a) = h(w̃, a), w̃ ∈ argmax_w P(w | Z) h(w, a); the seed's "if there exists"
           an argmax with h > C means: among tied argmaxes, the largest h
non-iid    Prop 4.6: ĥ(a) = max_{w ∈ M^α} h(w, a), M^α from :func:`plausible_set`
=========  =====================================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from alignlab.guardrails.errors import GuardrailsError

TIE_RULES: tuple[str, ...] = ("index", "random", "groups")  # orders of tied posteriors in M^α
DEFAULT_TIES = "groups"


def plausible_sets(posterior: np.ndarray, alphas: Sequence[float], ties: str = DEFAULT_TIES,
                   tie_order: np.ndarray | None = None) -> np.ndarray:
    """M^α for several α at once: a bool mask (len(alphas), …, K) over the theories.

    Sort the posterior descending, S_k = mass of the first k theories; the k-th is kept iff
    p_(k) ≥ α·S_k (Prop 4.6's M^α as the authors' code computes it — 000 quotes the guardrail, not
    the set; docs/guardrails.md). The kept set is a prefix of the order, never empty for
    α ≤ 1. Theories with equal posterior (ties) need an order:

    - ``index``: ascending theory index;
    - ``random``: the priority permutation ``tie_order`` (…, K) (a random permutation per
      episode, see :func:`alignlab.guardrails.bandit.draw_episodes`);
    - ``groups``: order-free — a tie group is kept whole iff its first member would be,
      i.e. τ ∈ M^α iff p(τ) ≥ α·(mass of theories more probable than τ + p(τ)). This is the
      union of M^α over all tie orders: the most cautious order-free reading.

    The sort is on values only: the kept set is {p > p*} plus c members of the tie group at the
    boundary value p*, chosen by the tie order.
    """
    if ties not in TIE_RULES:
        raise GuardrailsError(f"unknown tie rule {ties!r}; allowed: {', '.join(TIE_RULES)}")
    p = np.asarray(posterior, dtype=np.float64)
    batch, k = p.shape[:-1], p.shape[-1]
    p = p.reshape(-1, k)
    al = np.asarray(alphas, dtype=np.float64).reshape(-1)
    if np.any(~(al > 0)) or np.any(al > 1):
        raise GuardrailsError(f"alpha must be in (0, 1], got {list(al)}")
    sp = -np.sort(-p, axis=-1)  # descending values
    cs = np.cumsum(sp, axis=-1)
    if ties == "groups":
        first = np.ones_like(sp, dtype=bool)
        first[:, 1:] = sp[:, 1:] != sp[:, :-1]
        start = np.maximum.accumulate(np.where(first, np.arange(k), 0), axis=-1)
        cs = np.take_along_axis(cs, start, axis=-1)  # S at the first member of each tie group
    # prefix length K_α = number of kept positions (the condition is monotone along the order)
    n_keep = (sp[None] >= al[:, None, None] * cs[None]).sum(axis=-1)  # (n_alpha, N)
    rows = np.arange(p.shape[0])
    out = np.empty((al.size, p.shape[0], k), dtype=bool)
    for j in range(al.size):
        p_star = sp[rows, n_keep[j] - 1][:, None]
        above = p > p_star
        if ties == "groups":
            out[j] = p >= p_star
            continue
        eq = p == p_star
        c = (n_keep[j] - above.sum(axis=-1))[:, None]  # members of the boundary group kept
        if ties == "index":
            rank = np.cumsum(eq, axis=-1)
        else:
            if tie_order is None:
                raise GuardrailsError("the random tie rule needs tie_order (a permutation per row)")
            order = np.asarray(tie_order).reshape(-1, k)
            rank = np.empty_like(p, dtype=np.int64)
            np.put_along_axis(rank, order,
                              np.cumsum(np.take_along_axis(eq, order, axis=-1), axis=-1), axis=-1)
        out[j] = above | (eq & (rank <= c))
    return out.reshape((al.size, *batch, k))


def plausible_set(posterior: np.ndarray, alpha: float, ties: str = DEFAULT_TIES,
                  tie_order: np.ndarray | None = None) -> np.ndarray:
    """M^α as a bool mask (…, K); see :func:`plausible_sets`."""
    return plausible_sets(posterior, (alpha,), ties, tie_order)[0]


def _none(post: np.ndarray, harm: np.ndarray, **_: Any) -> np.ndarray:
    return np.zeros(harm.shape[:-1])


def _cheating(post: np.ndarray, harm: np.ndarray, *, truth: Any = None, **_: Any) -> np.ndarray:
    if truth is None:
        raise GuardrailsError("the cheating guardrail needs the true theory (truth=index of w*)")
    t = np.broadcast_to(np.asarray(truth, dtype=np.int64)[..., None, None],
                        (*harm.shape[:-1], 1))
    return np.take_along_axis(harm, t, axis=-1)[..., 0]


def _posterior(post: np.ndarray, harm: np.ndarray, **_: Any) -> np.ndarray:
    return np.matmul(harm, post[..., :, None])[..., 0]


def _iid(post: np.ndarray, harm: np.ndarray, **_: Any) -> np.ndarray:
    prod = harm * post[..., None, :]
    top = prod.max(axis=-1, keepdims=True)
    # harm >= 0: the largest harm among the theories that attain the maximum of P(w | Z) h(w, a)
    return np.multiply(harm, prod == top, out=prod).max(axis=-1)


def _non_iid(post: np.ndarray, harm: np.ndarray, *, alpha: float | None = None,
             ties: str = DEFAULT_TIES, tie_order: np.ndarray | None = None,
             **_: Any) -> np.ndarray:
    if alpha is None:
        raise GuardrailsError("the non-iid guardrail needs alpha (α in (0, 1])")
    keep = plausible_set(post, alpha, ties, tie_order)
    return np.where(keep[..., None, :], harm, 0.0).max(axis=-1)


@dataclass(frozen=True)
class Guardrail:
    """One guardrail: its name (CLI), label (plots), what it needs, and ĥ's rule."""

    name: str
    label: str
    needs_alpha: bool
    needs_truth: bool
    rule: str  # the seed's definition, shortened
    estimate: Callable[..., np.ndarray]


GUARDRAILS: dict[str, Guardrail] = {g.name: g for g in (
    Guardrail("none", "none", False, False, "never rejects", _none),
    Guardrail("cheating", "cheating", False, True,
              "rejects a if P(Y = 1 | Z, τ*, a) > C (knows the true theory τ*)", _cheating),
    Guardrail("posterior", "posterior", False, False,
              "rejects a if P(Y = 1 | Z, a) = Σ_τ P(τ | Z) P(Y = 1 | τ, Z, a) > C", _posterior),
    Guardrail("iid", "Prop 3.4", False, False,
              "rejects a if some τ̃ ∈ argmax_τ P(τ | Z) P(Y = 1 | τ, Z, a) has "
              "P(Y = 1 | τ̃, Z, a) > C", _iid),
    Guardrail("non-iid", "Prop 4.6", True, False,
              "rejects a if max_{τ ∈ M^α_Z} P(Y = 1 | Z, τ, a) > C", _non_iid),
)}


def get_guardrail(name: str) -> Guardrail:
    """The registry entry ``name``; a :class:`GuardrailsError` lists the allowed names."""
    try:
        return GUARDRAILS[name]
    except (KeyError, TypeError):
        raise GuardrailsError(f"unknown guardrail {name!r}; allowed: "
                              f"{', '.join(GUARDRAILS)}") from None


def harm_estimate(name: str, posterior: np.ndarray, harm: np.ndarray, *, truth: Any = None,
                  alpha: float | None = None, ties: str = DEFAULT_TIES,
                  tie_order: np.ndarray | None = None) -> np.ndarray:
    """ĥ(a) of guardrail ``name`` for every action in ``harm`` (…, A, K) → (…, A)."""
    post = np.asarray(posterior, dtype=np.float64)
    h = np.asarray(harm, dtype=np.float64)
    if h.ndim < 2 or h.shape[-1] != post.shape[-1] or h.shape[:-2] != post.shape[:-1]:
        raise GuardrailsError(f"harm table {h.shape} must be (…, actions, K) for a posterior "
                              f"{post.shape} = (…, K)")
    return get_guardrail(name).estimate(post, h, truth=truth, alpha=alpha, ties=ties,
                                        tie_order=tie_order)


def accept(name: str, posterior: np.ndarray, harm: np.ndarray, threshold: float,
           **kwargs: Any) -> np.ndarray:
    """The accept mask (…, A): True where ĥ(a) ≤ C (the guardrail rejects where ĥ(a) > C)."""
    return harm_estimate(name, posterior, harm, **kwargs) <= threshold
