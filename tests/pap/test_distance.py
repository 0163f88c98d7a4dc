"""‖θ1 − θ2‖ of eq. (5)."""

from __future__ import annotations

import numpy as np

from alignlab.pap import theta_distance
from alignlab.pap.distance import reward_distance, transition_distance


def test_distance_components():
    r1 = np.array([[0.0, 1.0], [0.5, 0.5]])
    r2 = np.array([[0.2, 1.0], [0.5, 0.1]])
    P1 = np.zeros((2, 2, 2))
    P1[..., 0] = 1.0
    P2 = P1.copy()
    P2[1, 1] = [0.25, 0.75]
    assert reward_distance(r1, r2) == np.float64(0.4)
    assert transition_distance(P1, P2) == 1.5
    assert theta_distance(r1, P1, r2, P2) == 1.9
    assert theta_distance(r1, P1, r1, P1) == 0.0


def test_distance_is_a_metric_on_random_parameters():
    rng = np.random.default_rng(0)
    r = rng.uniform(size=(3, 30, 4, 2))
    P = rng.dirichlet(np.ones(4), size=(3, 30, 4, 2))
    d = lambda i, j: theta_distance(r[i], P[i], r[j], P[j])  # noqa: E731
    assert np.all(d(0, 2) <= d(0, 1) + d(1, 2) + 1e-12)
    np.testing.assert_allclose(d(0, 1), d(1, 0))
    assert np.all(d(0, 1) > 0)
