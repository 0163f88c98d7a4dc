"""Activations: built-ins, adaptive centring, kink detection, finiteness checks."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.randnets.activations import detect_kinks, get_activation, relu_shift
from alignlab.randnets.errors import RandnetsError


def test_relu_center_shift_follows_variance():
    act = get_activation("relu-center")
    for q in (0.5, 1.0, 2.0, 7.0):
        assert act.at(q).shift == pytest.approx(math.sqrt(q / (2 * math.pi)))
    assert relu_shift(2.0) == pytest.approx(1 / math.sqrt(math.pi))


def test_gelu_center_is_mean_zero_at_each_variance():
    from alignlab.randnets.corrmap import mean

    for q in (0.5, 1.0, 3.0):
        assert abs(mean("gelu-center", q)) < 1e-12
        # E[gelu(√q z)] = q / √(2π(1+q)) by Stein's lemma
        assert mean("gelu", q) == pytest.approx(q / math.sqrt(2 * math.pi * (1 + q)), abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.floats(-6, 6))
def test_detects_kink_of_shifted_abs(c):
    kinks = get_activation(f"abs(x - ({c!r}))").kinks
    assert len(kinks) == 1
    assert kinks[0] == pytest.approx(c, abs=1e-9)


def test_detects_clip_kinks_and_jumps_but_not_smooth_curvature():
    assert detect_kinks(lambda x: np.clip(x, -1, 2)) == pytest.approx((-1.0, 2.0), abs=1e-9)
    assert detect_kinks(lambda x: np.where(x > 0.5, np.exp(x), 0.0)) == pytest.approx((0.5,), abs=1e-9)
    for smooth in (np.tanh, np.exp, lambda x: x**3, lambda x: np.maximum(x, 0) ** 2):
        assert detect_kinks(smooth) == ()


def test_callable_activation():
    act = get_activation(lambda x: np.maximum(x, 0.0) - 0.1)
    assert act.kinks == pytest.approx((0.0,), abs=1e-12)
    assert act(np.array([1.0]))[0] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("log(x)", "not finite on N(0,1) samples"),
        ("1/x", "not finite"),
        ("exp(x**2)", "grows too fast"),
        ("exp(x**2/3)", "grows too fast"),
        ("nosuch", "unknown activation"),
        ("relu-shift:abc", "relu-shift:<number>"),
        ("relu-shift:inf", "finite"),
    ],
)
def test_bad_activations(spec, fragment):
    with pytest.raises(RandnetsError) as info:
        get_activation(spec)
    assert fragment in str(info.value)


def test_callable_that_raises_or_reduces_is_refused():
    def boom(x):
        raise RuntimeError("nope")

    with pytest.raises(RandnetsError, match="failed"):
        get_activation(boom)
    with pytest.raises(RandnetsError, match="element-wise"):
        get_activation(lambda x: np.sum(x))
