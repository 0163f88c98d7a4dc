"""Centring: the ReLU − 1/√π explanation and the mean-zero check for user activations."""

import math

import numpy as np
import pytest

from alignlab.randnets.centering import SEED_SHIFT, centering_report, check_mean_zero, fixed_point
from alignlab.randnets.errors import RandnetsError


def test_relu_minus_one_over_sqrt_pi_is_right_only_at_q2():
    rep = centering_report((1.0, 2.0), 16, 0.5)
    rows = {(r.q, r.label.split()[0]): r for r in rep.rows}
    right1, seed1 = rows[(1.0, "right")], rows[(1.0, "seed")]
    right2, seed2 = rows[(2.0, "right")], rows[(2.0, "seed")]
    assert right1.shift == pytest.approx(1 / math.sqrt(2 * math.pi))
    assert right2.shift == pytest.approx(SEED_SHIFT) == pytest.approx(seed2.shift)
    assert seed1.residual_mean == pytest.approx(1 / math.sqrt(2 * math.pi) - 1 / math.sqrt(math.pi))
    assert abs(right1.residual_mean) < 1e-15 and abs(seed2.residual_mean) < 1e-15
    # what each choice leaves at depth 16 (ρ₀ = 0.5) and in the limit
    assert right1.rho_at_depth == pytest.approx(0.0076, abs=5e-5)
    assert right2.rho_at_depth == pytest.approx(0.0076, abs=5e-5)
    assert seed2.rho_at_depth == pytest.approx(0.0076, abs=5e-5)
    assert seed1.rho_at_depth == pytest.approx(0.2963, abs=5e-5)
    assert seed1.rho_limit == pytest.approx(0.2870, abs=5e-5)  # the spec's ≈ 0.287
    assert abs(right1.rho_limit) < 1e-6
    assert rep.he_fixed_shift_rho == pytest.approx(0.9057, abs=5e-4)
    text = rep.explanation()
    assert "right only at q = 2" in text and "0.2870" in text


def test_fixed_point_is_a_fixed_point():
    from alignlab.randnets.corrmap import rho_map

    r = fixed_point(f"relu-shift:{SEED_SHIFT!r}", 1.0)
    assert rho_map(f"relu-shift:{SEED_SHIFT!r}", [r])[0] == pytest.approx(r, abs=1e-12)


@pytest.mark.parametrize(
    ("spec", "zero"),
    [
        ("tanh(x)", True),
        ("sigmoid(x) - 0.5", True),
        ("maximum(x, 0) - 1/sqrt(2*pi)", True),
        ("maximum(x, 0) - 1/sqrt(pi)", False),
        ("maximum(x, 0)", False),
        ("x**2 - 1", True),
        ("gelu(x)", False),
        ("abs(x) - sqrt(2/pi)", True),
    ],
)
def test_mean_zero_check_for_expressions(spec, zero):
    c = check_mean_zero(spec)
    assert c.mean_zero is zero
    assert abs(c.mc_mean - c.means["1"]) < 5 * c.mc_stderr  # quadrature agrees with plain MC


def test_mean_zero_check_for_python_function_and_q_dependence():
    c = check_mean_zero(lambda x: np.maximum(x, 0.0) - 1 / np.sqrt(2 * np.pi))
    assert c.mean_zero
    assert c.means["2"] == pytest.approx(1 / math.sqrt(math.pi) - 1 / math.sqrt(2 * math.pi), abs=1e-12)
    assert c.kinks == pytest.approx((0.0,), abs=1e-12)
    assert c.depth16_rho == pytest.approx(0.0076, abs=5e-5)


def test_mean_zero_check_refuses_bad_input():
    with pytest.raises(RandnetsError, match="does not parse"):
        check_mean_zero("tanh(x")
    with pytest.raises(RandnetsError, match="not finite"):
        check_mean_zero("sqrt(x)")
