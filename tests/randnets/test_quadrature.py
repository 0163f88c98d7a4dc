"""Kink-aware quadrature: agrees with closed forms; plain Gauss–Hermite does not for ReLU."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from alignlab.randnets.corrmap import correlation_path, cross_moment, second_moment
from alignlab.randnets.quadrature import expect1, expect2, gauss_hermite_expect2

RHO = np.linspace(-1.0, 1.0, 41)


def relu(x):
    return np.maximum(x, 0.0)


def arccos_kernel(q, rho):
    t = np.arccos(rho)
    return q * (np.sin(t) + (np.pi - t) * np.cos(t)) / (2 * np.pi)


@pytest.mark.parametrize("q", [0.3, 1.0, 2.0])
def test_kink_aware_matches_arc_cosine_kernel(q):
    got = expect2(relu, relu, q, RHO, [0.0], [0.0])
    np.testing.assert_allclose(got, arccos_kernel(q, RHO), atol=5e-12)


@pytest.mark.parametrize("q", [0.5, 1.0, 3.0])
def test_quadrature_matches_erf_closed_form(q):
    got = expect2(special.erf, special.erf, q, RHO)
    want = 2 / np.pi * np.arcsin(2 * q * RHO / (1 + 2 * q))
    np.testing.assert_allclose(got, want, atol=1e-13)


def test_plain_gauss_hermite_is_off_for_relu_and_kink_aware_rule_is_used():
    rho = np.linspace(-0.95, 0.95, 39)
    exact = arccos_kernel(1.0, rho) / 0.5
    gh = gauss_hermite_expect2(relu, relu, 1.0, rho, n=20) / 0.5
    assert np.abs(gh - exact).max() > 2e-3  # the kink costs the smooth rule
    for name in ("relu", "relu-center"):
        closed = cross_moment(name, 1.0, rho, "closed") / second_moment(name, 1.0, "closed")
        quad = cross_moment(name, 1.0, rho, "quadrature") / second_moment(name, 1.0, "quadrature")
        ghm = cross_moment(name, 1.0, rho, "gauss-hermite") / second_moment(name, 1.0, "gauss-hermite")
        assert np.abs(quad - closed).max() < 1e-12
        assert np.abs(ghm - closed).max() > 2e-3
    # "auto" picks the closed form for ReLU-type and quadrature (never plain GH) otherwise
    assert correlation_path("relu-center", 2).method == "closed"
    assert correlation_path("hardtanh", 2).method == "quadrature"
    assert correlation_path("maximum(x, 0)", 2).method == "quadrature"


def test_user_relu_expression_uses_detected_kink():
    user = correlation_path("maximum(x, 0) - 1/sqrt(2*pi)", 16).correlations
    builtin = correlation_path("relu-center", 16).correlations
    np.testing.assert_allclose(user, builtin, atol=1e-12)


def _nested_quad_hardtanh(rho):
    """Independent reference: scipy.integrate.quad, nested, told where the kinks are."""
    s = np.sqrt(1 - rho**2)
    phi = lambda z: np.exp(-z * z / 2) / np.sqrt(2 * np.pi)  # noqa: E731
    clip = lambda x: min(max(x, -1.0), 1.0)  # noqa: E731

    def inner(z1):
        pts = sorted(p for p in ((-1 - rho * z1) / s, (1 - rho * z1) / s) if -10 < p < 10)
        val, _ = integrate.quad(lambda z2: phi(z2) * clip(rho * z1 + s * z2), -10, 10,
                                points=pts or None, epsabs=1e-13, epsrel=1e-13, limit=200)
        return val

    pts = [-1.0, 1.0] + [p for p in (-1 / rho, 1 / rho) if abs(p) < 10]
    val, _ = integrate.quad(lambda z1: phi(z1) * clip(z1) * inner(z1), -10, 10,
                            points=sorted(pts), epsabs=1e-12, epsrel=1e-12, limit=200)
    return val


@pytest.mark.parametrize("rho", [-0.7, 0.3, 0.9])
def test_hardtanh_against_scipy_nested_quad(rho):
    """Kinks at ±1 (lines not through the origin) against an independent adaptive integrator."""
    f = lambda x: np.clip(x, -1.0, 1.0)  # noqa: E731
    got = expect2(f, f, 1.0, rho, [-1.0, 1.0], [-1.0, 1.0])[0]
    assert got == pytest.approx(_nested_quad_hardtanh(rho), abs=1e-10)


def test_expect1_moments():
    assert expect1(lambda x: x**2, 2.5) == pytest.approx(2.5, abs=1e-13)
    assert expect1(lambda x: x**4, 1.0) == pytest.approx(3.0, abs=1e-12)
    assert expect1(relu, 1.0, [0.0]) == pytest.approx(1 / np.sqrt(2 * np.pi), abs=1e-15)
    assert expect1(lambda x: np.where(x > 1.0, 1.0, 0.0), 1.0, [1.0]) == pytest.approx(
        special.ndtr(-1.0), abs=1e-14
    )


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1.0), st.sampled_from([1.0, -1.0]), st.floats(0.2, 4.0))
def test_kink_aware_is_exact_near_perfect_correlation(gap_exp, sign, q):
    """Graded panels around the smoothed kink keep full accuracy as |ρ| → 1."""
    rho = sign * (1.0 - 10.0 ** (-8 * gap_exp - 1))
    got = expect2(relu, relu, q, rho, [0.0], [0.0])[0]
    assert got == pytest.approx(arccos_kernel(q, rho), abs=1e-12)
