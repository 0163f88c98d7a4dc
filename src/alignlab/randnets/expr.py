"""Safe parsing of activation expressions such as ``"tanh(x) - 0.1*x"``.

The string is parsed with :mod:`ast` and compiled into a closure over whitelisted NumPy/SciPy
functions; nothing is ever passed to ``eval``. Only the variable ``x``, numbers, the constants
``pi`` and ``e``, arithmetic operators, comparisons and the functions in :data:`FUNCTIONS` are allowed.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable

import numpy as np
from scipy import special

from alignlab.randnets.errors import RandnetsError

Fn = Callable[[np.ndarray], np.ndarray]


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _gelu(x: np.ndarray) -> np.ndarray:
    return x * special.ndtr(x)


FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "arctan": np.arctan, "arcsinh": np.arcsinh,
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "exp": np.exp, "expm1": np.expm1,
    "log": np.log, "log1p": np.log1p, "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign,
    "square": np.square, "maximum": np.maximum, "minimum": np.minimum, "clip": np.clip,
    "where": np.where, "erf": special.erf, "erfc": special.erfc, "sigmoid": special.expit,
    "expit": special.expit, "softplus": lambda x: np.logaddexp(0.0, x), "relu": _relu,
    "gelu": _gelu, "Phi": special.ndtr,
}
"""Functions an expression may call (NumPy semantics, element-wise)."""

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_COMPARE = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}

Node = Callable[[np.ndarray], object]


def _compile(node: ast.AST, text: str) -> Node:
    if isinstance(node, ast.Expression):
        return _compile(node.body, text)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(
        node.value, bool
    ):
        value = float(node.value)
        return lambda x: value
    if isinstance(node, ast.Name):
        if node.id == "x":
            return lambda x: x
        if node.id in CONSTANTS:
            value = CONSTANTS[node.id]
            return lambda x: value
        raise RandnetsError(
            f"activation {text!r}: unknown name {node.id!r} (allowed: x, pi, e and the "
            f"functions {', '.join(sorted(FUNCTIONS))})"
        )
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        op, left, right = _BINOPS[type(node.op)], _compile(node.left, text), _compile(node.right, text)
        return lambda x: op(left(x), right(x))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        op1, arg = _UNARY[type(node.op)], _compile(node.operand, text)
        return lambda x: op1(arg(x))
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and type(node.ops[0]) in _COMPARE
    ):
        cmp, left, right = (
            _COMPARE[type(node.ops[0])], _compile(node.left, text), _compile(node.comparators[0], text)
        )
        return lambda x: np.asarray(cmp(left(x), right(x)), dtype=float)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name = node.func.id
        if name not in FUNCTIONS:
            raise RandnetsError(
                f"activation {text!r}: function {name!r} is not allowed (allowed: "
                f"{', '.join(sorted(FUNCTIONS))})"
            )
        fn, args = FUNCTIONS[name], [_compile(a, text) for a in node.args]
        return lambda x: fn(*(a(x) for a in args))
    raise RandnetsError(
        f"activation {text!r}: unsupported syntax {type(node).__name__!r} at column "
        f"{getattr(node, 'col_offset', 0) + 1} (use x, numbers, + - * / **, comparisons and "
        "whitelisted function calls)"
    )


def parse_expression(text: str) -> Fn:
    """Compile ``text`` (a NumPy expression in ``x``) into an element-wise float function."""
    if not text.strip():
        raise RandnetsError("activation expression is empty")
    if len(text) > 500:
        raise RandnetsError(f"activation expression too long ({len(text)} > 500 characters)")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise RandnetsError(
            f"activation {text!r} does not parse: {exc.msg} at column {exc.offset}"
        ) from None
    body = _compile(tree, text)

    def fn(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = body(np.asarray(x, dtype=float))
        return np.broadcast_to(np.asarray(out, dtype=float), np.shape(x)).copy()

    return fn
