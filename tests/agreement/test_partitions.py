from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.agreement.arith import level_keys
from alignlab.agreement.partitions import (
    canonical,
    cells,
    coarsest_common,
    conditional_expectation,
    join,
    n_cells,
    refine,
)


def test_refine_splits_by_message_level_sets():
    labels = np.array([0, 0, 1, 1, 1])
    keys = np.array([5, 6, 5, 5, 6])
    new, split = refine(labels, keys)
    assert split
    assert [sorted(c.tolist()) for c in cells(new)] == [[0], [1], [2, 3], [4]]
    again, split2 = refine(new, keys)
    assert not split2 and np.array_equal(again, new)


def test_rounding_puts_equal_expectations_in_one_level_set():
    # 0.1 + 0.2 and 0.3 differ in the last bit; exactly they are equal
    v = np.array([0.1 + 0.2, 0.3, 0.7])
    assert v[0] != v[1]
    k = level_keys(v, exact=False)
    assert k[0] == k[1] != k[2]


@st.composite
def small_profile(draw):
    D = draw(st.integers(2, 12))
    labels = np.array(draw(st.lists(st.integers(0, 3), min_size=D, max_size=D)))
    w = draw(st.lists(st.integers(1, 9), min_size=D, max_size=D))
    f = draw(st.lists(st.integers(0, 4), min_size=D, max_size=D))
    return canonical(labels), w, f


@settings(max_examples=60, deadline=None)
@given(small_profile())
def test_bincount_expectation_matches_fraction_oracle(profile):
    labels, w, f = profile
    tot = sum(w)
    pf = np.array([Fraction(x, tot) for x in w], dtype=object)
    ff = np.array([Fraction(x, 4) for x in f], dtype=object)
    exact = conditional_expectation(labels, pf, ff, exact=True)
    fl = conditional_expectation(labels, np.array(w, float) / tot, np.array(f, float) / 4)
    for s in range(len(labels)):
        cell = labels == labels[s]
        oracle = sum(pf[cell] * ff[cell]) / sum(pf[cell])
        assert exact[s] == oracle
        assert abs(fl[s] - float(oracle)) < 1e-12
    # level sets of the float message coincide with those of the exact one
    assert np.array_equal(canonical(level_keys(fl, exact=False)), canonical(level_keys(exact, exact=True)))


def test_join_and_coarsest_common():
    a = np.array([0, 0, 1, 1, 2, 2])
    b = np.array([0, 1, 1, 2, 3, 3])
    assert n_cells(join(a, b)) == 5
    cc = coarsest_common(a, b)
    assert cc[0] == cc[1] == cc[2] == cc[3] and cc[4] == cc[5] and cc[0] != cc[4]
