"""Figure 2's random-agent run: the estimate against the true harm, and the bound."""

import numpy as np
import pytest

from alignlab.guardrails import Bandit, harm_estimate, harm_levels
from alignlab.guardrails import posterior as post
from alignlab.guardrails.bandit import arm_means, draw_episodes
from alignlab.guardrails.tightness import TightnessTally, bound, run_tightness_block

ALPHAS = (1e-5, 2.0**-10, 0.01, 0.3, 1.0)


def test_bound():
    np.testing.assert_allclose(bound([1e-5, 1e-4, 2.0**-10, 0.5]), [1 - 1024e-5, 1 - 0.1024, 0, 0])


@pytest.mark.parametrize("ties", ["index", "random", "groups"])
def test_block_matches_a_loop_over_the_registry(ties):
    b = Bandit()
    eps = draw_episodes(b, 12, 9, tie_order=True)
    tally = run_tightness_block(b, ALPHAS, ties, eps)
    means = arm_means(eps.features, 10)
    levels = harm_levels(b)
    over = np.zeros((len(ALPHAS), 12))
    half = np.zeros((len(ALPHAS), 11), dtype=int)
    for i in range(12):
        harm = levels[means[i]]
        true_h = harm[:, eps.truth[i]]
        lp = post.uniform_log_prior(1024)
        for t in range(b.pulls):
            p = post.probabilities(lp)
            a = min(int(eps.uniforms[i, t] * 10), 9)
            for j, al in enumerate(ALPHAS):
                est = harm_estimate("non-iid", p, harm, alpha=al, ties=ties,
                                    tie_order=eps.tie_order[i])
                over[j, i] += est[a] >= true_h[a]
                for arm in np.nonzero(true_h == 0.5)[0]:
                    half[j, np.searchsorted(levels, est[arm])] += 1
            r = means[i, a, eps.truth[i]] + eps.noise[i, t]
            lp = post.update(lp, r, means[i, a], 1.0)
    freq = over / b.pulls
    np.testing.assert_allclose(tally.freq_sum, freq.sum(1), rtol=1e-12)
    assert [list(c) for c in tally.half_counts] == half.tolist()


def test_prop_4_6_guarantee_holds_and_the_estimate_loosens_with_alpha():
    b = Bandit()
    tally = run_tightness_block(b, ALPHAS, "random", draw_episodes(b, 300, 1, tie_order=True))
    m, se = tally.frequency()
    assert np.all(m >= bound(ALPHAS) - 3 * se)  # the proposition, checked on data
    assert m[0] == pytest.approx(1.0, abs=2e-3) and m[1] > 0.99
    assert m[-1] < 0.9 and np.all(np.diff(m) <= 1e-12)
    counts = np.asarray(tally.half_counts)
    assert counts.sum() > 0 and counts[:, :4].sum(1)[0] == 0  # α tiny: never below ½
    both = tally + tally
    assert both.episodes == 600 and TightnessTally.from_dict(both.to_dict()) == both
