"""The exact correlation map: reference values, variance drift, validation, invariants."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.randnets.corrmap import (
    correlation_path,
    default_weight_variance,
    depth_to_threshold,
    rho_map,
    second_moment,
)
from alignlab.randnets.errors import RandnetsError

REFERENCE = {  # spec: ρ₀ = 0.5, σ_w² = 1/E[σ²], ρ at depth 1/4/16
    "tanh": (0.4726, 0.3951, 0.1769),
    "erf": (0.4657, 0.3708, 0.1329),
    "relu-center": (0.4264, 0.2333, 0.0076),
    "relu": (0.6090, 0.7789, 0.9403),
}


@pytest.mark.parametrize("name", REFERENCE)
def test_reference_values_to_four_decimals(name):
    c = correlation_path(name, 16, 0.5).correlations
    assert [round(c[d], 4) for d in (1, 4, 16)] == list(REFERENCE[name])


@pytest.mark.parametrize("name", ["relu", "relu-center", "erf", "relu-shift:0.3", "linear"])
def test_closed_form_and_quadrature_paths_agree(name):
    closed = correlation_path(name, 16, 0.5, method="closed")
    quad = correlation_path(name, 16, 0.5, method="quadrature")
    np.testing.assert_allclose(closed.correlations, quad.correlations, atol=1e-11)
    assert closed.weight_variance == pytest.approx(quad.weight_variance, rel=1e-12)


def test_default_weight_variance_keeps_q_and_custom_drifts():
    p = correlation_path("tanh", 8)
    assert p.weight_variance == pytest.approx(1 / second_moment("tanh", 1.0))
    assert not p.drifts and p.variance_drift < 1e-12
    d = correlation_path("relu-shift:0.3989422804014327", 16, weight_variance=2.0)
    assert d.drifts and d.variance_drift > 0.5
    # He init with a shift frozen at its q=1 value: q drifts and ρ returns to ≈ 0.91
    assert d.correlations[-1] == pytest.approx(0.9057, abs=1e-3)
    # the adaptive relu-center is immune: ReLU is homogeneous and the shift tracks q
    a = correlation_path("relu-center", 16, weight_variance=2.0)
    assert a.drifts
    np.testing.assert_allclose(a.correlations, correlation_path("relu-center", 16).correlations, atol=1e-12)


def test_default_variance_at_other_q0():
    p = correlation_path("tanh", 4, q0=2.0)
    np.testing.assert_allclose(p.variances, 2.0, rtol=1e-12)
    assert default_weight_variance("tanh", 2.0) == pytest.approx(2.0 / second_moment("tanh", 2.0))


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"depth": 0}, "depth must be an integer >= 1"),
        ({"depth": -3}, "depth must be"),
        ({"depth": 2, "rho": 1.5}, "rho must be in [-1, 1]"),
        ({"depth": 2, "rho": -1.01}, "rho must be"),
        ({"depth": 2, "rho": math.nan}, "rho must be"),
        ({"depth": 2, "weight_variance": -1.0}, "weight variance"),
        ({"depth": 2, "q0": 0.0}, "q0"),
        ({"depth": 2, "method": "simpson"}, "method must be one of"),
    ],
)
def test_validation(kwargs, fragment):
    with pytest.raises(RandnetsError) as info:
        correlation_path("tanh", **kwargs)
    assert fragment in str(info.value)


def test_closed_method_refused_without_closed_form():
    with pytest.raises(RandnetsError, match="no closed form"):
        correlation_path("tanh", 2, method="closed")


@settings(max_examples=25, deadline=None)
@given(st.floats(-1, 1), st.sampled_from(["tanh", "relu", "relu-center", "sigmoid-center", "hardtanh"]))
def test_map_invariants(rho, name):
    out = rho_map(name, [rho, 1.0, -1.0, 0.0])
    assert abs(out[0]) <= 1 + 1e-12
    assert out[1] == pytest.approx(1.0, abs=1e-10)  # identical inputs stay identical
    if name in ("tanh", "sigmoid-center", "hardtanh"):  # odd σ: ρ ↦ −ρ symmetry, 0 ↦ 0
        assert out[2] == pytest.approx(-1.0, abs=1e-10)
        assert out[3] == pytest.approx(0.0, abs=1e-12)
        assert rho_map(name, [-rho])[0] == pytest.approx(-out[0], abs=1e-12)


def test_mean_zero_decays_plain_relu_does_not():
    assert depth_to_threshold("relu-center") == 16
    assert depth_to_threshold("tanh") == 57
    assert depth_to_threshold("relu", max_depth=200) is None
    assert depth_to_threshold("linear", max_depth=50) is None  # linear: mean zero but ρ stays put
    assert correlation_path("linear", 10, 0.5).correlations[-1] == pytest.approx(0.5)
