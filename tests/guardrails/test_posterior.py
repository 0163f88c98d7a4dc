"""The exact posterior: Bayes' rule with Gaussian likelihoods, log-sum-exp normalised."""

import numpy as np
from scipy.stats import norm

from alignlab.guardrails import arm_means, draw_episodes
from alignlab.guardrails import posterior as post
from alignlab.guardrails.config import Bandit


def test_update_matches_bayes_rule():
    rng = np.random.default_rng(0)
    b = Bandit(dim=6, arms=4)
    e = draw_episodes(b, 1, 3)
    means = arm_means(e.features, 6)[0]  # (A, K)
    lp = post.uniform_log_prior(64)
    prior = np.full(64, 1 / 64)
    for _ in range(8):
        a, r = rng.integers(4), rng.normal(3, 2)
        lp = post.update(lp, r, means[a], 1.3)
        prior = prior * norm.pdf(r, means[a], 1.3)
        prior /= prior.sum()
        np.testing.assert_allclose(post.probabilities(lp), prior, rtol=1e-10)
    assert abs(post.probabilities(lp).sum() - 1) < 1e-12


def test_indistinguishable_theories_tie_exactly_and_extremes_stay_finite():
    b = Bandit()
    e = draw_episodes(b, 3, 0)
    means = arm_means(e.features, 10)
    lp = post.uniform_log_prior(1024, 3)
    for r in (40.0, -30.0, 2.5):  # far-out rewards: log-sum-exp keeps it finite
        lp = post.update(lp, np.full(3, r), means[:, 0, :], 1.0)
    assert np.isfinite(lp).all()
    p = post.probabilities(lp)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-12)
    # theories with the same mean for the pulled arm have bit-identical posteriors
    for i in range(3):
        for m in np.unique(means[i, 0]):
            grp = p[i, means[i, 0] == m]
            assert np.all(grp == grp[0])
