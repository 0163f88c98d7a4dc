"""PAP supports: validation, exact episode enumeration and sampling."""

from __future__ import annotations

import numpy as np
import pytest

from alignlab.pap import PAP, PapError, Protocol, Support, analyze_pap
from alignlab.pap.worlds import diamond_lava_pap, random_pap


def test_support_errors_name_the_entry():
    known = {"a": 1, "b": 2}
    with pytest.raises(PapError, match=r"human_belief\[w\]\[b\]: probability must be > 0"):
        Support.of({"a": 1.0, "b": 0.0}, where="human_belief[w]", known=known)
    with pytest.raises(PapError, match=r"must sum to 1, they sum to 0\.7"):
        Support.of({"a": 0.3, "b": 0.4}, where="desire", known=known)
    with pytest.raises(PapError, match="unknown name 'c'"):
        Support.of({"c": 1.0}, where="world", known=known)
    with pytest.raises(PapError, match="non-empty mapping"):
        Support.of({}, where="world", known=known)
    with pytest.raises(PapError, match="finite number"):
        Support.of({"a": "half"}, where="world", known=known)


def test_pap_rejects_missing_beliefs_and_mismatched_shapes():
    pap = diamond_lava_pap()
    kw = dict(rewards=pap.rewards, worlds=pap.worlds, s0=pap.s0, gamma=pap.gamma,
              desire=pap.desire, world=pap.world, ai_belief=pap.ai_belief)
    with pytest.raises(PapError, match="no belief distribution given for real world 'real'"):
        PAP(human_belief={}, **kw)
    with pytest.raises(PapError, match=r"worlds\[x\]: shape"):
        PAP(human_belief=pap.human_belief, **{**kw, "worlds": {**pap.worlds, "x": np.ones((2, 4, 2)) / 2}})
    with pytest.raises(PapError, match=r"worlds\[bad\]\[0\]\[0\]: transition row"):
        bad = np.array(pap.worlds["real"])
        bad[0, 0] *= 0.5
        PAP(human_belief=pap.human_belief, **{**kw, "worlds": {**pap.worlds, "bad": bad}})
    with pytest.raises(PapError, match="discount must be in"):
        PAP(human_belief=pap.human_belief, **{**kw, "gamma": 1.0})


def test_episode_probabilities_sum_to_one():
    pap = random_pap(np.random.default_rng(0), n_worlds=3, n_desires=2)
    eps = list(pap.episodes())
    assert len(eps) == 2 * 3 * 3 * 3 * 2
    assert sum(e.prob for e in eps) == pytest.approx(1.0, abs=1e-12)


def test_sampling_estimates_converge_to_exact_sums():
    pap = random_pap(np.random.default_rng(1), n_worlds=3, n_desires=2)
    proto = Protocol("none", "none", "advisor")
    exact = analyze_pap(pap, proto)
    est = analyze_pap(pap, proto, samples=4000, seed=3)
    spread = 1 / (1 - pap.gamma)
    assert abs(est.J - exact.J) < 0.05 * spread
    assert abs(est.J_star - exact.J_star) < 0.05 * spread
    # Same seed → same estimate.
    assert analyze_pap(pap, proto, samples=50, seed=9).J == analyze_pap(pap, proto, samples=50, seed=9).J
    with pytest.raises(PapError, match="samples"):
        pap.sample(0, np.random.default_rng(0))
