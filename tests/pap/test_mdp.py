"""Exact evaluation and planning on tabular MDPs; validation errors name the entry."""

from __future__ import annotations

import numpy as np
import pytest

from alignlab.pap import (
    MDP,
    PapError,
    optimal_value,
    plan,
    policy_iteration,
    value,
    value_iteration,
)
from alignlab.pap.mdp import as_policy, state_values
from alignlab.pap.worlds import random_mdps, random_policies


def naive_evaluate(P, r, gamma, pi, sweeps=5000):
    """Iterative policy evaluation with explicit loops (the reference)."""
    S, A = r.shape
    V = np.zeros(S)
    for _ in range(sweeps):
        new = np.zeros(S)
        for s in range(S):
            for a in range(A):
                new[s] += pi[s, a] * (r[s, a] + gamma * sum(P[s, a, t] * V[t] for t in range(S)))
        V = new
    return V


def chain() -> MDP:
    P = np.zeros((2, 2, 2))
    P[0, 0, 0] = P[0, 1, 1] = P[1, :, 1] = 1.0
    return MDP(P, np.array([[0.5, 0.0], [1.0, 1.0]]), 0, 0.9)


def test_closed_form_values():
    m = chain()
    assert value(m, np.array([0, 0])) == pytest.approx(0.5 / 0.1, abs=1e-12)
    assert value(m, np.array([1, 0])) == pytest.approx(0.9 * 10, abs=1e-12)
    assert optimal_value(m) == pytest.approx(9.0, abs=1e-12)
    assert plan(m)[0].tolist() == [0.0, 1.0]


def test_exact_evaluation_matches_naive_loop():
    rng = np.random.default_rng(3)
    P, r = random_mdps(rng, 3, 4, 2)
    pi = random_policies(rng, 3, 4, 2)
    for b in range(3):
        exact = state_values(P[b], r[b], 0.7, pi[b])
        np.testing.assert_allclose(exact, naive_evaluate(P[b], r[b], 0.7, pi[b], 200), atol=1e-9)


def test_batched_evaluation_matches_single():
    rng = np.random.default_rng(4)
    P, r = random_mdps(rng, 5, 3, 3)
    pi = random_policies(rng, 5, 3, 3)
    g = np.linspace(0.1, 0.95, 5)
    batch = state_values(P, r, g, pi)
    for b in range(5):
        np.testing.assert_allclose(batch[b], state_values(P[b], r[b], g[b], pi[b]), atol=1e-12)


def test_policy_iteration_is_optimal_and_agrees_with_value_iteration():
    rng = np.random.default_rng(5)
    P, r = random_mdps(rng, 20, 4, 3)
    _, vstar = policy_iteration(P, r, 0.9)
    for b in range(20):
        _, v_vi = value_iteration(P[b], r[b], 0.9, tol=1e-10)
        np.testing.assert_allclose(vstar[b], v_vi, atol=1e-9)
        # No deterministic policy beats π_opt anywhere (check all 3^4 of them).
        for code in range(3**4):
            acts = np.array([(code // 3**k) % 3 for k in range(4)])
            v = state_values(P[b], r[b], 0.9, np.eye(3)[acts])
            assert np.all(v <= vstar[b] + 1e-10)


def test_policy_integer_and_matrix_forms():
    assert as_policy(np.array([1, 0]), 2, 2).tolist() == [[0, 1], [1, 0]]
    with pytest.raises(PapError, match="actions must be in"):
        as_policy(np.array([2, 0]), 2, 2)
    with pytest.raises(PapError, match="probability vector"):
        as_policy(np.array([[0.5, 0.6], [1, 0]]), 2, 2)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda P, r: (P.__setitem__((1, 0, 1), 0.7), r), r"P\[1\]\[0\].*sum to 1, sums to 0.7"),
        (lambda P, r: (P.__setitem__((0, 1, 0), -0.5), r), r"P\[0\]\[1\]\[0\].*≥ 0"),
        (lambda P, r: (P, r.__setitem__((1, 1), 1.5)), r"r\[1\]\[1\]: reward must be in \[0, 1\], got 1.5"),
        (lambda P, r: (P, r.__setitem__((0, 0), -0.1)), r"r\[0\]\[0\]: reward must be in \[0, 1\]"),
        (lambda P, r: (P, r.__setitem__((0, 1), np.nan)), r"r\[0\]\[1\]"),
    ],
)
def test_bad_arrays_name_the_entry(mutate, message):
    m = chain()
    P, r = m.P.copy(), m.r.copy()
    mutate(P, r)
    with pytest.raises(PapError, match=message):
        MDP(P, r, 0, 0.9)


@pytest.mark.parametrize("gamma", [1.0, -0.1, 1.5, float("nan"), "0.9", True])
def test_bad_gamma(gamma):
    m = chain()
    with pytest.raises(PapError, match="discount must"):
        MDP(m.P, m.r, 0, gamma)


def test_bad_shapes_and_start():
    m = chain()
    with pytest.raises(PapError, match="start state"):
        MDP(m.P, m.r, 2, 0.9)
    with pytest.raises(PapError, match="S×A×S"):
        MDP(np.ones((2, 2)), m.r, 0, 0.9)
    with pytest.raises(PapError, match="shape 2×2"):
        MDP(m.P, np.zeros((3, 2)), 0, 0.9)
    with pytest.raises(PapError, match="planning method"):
        plan(m, method="magic")


def test_value_iteration_tolerance_is_honoured():
    m = chain()
    for tol in (1e-2, 1e-6):
        _, v = value_iteration(m.P, m.r, m.gamma, tol=tol)
        assert np.max(np.abs(v - np.array([9.0, 10.0]))) <= tol
