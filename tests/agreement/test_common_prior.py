from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.agreement.common_prior import construct_common_prior
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.lemma2 import eq10_excess


def _check_prior(p, parts, taus):
    assert np.all(p > 0)
    for lab, tau in zip(parts, taus, strict=True):
        for c in np.unique(lab):
            cell = lab == c
            assert np.allclose(p[cell] / p[cell].sum(), tau[cell] / tau[cell].sum(), rtol=1e-7, atol=1e-12)


@st.composite
def profile(draw):
    """Random partitions; posteriors either from one common prior (consistent) or perturbed."""
    D = draw(st.integers(2, 14))
    N = draw(st.integers(2, 4))
    k = draw(st.integers(1, 4))
    parts = [np.array(draw(st.lists(st.integers(0, k), min_size=D, max_size=D))) for _ in range(N)]
    base = np.array(draw(st.lists(st.integers(1, 20), min_size=D, max_size=D)), float)
    taus = []
    for _ in range(N):
        t = base.copy()
        if draw(st.booleans()):  # perturb one state's weight by a visible factor
            s = draw(st.integers(0, D - 1))
            t[s] *= draw(st.sampled_from([0.5, 2.0, 3.0]))
        taus.append(t / t.sum())
    return parts, taus


@settings(max_examples=200, deadline=None)
@given(profile())
def test_direct_and_lp_agree(case):
    parts, taus = case
    d = construct_common_prior(parts, taus, method="direct")
    lp = construct_common_prior(parts, taus, method="lp")
    ex = construct_common_prior(parts, [np.array([Fraction(x).limit_denominator(10**6) for x in t], dtype=object)
                                        for t in taus], exact=True)
    assert d.feasible == lp.feasible
    if d.feasible:
        assert np.allclose(d.prior, lp.prior, rtol=1e-6, atol=1e-9)
        assert abs(d.prior.sum() - 1) < 1e-9
        _check_prior(d.prior, parts, taus)
    else:
        w = d.witness
        assert w["cycle"][0] == w["cycle"][-1]
        assert abs(float(w["product"]) - 1) > 1e-6
        assert len(w["constraints"]) == len(w["cycle"]) - 1
    assert ex.feasible == d.feasible


def test_exact_witness_is_a_real_cycle():
    parts = [np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])]
    taus = [np.array([Fraction(1, 4)] * 4, dtype=object),
            np.array([Fraction(1, 5)] * 3 + [Fraction(2, 5)], dtype=object)]
    r = construct_common_prior(parts, taus, exact=True)
    assert not r.feasible
    prod = Fraction(1)
    for c in r.witness["constraints"]:
        prod *= Fraction(c["ratio"])
    assert prod == Fraction(r.witness["product"]) == 2
    # consecutive constraints chain through the cycle's states
    cyc = r.witness["cycle"]
    assert [c["from"] for c in r.witness["constraints"]] == cyc[:-1]
    assert [c["to"] for c in r.witness["constraints"]] == cyc[1:]


def test_as_printed_accepts_a_profile_without_common_prior():
    # Π1 = {12|34}, Π2 = {13|24}: the meet (intersections) is all singletons, so the printed
    # pseudo-code adds no constraint; Lemma 7's cells form the cycle 1-2-4-3-1 with product 2.
    parts = [np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])]
    taus = [np.full(4, 0.25), np.array([1, 1, 1, 2]) / 5]
    assert construct_common_prior(parts, taus, method="as_printed").feasible
    assert not construct_common_prior(parts, taus, method="direct").feasible
    assert not construct_common_prior(parts, taus, method="lp").feasible


def test_each_component_gets_positive_mass():
    # two components ({1,2} and {3,4}); the second is consistent, the first is not
    parts = [np.array([0, 0, 1, 1]), np.array([0, 0, 1, 1])]
    taus = [np.array([1, 1, 1, 1]) / 4, np.array([2, 1, 1, 1]) / 5]
    r = construct_common_prior(parts, taus, method="lp")
    assert not r.feasible  # no zero-mass escape for the inconsistent component
    ok = construct_common_prior(parts, [taus[0], taus[0]], method="lp")
    assert ok.feasible and ok.n_components == 2 and np.all(ok.prior > 0)


def test_eq10_excess():
    """(N−1)D + |C| − Σ|Π^i| (App. E, eq. 10): the cycle rank of the state–cell graph."""
    p1, p2 = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])  # {12|34}, {13|24}: one cycle 1-2-4-3
    assert eq10_excess([p1, p2]) == 4 + 1 - 4 == 1
    cp = construct_common_prior([p1, p2], [np.ones(4) / 4] * 2)
    assert cp.eq10_excess == 1
    for method in ("lp", "as_printed"):
        assert construct_common_prior([p1, p2], [np.ones(4) / 4] * 2, method=method).eq10_excess == 1
    # Aumann's {12|34}, {123|4}: states 1 and 2 share a cell in both — a 2-cycle, not tight
    assert eq10_excess([p1, np.array([0, 0, 0, 1])]) == 1
    # tight profiles (a forest) satisfy eq. 10: {12|34}, {1|23|4} is a path; discrete partitions
    assert eq10_excess([p1, np.array([0, 1, 1, 2])]) == 0
    assert eq10_excess([np.arange(5), np.arange(5), np.zeros(5, int)]) == 0
    # refining one partition by the other's message removes the cycle
    assert eq10_excess([np.array([0, 1, 2, 3]), p2]) == 0
    # N = 3, nobody knows anything: (N−1)D + 1 − N = 2·3 + 1 − 3
    assert eq10_excess([np.zeros(3, int)] * 3) == 4
    rng = np.random.default_rng(0)
    for _ in range(50):
        parts = [rng.integers(0, 4, 9) for _ in range(3)]
        assert eq10_excess(parts) >= 0


def test_bad_method():
    with pytest.raises(AgreementError, match="allowed"):
        construct_common_prior([np.zeros(2, int)] * 2, [np.ones(2) / 2] * 2, method="magic")


def test_large_instance_direct_matches_lp():
    rng = np.random.default_rng(3)
    D = 5000
    parts = [rng.integers(0, 400, D) for _ in range(4)]
    p = rng.random(D) + 0.05
    p /= p.sum()
    d = construct_common_prior(parts, [p] * 4)
    lp = construct_common_prior(parts, [p] * 4, method="lp")
    assert d.feasible and lp.feasible
    assert np.allclose(d.prior, lp.prior, rtol=1e-6)
    q = p.copy()
    q[123] *= 1.5
    assert not construct_common_prior(parts, [p, p, p, q / q.sum()]).feasible
