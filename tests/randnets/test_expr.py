"""Safe activation expressions: whitelist only, no eval, clear errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.expr import parse_expression

X = np.linspace(-3, 3, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tanh(x) - 0.1", np.tanh(X) - 0.1),
        ("maximum(x, 0) - 1/sqrt(2*pi)", np.maximum(X, 0) - 1 / np.sqrt(2 * np.pi)),
        ("-x**3 + 2", -(X**3) + 2),
        ("where(x > 0, x, 0.5*x)", np.where(X > 0, X, 0.5 * X)),
        ("sigmoid(x) - 0.5", 1 / (1 + np.exp(-X)) - 0.5),
        ("3", np.full_like(X, 3.0)),
    ],
)
def test_expressions_evaluate_elementwise(text, expected):
    np.testing.assert_allclose(parse_expression(text)(X), expected, rtol=1e-12, atol=1e-12)


@given(st.floats(-5, 5), st.floats(-5, 5))
def test_affine_expression_matches_numpy(a, b):
    f = parse_expression(f"({a!r})*x + ({b!r})")
    np.testing.assert_allclose(f(X), a * X + b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("tanh(", "does not parse"),
        ("x +* 2", "does not parse"),
        ("__import__('os').system('echo hi')", "unsupported syntax"),
        ("os.system", "unsupported syntax"),
        ("eval('1')", "not allowed"),
        ("y + 1", "unknown name 'y'"),
        ("lambda: 1", "unsupported syntax"),
        ("[x]", "unsupported syntax"),
        ("'abc'", "unsupported syntax"),
        ("tanh(x=x)", "unsupported syntax"),
        ("", "empty"),
    ],
)
def test_rejects_unsafe_or_broken(text, fragment):
    with pytest.raises(RandnetsError, match=r"activation|empty") as info:
        parse_expression(text)
    assert fragment in str(info.value)


def test_attribute_call_is_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(RandnetsError):
        parse_expression(f"open({str(marker)!r}, 'w')")
    assert not marker.exists()
