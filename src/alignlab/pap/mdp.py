"""Tabular MDPs M(θ) = ⟨S, A, P_ω, s0, γ, r_ψ⟩, exact policy evaluation and optimal planning.

θ = (ψ, ω): ``r`` (S×A, values in [0,1]) is r_ψ and ``P`` (S×A×S, rows on the simplex) is P_ω.
A policy ``pi`` is an S×A row-stochastic array (deterministic plans are one-hot rows) or an
integer vector of S actions.  R(π; θ) = V^π_θ(s0) is computed exactly by solving
(I − γ P_π) V = r_π (a dense linear solve).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alignlab.config import as_int, as_number
from alignlab.pap.errors import PapError

#: Absolute tolerance used when validating probabilities (rows must sum to 1 within it).
PROB_ATOL = 1e-9
#: Two actions whose Q-values differ by at most this are treated as tied in policy iteration.
TIE_TOL = 1e-12


def check_transitions(P: np.ndarray, *, where: str = "P") -> np.ndarray:
    """Validate P_ω (S×A×S): finite, non-negative, each row P(·|s,a) sums to 1; returns float copy."""
    arr = np.array(P, dtype=float)
    if arr.ndim != 3 or arr.shape[0] != arr.shape[2] or 0 in arr.shape:
        raise PapError(f"{where}: transitions must have shape S×A×S with S, A ≥ 1, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        s, a, t = np.argwhere(~np.isfinite(arr))[0]
        raise PapError(f"{where}[{s}][{a}][{t}]: transition probability must be finite, got {arr[s, a, t]}")
    if np.any(arr < 0):
        s, a, t = np.argwhere(arr < 0)[0]
        raise PapError(f"{where}[{s}][{a}][{t}]: transition probability must be ≥ 0, got {arr[s, a, t]:g}")
    sums = arr.sum(axis=2)
    bad = np.abs(sums - 1.0) > PROB_ATOL
    if np.any(bad):
        s, a = np.argwhere(bad)[0]
        raise PapError(
            f"{where}[{s}][{a}]: transition row (state {s}, action {a}) must sum to 1, "
            f"sums to {sums[s, a]:.12g}"
        )
    return arr


def check_rewards(r: np.ndarray, *, where: str = "r", shape: tuple[int, int] | None = None) -> np.ndarray:
    """Validate r_ψ (S×A) with every entry in [0, 1]; returns a float copy."""
    arr = np.array(r, dtype=float)
    if arr.ndim != 2 or 0 in arr.shape:
        raise PapError(f"{where}: rewards must have shape S×A, got {arr.shape}")
    if shape is not None and arr.shape != shape:
        raise PapError(f"{where}: rewards must have shape {shape[0]}×{shape[1]} (S×A), got {arr.shape}")
    bad = ~np.isfinite(arr) | (arr < 0) | (arr > 1)
    if np.any(bad):
        s, a = np.argwhere(bad)[0]
        raise PapError(f"{where}[{s}][{a}]: reward must be in [0, 1], got {float(arr[s, a]):g}")
    return arr


def check_gamma(gamma: float, *, where: str = "gamma") -> float:
    """Validate the discount γ ∈ [0, 1)."""
    return as_number(gamma, f"{where}: discount", where="", lo=0, hi=1, hi_open=True, error=PapError)


def check_state(s0: int, n_states: int, *, where: str = "s0") -> int:
    """Validate the start state index."""
    return as_int(s0, f"{where}: start state", where="", lo=0, hi=n_states - 1, error=PapError)


@dataclass(frozen=True, eq=False)
class MDP:
    """M(θ) with θ = (ψ, ω): ``r`` = r_ψ (S×A), ``P`` = P_ω (S×A×S), start ``s0``, discount ``gamma``."""

    P: np.ndarray
    r: np.ndarray
    s0: int
    gamma: float

    def __post_init__(self) -> None:
        P = check_transitions(self.P)
        r = check_rewards(self.r, shape=P.shape[:2])
        object.__setattr__(self, "P", P)
        object.__setattr__(self, "r", r)
        object.__setattr__(self, "s0", check_state(self.s0, P.shape[0]))
        object.__setattr__(self, "gamma", check_gamma(self.gamma))
        P.setflags(write=False)
        r.setflags(write=False)

    @property
    def n_states(self) -> int:
        return int(self.P.shape[0])

    @property
    def n_actions(self) -> int:
        return int(self.P.shape[1])


def as_policy(pi: np.ndarray, n_states: int, n_actions: int) -> np.ndarray:
    """An S×A row-stochastic policy from either that array or an S-vector of action indices."""
    arr = np.asarray(pi)
    if arr.ndim == 1:
        if arr.shape[0] != n_states or not np.issubdtype(arr.dtype, np.integer):
            raise PapError(f"policy: expected {n_states} integer actions, got {arr!r}")
        if np.any((arr < 0) | (arr >= n_actions)):
            raise PapError(f"policy: actions must be in [0, {n_actions - 1}], got {arr.tolist()}")
        out = np.zeros((n_states, n_actions))
        out[np.arange(n_states), arr] = 1.0
        return out
    arr = np.array(arr, dtype=float)
    if arr.shape != (n_states, n_actions):
        raise PapError(f"policy: expected shape {n_states}×{n_actions}, got {arr.shape}")
    if np.any(arr < 0) or np.any(np.abs(arr.sum(axis=1) - 1) > PROB_ATOL):
        raise PapError("policy: each row π(·|s) must be a probability vector")
    return arr


def state_values(P: np.ndarray, r: np.ndarray, gamma: float, pi: np.ndarray) -> np.ndarray:
    """V^π_θ for every state: the exact solution of (I − γ P_π) V = r_π (arrays assumed valid).

    Works on a single MDP (P: S×A×S) or a batch (P: B×S×A×S, r: B×S×A, gamma: scalar or B,
    pi: B×S×A) with one batched ``numpy.linalg.solve``.
    """
    P = np.asarray(P, dtype=float)
    pi = np.asarray(pi, dtype=float)
    r_pi = np.einsum("...sa,...sa->...s", pi, r)
    P_pi = np.einsum("...sa,...sat->...st", pi, P)
    g = np.asarray(gamma, dtype=float)[..., None, None]
    n = P.shape[-1]
    A = np.eye(n) - g * P_pi
    return np.linalg.solve(A, r_pi[..., None])[..., 0]


def q_values(P: np.ndarray, r: np.ndarray, gamma: float, V: np.ndarray) -> np.ndarray:
    """Q(s,a) = r(s,a) + γ Σ_s' P(s'|s,a) V(s') (batched like :func:`state_values`)."""
    g = np.asarray(gamma, dtype=float)[..., None, None]
    return r + g * np.einsum("...sat,...t->...sa", P, V)


def policy_iteration(
    P: np.ndarray, r: np.ndarray, gamma: float, *, max_iter: int = 10_000
) -> tuple[np.ndarray, np.ndarray]:
    """π_opt(θ) and V*_θ by Howard's policy iteration (exact up to linear-solve round-off).

    Each step evaluates the current deterministic policy exactly, then switches an action only
    where another one improves Q by more than ``TIE_TOL`` (so ties keep the current action, the
    lowest index initially); this terminates after finitely many steps. Batched like
    :func:`state_values`. Returns (one-hot policy, V*).
    """
    P = np.asarray(P, dtype=float)
    r = np.asarray(r, dtype=float)
    S, A = r.shape[-2], r.shape[-1]
    act = np.zeros(r.shape[:-1], dtype=int)
    eye = np.eye(A)
    for _ in range(max_iter):
        V = state_values(P, r, gamma, eye[act])
        Q = q_values(P, r, gamma, V)
        best = Q.argmax(axis=-1)
        cur = np.take_along_axis(Q, act[..., None], axis=-1)[..., 0]
        improve = Q.max(axis=-1) > cur + TIE_TOL * np.maximum(1.0, np.abs(cur))
        if not np.any(improve):
            return eye[act], V
        act = np.where(improve, best, act)
    raise PapError(f"policy iteration did not converge in {max_iter} steps (S={S}, A={A})")


def value_iteration(
    P: np.ndarray, r: np.ndarray, gamma: float, *, tol: float = 1e-10, max_iter: int = 1_000_000
) -> tuple[np.ndarray, np.ndarray]:
    """V*_θ within ``tol`` (sup norm) and its greedy policy, by value iteration.

    Stops when ‖V_{k+1} − V_k‖∞ ≤ tol·(1−γ)/γ, which guarantees ‖V_{k+1} − V*‖∞ ≤ tol (contraction
    argument); the greedy policy is then 2·tol·γ/(1−γ)-optimal. Prefer :func:`policy_iteration`
    when exactness matters.
    """
    P = np.asarray(P, dtype=float)
    r = np.asarray(r, dtype=float)
    gamma = float(gamma)
    V = np.zeros(r.shape[:-1])
    stop = tol * (1 - gamma) / gamma if gamma > 0 else np.inf
    for _ in range(max_iter):
        Q = q_values(P, r, gamma, V)
        V_new = Q.max(axis=-1)
        if np.max(np.abs(V_new - V)) <= stop:
            V = V_new
            break
        V = V_new
    else:
        raise PapError(f"value iteration did not reach tol={tol} in {max_iter} sweeps")
    act = q_values(P, r, gamma, V).argmax(axis=-1)
    return np.eye(r.shape[-1])[act], V


def plan(mdp: MDP, *, method: str = "policy_iteration", tol: float = 1e-10) -> np.ndarray:
    """π_opt(θ) for ``mdp`` (one-hot S×A) by ``policy_iteration`` (default, exact) or ``value_iteration``."""
    if method == "policy_iteration":
        return policy_iteration(mdp.P, mdp.r, mdp.gamma)[0]
    if method == "value_iteration":
        return value_iteration(mdp.P, mdp.r, mdp.gamma, tol=tol)[0]
    raise PapError(f"planning method must be 'policy_iteration' or 'value_iteration', got {method!r}")


def value(mdp: MDP, pi: np.ndarray) -> float:
    """R(π; θ) = V^π_θ(s0), exactly."""
    pol = as_policy(pi, mdp.n_states, mdp.n_actions)
    return float(state_values(mdp.P, mdp.r, mdp.gamma, pol)[mdp.s0])


def optimal_value(mdp: MDP) -> float:
    """R_opt(θ) = V*_θ(s0), by policy iteration."""
    return float(policy_iteration(mdp.P, mdp.r, mdp.gamma)[1][mdp.s0])
