"""Lemmas A.1–A.4 as property tests over thousands of random MDP pairs, and their tightness."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.pap.theorems import (
    ATOL,
    lemma_a1_sides,
    lemma_a2_sides,
    lemma_a3_sides,
    lemma_a4_sides,
    lemma_checks,
)
from alignlab.pap.worlds import perturb, random_mdps, random_policies

BATCH = 64  # MDP pairs per hypothesis example; 60 examples → 3840 pairs per lemma


def pairs(seed: int, S: int, A: int):
    rng = np.random.default_rng(seed)
    P1, r1 = random_mdps(rng, BATCH, S, A)
    P2, r2 = perturb(rng, P1, r1)
    gamma = rng.uniform(0.0, 0.99, BATCH)
    return P1, r1, P2, r2, gamma, random_policies(rng, BATCH, S, A)


shapes = dict(seed=st.integers(0, 2**32 - 1), S=st.integers(1, 5), A=st.integers(1, 3))


@settings(max_examples=60, deadline=None)
@given(**shapes)
def test_lemma_a1_simulation_lemma(seed, S, A):
    P1, r1, P2, r2, g, pi = pairs(seed, S, A)
    lhs, rhs = lemma_a1_sides(P1, r1, P2, r2, g, pi)
    assert np.all(lhs <= rhs + ATOL), float(np.max(lhs - rhs))


@settings(max_examples=25, deadline=None)
@given(**shapes)
def test_lemmas_a2_a3_a4(seed, S, A):
    P1, r1, P2, r2, g, pi = pairs(seed, S, A)
    lhs, rhs = lemma_a2_sides(P1, r1, P2, r2, g, pi)
    assert np.all(lhs <= rhs + ATOL)
    lhs, rhs = lemma_a3_sides(P1, r1, P2, r2, g)
    assert np.all(lhs <= rhs + ATOL)
    l1, r1_, l2, r2_ = lemma_a4_sides(P1, r1, P2, r2, g, pi)
    assert np.all(l1 <= r1_ + ATOL)
    assert np.all(l2 <= r2_ + ATOL)


def test_lemma_a1_is_attained_by_a_reward_shift():
    """P1 = P2 and r2 = r1 + c: ‖V1 − V2‖∞ = c/(1−γ) exactly, the bound's reward term."""
    rng = np.random.default_rng(1)
    P, r = random_mdps(rng, 10, 4, 2)
    r = 0.8 * r
    pi = random_policies(rng, 10, 4, 2)
    lhs, rhs = lemma_a1_sides(P, r, P, r + 0.2, 0.9, pi)
    np.testing.assert_allclose(lhs / rhs, 1.0, rtol=1e-9)


def test_lemma_a1_transition_term_is_within_a_small_factor():
    """Two-state world: P1 keeps you in the reward state, P2 moves you out with prob ε.

    The transition term alone is γ‖ΔP‖/(2(1−γ)²); this instance reaches > 40% of it (γ = 0.9).
    """
    eps, g = 1e-3, 0.9
    P1 = np.zeros((2, 1, 2))
    P1[0, 0, 0] = P1[1, 0, 1] = 1.0
    P2 = P1.copy()
    P2[0, 0] = [1 - eps, eps]
    r = np.array([[1.0], [0.0]])
    lhs, rhs = lemma_a1_sides(P1, r, P2, r, g, np.ones((2, 1)))
    assert lhs <= rhs + ATOL
    assert lhs / rhs > 0.4


def test_largest_observed_ratio_on_random_mdps(record_property):
    """The random-pair checks report their tightest pair; A.1 and A.2 come close to equality."""
    checks = {c.name: c for c in lemma_checks(seed=7, n=3000)}
    ratios = {k: c.lhs / c.rhs for k, c in checks.items()}
    for k, v in ratios.items():
        record_property(f"max_ratio {k}", v)
    print("largest lhs/rhs:", {k: round(v, 4) for k, v in ratios.items()})
    assert all(c.holds for c in checks.values())
    assert ratios["Lemma A.1"] > 0.9
    assert ratios["Lemma A.3"] > 0.3
    assert ratios["Lemma A.4 (optimum)"] < 1 / 3 + 1e-9  # the paper's 3L is loose by ≥ 3×
