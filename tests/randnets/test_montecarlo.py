"""Monte Carlo over finite-width networks: agreement with the exact map, excess ~ c/n."""

import numpy as np
import pytest

from alignlab.randnets.activations import get_activation
from alignlab.randnets.corrmap import default_weight_variance
from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.montecarlo import finite_width_excess, monte_carlo, output_cosines
from alignlab.runtime import derive_seed


@pytest.mark.parametrize("name", ["tanh", "relu-center", "relu", "erf"])
def test_mc_agrees_with_exact_map_at_large_width(name):
    # width 8192: the finite-width bias (≈ 4.5/n for relu-center) is far below the CI half-width.
    # A 95% CI misses 1 time in 20 by design, so the fixed-seed check uses 3 standard errors.
    r = monte_carlo(name, width=8192, depth=16, nets=60, seed=derive_seed(11, name))
    assert abs(r.mean - r.exact) < 3 * r.stderr, r
    assert r.stderr < 0.01


def test_mc_at_other_input_correlation():
    r = monte_carlo("tanh", width=4096, depth=4, nets=60, rho=-0.3, seed=2)
    assert r.covers_exact and r.exact < 0


def test_gram_and_dense_sample_the_same_distribution():
    a = get_activation("relu-center")
    sw2 = default_weight_variance(a)
    g = output_cosines(a, 24, 6, 600, 0.5, sw2, np.random.default_rng(1), method="gram")
    d = output_cosines(a, 24, 6, 600, 0.5, sw2, np.random.default_rng(2), method="dense")
    se = np.sqrt(g.var(ddof=1) / g.size + d.var(ddof=1) / d.size)
    assert abs(g.mean() - d.mean()) < 4 * se
    assert g.std() == pytest.approx(d.std(), rel=0.15)


def test_same_seed_same_result_and_different_seed_differs():
    a = monte_carlo("tanh", width=64, depth=4, nets=50, seed=5)
    b = monte_carlo("tanh", width=64, depth=4, nets=50, seed=5)
    c = monte_carlo("tanh", width=64, depth=4, nets=50, seed=6)
    assert a == b and a.mean != c.mean


def test_finite_width_excess_scales_like_one_over_n():
    points, coef = finite_width_excess("relu-center", (16, 32, 64), depth=16, nets=3000, seed=0)
    for p in points:
        assert p.excess > 0 and p.excess - p.half_width > 0  # significantly positive
    assert 3.5 < coef < 6.0  # measured ≈ 4.5–4.9
    assert points[0].excess > points[-1].excess * 2.5


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"width": 1}, "width must be an integer >= 2"),
        ({"nets": 1}, "nets must be"),
        ({"depth": 0}, "depth must be"),
        ({"rho": 2.0}, "rho must be"),
        ({"method": "loop"}, "method must be one of"),
        ({"method": "dense", "width": 4096}, "limited to width"),
    ],
)
def test_validation(kwargs, fragment):
    args = {"width": 8, "depth": 2, "nets": 4, **kwargs}
    with pytest.raises(RandnetsError) as info:
        monte_carlo("tanh", **args)
    assert fragment in str(info.value)
