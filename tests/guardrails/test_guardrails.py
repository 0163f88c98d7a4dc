"""The guardrail registry against brute-force versions of the seed's definitions."""

import itertools

import numpy as np
import pytest

from alignlab.guardrails import (
    GUARDRAILS,
    Bandit,
    GuardrailsError,
    accept,
    arm_means,
    draw_episodes,
    first_pull_stop_rate,
    harm_estimate,
    harm_levels,
    max_accepted_mean,
    plausible_set,
    plausible_sets,
)
from alignlab.guardrails.config import TIE_RULES


def _tied_posterior(rng, k=32, groups=6):
    """A posterior with many exact ties (values repeated across random theories)."""
    vals = rng.random(groups) ** 3
    p = vals[rng.integers(groups, size=k)]
    return p / p.sum()


def _m_alpha_by_order(p, alpha, order):
    """The spec's definition, literally: sort descending (ties in ``order``), keep p_(k) >= α S_k."""
    pos = {t: i for i, t in enumerate(order)}
    seq = sorted(range(len(p)), key=lambda t: (-p[t], pos[t]))
    keep, s = np.zeros(len(p), bool), 0.0
    for t in seq:
        s += p[t]
        keep[t] = p[t] >= alpha * s
    return keep


@pytest.mark.parametrize("alpha", [1e-4, 0.01, 0.05, 0.2, 0.5, 1.0])
def test_m_alpha_index_and_random_match_the_definition(alpha):
    rng = np.random.default_rng(int(alpha * 1e4))
    for _ in range(20):
        p = _tied_posterior(rng)
        np.testing.assert_array_equal(plausible_set(p, alpha, "index"),
                                      _m_alpha_by_order(p, alpha, range(32)))
        order = rng.permutation(32)
        np.testing.assert_array_equal(plausible_set(p, alpha, "random", order),
                                      _m_alpha_by_order(p, alpha, order))


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.3, 1.0])
def test_m_alpha_groups_is_order_free_and_the_union_over_orders(alpha):
    rng = np.random.default_rng(5)
    for _ in range(10):
        p = _tied_posterior(rng, k=6, groups=3)
        g = plausible_set(p, alpha, "groups")
        # definition: p(τ) >= α (mass of strictly more probable theories + p(τ))
        want = np.array([p[t] >= alpha * (p[p > p[t]].sum() + p[t]) for t in range(6)])
        np.testing.assert_array_equal(g, want)
        union = np.zeros(6, bool)
        for order in itertools.permutations(range(6)):
            union |= _m_alpha_by_order(p, alpha, order)
        np.testing.assert_array_equal(g, union)
        for m in np.unique(p):  # whole tie groups in or out
            assert len(set(g[p == m])) == 1


def test_m_alpha_edge_cases():
    uniform = np.full(1024, 1 / 1024)
    for ties in ("index", "groups"):
        assert plausible_set(uniform, 2.0**-10, ties).all()  # α ≤ 2^-10 keeps every theory
    assert plausible_set(uniform, 1e-3, "index").sum() == 1000  # 1/1024 >= 1e-3 k/1024 iff k <= 1000
    assert plausible_set(uniform, 1.0, "index").tolist() == [True] + [False] * 1023
    assert plausible_set(uniform, 1.0, "groups").all()
    rng = np.random.default_rng(0)
    p = rng.random((5, 3, 64))
    p /= p.sum(-1, keepdims=True)
    m = plausible_sets(p, [1e-5, 0.1, 1.0], "index")
    assert m.shape == (3, 5, 3, 64) and m.any(-1).all()  # never empty, batch shape kept
    assert (m[0] >= m[1]).all() and (m[1] >= m[2]).all()  # shrinks as α grows
    with pytest.raises(GuardrailsError, match="tie_order"):
        plausible_set(p, 0.1, "random")
    with pytest.raises(GuardrailsError, match="alpha must be in"):
        plausible_set(p, 0.0)
    with pytest.raises(GuardrailsError, match="unknown tie rule"):
        plausible_set(p, 0.1, "sorted")


def test_estimates_match_brute_force():
    rng = np.random.default_rng(2)
    b = Bandit(dim=5, arms=6)
    e = draw_episodes(b, 4, 1)
    harm = harm_levels(b)[arm_means(e.features, 5)]  # (4, 6, 32)
    post = rng.random((4, 32)) ** 4
    post /= post.sum(-1, keepdims=True)
    kw = {"truth": e.truth, "alpha": 0.05, "ties": "index"}
    got = {g: harm_estimate(g, post, harm, **kw) for g in GUARDRAILS}
    for i, a in itertools.product(range(4), range(6)):
        h, p = harm[i, a], post[i]
        assert got["none"][i, a] == 0
        assert got["cheating"][i, a] == h[e.truth[i]]
        assert got["posterior"][i, a] == pytest.approx(sum(p * h), rel=1e-12)
        prod = p * h
        assert got["iid"][i, a] == max(h[prod == prod.max()])
        keep = _m_alpha_by_order(p, 0.05, range(32))
        assert got["non-iid"][i, a] == h[keep].max()


def test_iid_ties_take_the_largest_harm_among_the_argmaxes():
    post = np.array([0.5, 0.25, 0.25])
    harm = np.array([[0.1, 0.2, 0.05]])  # products 0.05, 0.05, 0.0125: τ0 and τ1 tie
    assert harm_estimate("iid", post, harm)[0] == 0.2
    assert accept("iid", post, harm, 0.15).tolist() == [False]
    assert accept("iid", post, harm, 0.2).tolist() == [True]


def test_first_pull_prop_3_4_accepts_iff_few_features():
    b = Bandit()
    e = draw_episodes(b, 200, 4)
    harm = harm_levels(b)[arm_means(e.features, 10)]
    p = np.full((200, 1024), 1 / 1024)
    for c in (1e-3, 1e-2, 1e-1):
        want = e.features.sum(-1) <= max_accepted_mean(c)
        np.testing.assert_array_equal(accept("iid", p, harm, c), want)
        np.testing.assert_array_equal(accept("non-iid", p, harm, c, alpha=2.0**-10), want)
        np.testing.assert_array_equal(accept("non-iid", p, harm, c, alpha=0.5, ties="groups"),
                                      want)
    assert first_pull_stop_rate(0.1) == pytest.approx(0.5698, abs=1e-4)


def test_registry_and_errors():
    assert list(GUARDRAILS) == ["none", "cheating", "posterior", "iid", "non-iid"]
    assert [g.label for g in GUARDRAILS.values()][3:] == ["Prop 3.4", "Prop 4.6"]
    assert TIE_RULES == ("index", "random", "groups")
    p, h = np.full(4, 0.25), np.full((2, 4), 0.5)
    with pytest.raises(GuardrailsError, match="unknown guardrail 'oracle'"):
        harm_estimate("oracle", p, h)
    with pytest.raises(GuardrailsError, match="needs the true theory"):
        harm_estimate("cheating", p, h)
    with pytest.raises(GuardrailsError, match="needs alpha"):
        harm_estimate("non-iid", p, h)
    with pytest.raises(GuardrailsError, match="harm table"):
        harm_estimate("posterior", p, np.full((2, 5), 0.5))
    # one action at a time works too: (…, 1, K)
    assert harm_estimate("posterior", p, h[:1]).shape == (1,)
