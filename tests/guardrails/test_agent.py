"""The Boltzmann agent: masked softmax, inverse-CDF sampling, and the reference's lazy loop."""

import warnings

import numpy as np
import pytest
from scipy.stats import chisquare

from alignlab.guardrails.agent import (
    boltzmann,
    lazy_rejection_sample,
    posterior_mean_rewards,
    sample,
)
from alignlab.guardrails.theories import theory_matrix


def test_posterior_mean_rewards_is_x_dot_posterior_mean():
    rng = np.random.default_rng(0)
    p = rng.random((3, 1024))
    p /= p.sum(-1, keepdims=True)
    x = rng.integers(0, 2, (3, 10, 10)).astype(np.uint8)
    want = np.einsum("ead,ed->ea", x.astype(float), p @ theory_matrix(10).astype(float))
    np.testing.assert_allclose(posterior_mean_rewards(p, x), want, rtol=1e-12)


def test_boltzmann_is_the_softmax_restricted_to_accepted_arms():
    mu = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0]])
    acc = np.array([[True, False, True, True], [False, False, False, False]])
    pr = boltzmann(mu, acc, 0.5)
    w = np.exp(0.5 * np.array([1.0, 3.0, 4.0]))
    np.testing.assert_allclose(pr[0], [w[0], 0, w[1], w[2]] / w.sum())
    assert pr[1].tolist() == [0, 0, 0, 0]  # all rejected: nothing to sample (episode stops)


@pytest.mark.parametrize("beta", [1e300, 1e308, float(np.finfo(float).max)])
def test_boltzmann_stays_a_distribution_for_huge_beta(beta):
    """β·μ̂ overflowed to inf before (inf/inf = NaN probabilities); the greedy limit is uniform over
    the best accepted arms."""
    mu = np.array([[1.0, 3.0, 3.0, 2.0], [0.5, -4.0, 0.25, 9.0]])
    acc = np.array([[True, True, True, False], [True, True, True, False]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning either
        pr = boltzmann(mu, acc, beta)
    assert pr.tolist() == [[0.0, 0.5, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0]]


def test_sample_never_draws_a_zero_probability_arm():
    probs = np.array([[0.0, 0.5, 0.0, 0.5]] * 5)
    u = np.array([0.0, 0.25, 0.5, 0.75, 0.999999])
    assert sample(probs, u).tolist() == [3, 3, 1, 1, 1]
    assert set(sample(probs, np.random.default_rng(0).random(5)).tolist()) <= {1, 3}


def test_masked_softmax_sampling_equals_lazy_rejection_sampling():
    """The reference draws from the full softmax, forbids rejected arms as it meets them and
    redraws; that is the softmax restricted to the accepted arms (seed 000: rejected actions are
    forbidden to be sampled). Chi-square of both samplers against the exact masked softmax."""
    rng = np.random.default_rng(42)
    mu = np.array([0.0, 1.0, 4.0, 2.5, 6.0, 3.0])
    acc = np.array([True, False, True, True, False, True])
    full = np.exp(0.5 * mu) / np.exp(0.5 * mu).sum()
    exact = boltzmann(mu[None], acc[None], 0.5)[0]
    n = 20_000
    lazy = np.bincount([lazy_rejection_sample(full, acc, rng) for _ in range(n)], minlength=6)
    masked = np.bincount(sample(np.repeat(exact[None], n, 0), rng.random(n)), minlength=6)
    for counts in (lazy, masked):
        assert counts[~acc].sum() == 0
        assert chisquare(counts[acc], n * exact[acc]).pvalue > 1e-3
    # and the two samplers against each other (two-sample chi-square on the accepted arms)
    table = np.stack([lazy[acc], masked[acc]])
    expected = table.sum(0) * table.sum(1, keepdims=True) / table.sum()
    stat = ((table - expected) ** 2 / expected).sum()
    assert stat < 18.5  # χ²(3) at p = 0.0003
    assert lazy_rejection_sample(full, np.zeros(6, bool), rng) is None


@pytest.mark.parametrize("beta", [0.0, 0.5, 3.0])
def test_sampling_frequencies_follow_beta(beta):
    rng = np.random.default_rng(1)
    mu = np.array([[0.0, 1.0, 2.0]])
    pr = boltzmann(mu, np.ones((1, 3), bool), beta)
    counts = np.bincount(sample(np.repeat(pr, 30_000, 0), rng.random(30_000)), minlength=3)
    assert chisquare(counts, 30_000 * pr[0]).pvalue > 1e-3
