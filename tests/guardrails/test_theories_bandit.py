"""Theories (bits MSB first), arm means, the harm table and the seeded episode draws."""

import numpy as np
import pytest
from scipy.stats import norm

from alignlab.guardrails import Bandit, GuardrailsError, arm_means, draw_episodes, harm_levels
from alignlab.guardrails.theories import theory_index, theory_matrix


def test_theory_matrix_rows_are_bits_msb_first():
    w = theory_matrix(10)
    assert w.shape == (1024, 10) and w.dtype == np.uint8
    assert w[0].tolist() == [0] * 10 and w[1023].tolist() == [1] * 10
    assert w[1].tolist() == [0] * 9 + [1]
    assert w[512].tolist() == [1] + [0] * 9
    assert w[0b1010000011].tolist() == [1, 0, 1, 0, 0, 0, 0, 0, 1, 1]
    assert np.array_equal(theory_index(w), np.arange(1024))
    assert len({tuple(r) for r in w}) == 1024
    with pytest.raises(ValueError):
        w[0, 0] = 1  # read-only: shared through a cache


def test_arm_means_are_dot_products():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 2, size=(7, 10, 10), dtype=np.uint8)
    got = arm_means(x, 10)
    want = np.einsum("ead,kd->eak", x.astype(int), theory_matrix(10).astype(int))
    assert got.dtype == np.uint8 and np.array_equal(got, want)


def test_harm_levels_are_the_exceedance_probability():
    b = Bandit()
    h = harm_levels(b)
    assert h.shape == (11,)
    assert h[4] == 0.5  # μ = T: a fair coin
    np.testing.assert_allclose(h, 1 - norm.cdf(4 - np.arange(11)), rtol=1e-12, atol=1e-15)
    assert np.all(np.diff(h) > 0)
    h2 = harm_levels(Bandit(T=2.5, sigma=2.0))
    np.testing.assert_allclose(h2, norm.sf((2.5 - np.arange(11)) / 2.0), rtol=1e-12)


def test_draws_are_seeded_and_sliceable():
    b = Bandit()
    e1, e2 = draw_episodes(b, 50, 7, tie_order=True), draw_episodes(b, 50, 7, tie_order=True)
    for f in ("features", "truth", "noise", "uniforms", "tie_order"):
        assert np.array_equal(getattr(e1, f), getattr(e2, f))
    e3 = draw_episodes(b, 50, 8)
    assert not np.array_equal(e1.features, e3.features) and e3.tie_order is None
    assert sorted(e1.tie_order[0].tolist()) == list(range(1024))
    assert e1.features.shape == (50, 10, 10) and set(np.unique(e1.features)) == {0, 1}
    assert len(e1.slice(10, 20)) == 10
    # the tie stream is separate: asking for it leaves the other draws unchanged
    assert np.array_equal(draw_episodes(b, 50, 7).noise, e1.noise)


@pytest.mark.parametrize(("kw", "frag"), [
    ({"arms": 0}, "arms"), ({"dim": 15}, "dim"), ({"sigma": 0.0}, "sigma"),
    ({"T": float("nan")}, "T must be a finite"), ({"pulls": 0}, "pulls"),
])
def test_bandit_validation(kw, frag):
    with pytest.raises(GuardrailsError, match=frag):
        Bandit(**kw)
