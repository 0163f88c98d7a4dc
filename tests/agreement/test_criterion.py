from fractions import Fraction

import numpy as np

from alignlab.agreement.criterion import agreement


def test_pairwise_global_and_reference():
    E = [np.array([0.0, 0.5, 1.0]), np.array([0.05, 0.5, 0.0]), np.array([0.0, 0.6, 1.0])]
    mu = np.array([0.5, 0.3, 0.2])
    a = agreement(E, [mu], eps=0.1, delta=0.25)
    assert np.isclose(a.matrix[0, 1], 0.8) and np.isclose(a.matrix[0, 2], 1.0)
    assert np.isclose(a.global_prob, 0.8)
    assert a.holds and a.global_holds
    # with reference "each", the least favourable prior counts
    b = agreement(E, [mu, np.array([0.1, 0.1, 0.8])], eps=0.1, delta=0.25)
    assert np.isclose(b.matrix[0, 1], 0.2) and not b.holds


def test_exact_boundary_is_agreement():
    E = [np.array([Fraction(1, 2)], dtype=object), np.array([Fraction(3, 5)], dtype=object)]
    a = agreement(E, [np.array([Fraction(1)], dtype=object)], eps=0.1, delta=0.5, exact=True)
    assert a.holds  # |1/2 − 3/5| = 1/10 ≤ ε exactly
