import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.agreement.partitions import canonical, cells
from alignlab.agreement.risk import (
    conditional_es,
    coverage_simulation,
    es_agreement,
    es_bernoulli,
    es_discrete,
    es_rockafellar_uryasev,
    miss_probability,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=12), st.floats(0.05, 1.0),
       st.integers(0, 2**31))
def test_es_sorting_equals_rockafellar_uryasev(losses, tau, seed):
    q = np.random.default_rng(seed).random(len(losses)) + 0.01
    L = np.array(losses, float) / 10
    assert abs(es_discrete(L, q, tau) - es_rockafellar_uryasev(L, q, tau)) < 1e-9


def test_bernoulli_es():
    assert es_bernoulli(0.1, 0.2) == 0.5
    assert es_bernoulli(0.3, 0.2) == 1.0
    assert abs(es_discrete(np.array([1.0, 0.0]), np.array([0.1, 0.9]), 0.2) - 0.5) < 1e-12


def test_conditional_es_matches_per_cell_loop():
    rng = np.random.default_rng(2)
    D = 30
    lab = canonical(rng.integers(0, 5, D))
    p = rng.random(D) + 0.1
    L = rng.random(D)
    es = conditional_es(lab, p, L, 0.3)
    for c in cells(lab):
        assert np.allclose(es[c], es_discrete(L[c], p[c], 0.3))


def test_es_agreement_tolerance_eps_over_tau():
    lab1 = np.array([0, 0, 1, 1])
    lab2 = np.array([0, 0, 0, 0])
    p = np.full(4, 0.25)
    L = np.array([1.0, 0.0, 0.0, 0.0])
    a = es_agreement([lab1, lab2], [p, p], L, tau=0.5, eps=0.2, delta=0.1)
    # ES: agent 1 gives 1 on {1,2}, 0 on {3,4}; agent 2 gives 0.5 everywhere: |Δ| = 0.5 > ε/τ = 0.4
    assert not a.holds
    assert es_agreement([lab1, lab2], [p, p], L, tau=0.5, eps=0.3, delta=0.1).holds


def test_miss_probability_matches_simulation():
    rng = np.random.default_rng(0)
    out = coverage_simulation(200, 100, np.arange(10), 0.3, rng, trials=300)
    assert abs(out["uniform_missed"] - miss_probability(1 / 200, 100)) < 0.05
    assert out["targeted_missed"] < out["uniform_missed"]
