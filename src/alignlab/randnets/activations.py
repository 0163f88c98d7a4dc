"""Activation functions σ: built-ins, centred variants and user expressions/callables.

An :class:`Activation` knows its kinks (points where σ is not smooth, for the quadrature) and, for
ReLU/erf/linear, a closed-form kernel. ``relu-center`` and ``gelu-center`` are *adaptive*: their
shift is E[σ(√q z)] at the pre-activation variance q in use (for ReLU √(q/2π)), resolved per layer
by :meth:`Activation.at`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from scipy import special

from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.expr import parse_expression
from alignlab.randnets.quadrature import CUTOFF, expect1

Fn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Activation:
    """σ(x) = base(x) − shift. ``family`` picks a closed form ('relu', 'erf', 'linear') or ''."""

    name: str
    base: Fn
    kinks: tuple[float, ...] = ()
    family: str = ""
    shift: float = 0.0
    adaptive: bool = False  # shift := E[base(√q z)] at the variance q in use

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.base(x) - self.shift

    def at(self, q: float) -> Activation:
        """This activation as used at pre-activation variance q (resolves an adaptive shift)."""
        if not self.adaptive:
            return self
        if self.family == "relu":
            return replace(self, shift=relu_shift(q), adaptive=False)
        return replace(self, shift=expect1(self.base, q, self.kinks), adaptive=False)


def relu_shift(q: float) -> float:
    """The shift making ReLU mean-zero at variance q: E[ReLU(√q z)] = √(q/2π)."""
    return math.sqrt(q / (2.0 * math.pi))


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _sigmoid_center(x: np.ndarray) -> np.ndarray:
    return special.expit(x) - 0.5


def _gelu(x: np.ndarray) -> np.ndarray:
    return x * special.ndtr(x)


def _hardtanh(x: np.ndarray) -> np.ndarray:
    return np.clip(x, -1.0, 1.0)


BUILTINS: dict[str, Activation] = {
    "tanh": Activation("tanh", np.tanh),
    "erf": Activation("erf", special.erf, family="erf"),
    "relu": Activation("relu", _relu, (0.0,), "relu"),
    "relu-center": Activation("relu-center", _relu, (0.0,), "relu", adaptive=True),
    "sigmoid": Activation("sigmoid", special.expit),
    "sigmoid-center": Activation("sigmoid-center", _sigmoid_center),
    "gelu": Activation("gelu", _gelu),
    "gelu-center": Activation("gelu-center", _gelu, adaptive=True),
    "hardtanh": Activation("hardtanh", _hardtanh, (-1.0, 1.0)),
    "linear": Activation("linear", lambda x: np.asarray(x, dtype=float), family="linear"),
}
"""Built-in activations by name. Also accepted: ``relu-shift:C`` (ReLU − C, a fixed shift)."""


def detect_kinks(f: Fn, lo: float = -10.0, hi: float = 10.0, step: float = 1.0 / 128) -> tuple[float, ...]:
    """Points where the slope of f jumps (found on a grid, located by intersecting the side lines).

    Exact for piecewise-linear pieces; a heuristic for others. Used for user activations so the
    quadrature can cut its panels there.
    """
    x = lo + step * (np.arange(int((hi - lo) / step) + 1) + 0.318309886)  # kinks fall inside cells
    y = f(x)
    if not np.all(np.isfinite(y)):
        return ()
    slope = np.diff(y) / step
    jump = np.abs(np.diff(slope))  # jump[i] between segments i and i+1 (around x[i+1])
    padded = np.pad(jump, 3, mode="edge")
    local = np.maximum(padded[:-6], padded[6:])  # jumps 3 cells away: smooth curvature is similar
    flagged = np.flatnonzero((jump > 0.05) & (jump > 20.0 * local + 1e-9))
    kinks: list[float] = []
    i = 0
    while i < flagged.size:
        j = i
        while j + 1 < flagged.size and flagged[j + 1] <= flagged[j] + 2:
            j += 1
        left, right = flagged[i] - 1, flagged[j] + 2  # clean segments on either side (one spare)
        if left >= 1 and right < slope.size:
            s1, s2 = slope[left], slope[right]
            b1 = y[left] - s1 * x[left]
            b2 = y[right] - s2 * x[right]
            xk = (b2 - b1) / (s1 - s2) if abs(s1 - s2) > 1e-9 else np.nan
            if not (x[left] <= xk <= x[right + 1]):  # a jump, not a kink: bisect for it
                xk = _bisect_jump(f, x[left], x[right + 1], (s1, b1), (s2, b2))
            kinks.append(float(round(xk, 12)) + 0.0)
        i = j + 1
    return tuple(kinks)


def _bisect_jump(
    f: Fn, a: float, b: float, left: tuple[float, float], right: tuple[float, float]
) -> float:
    """Locate a jump of f in [a, b]: points left of it follow the left line, right of it the right."""
    for _ in range(60):
        m = 0.5 * (a + b)
        fm = float(f(np.array([m]))[0])
        if abs(fm - (left[0] * m + left[1])) <= abs(fm - (right[0] * m + right[1])):
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def check_finite(f: Fn, name: str, seed: int = 0, samples: int = 100_000) -> None:
    """Refuse an activation that is not finite on N(0,1) samples (and on a grid up to ±12)."""
    from alignlab.runtime.seeds import rng

    z = rng(seed).standard_normal(samples)
    grid = np.linspace(-12.0, 12.0, 4801)
    for pts, where in ((z, "N(0,1) samples"), (grid, "the quadrature range [-12, 12]")):
        try:
            y = np.asarray(f(pts), dtype=float)
        except Exception as exc:  # a user function may raise anything
            raise RandnetsError(f"activation {name!r} failed on {where}: {exc}") from None
        if y.shape != pts.shape:
            raise RandnetsError(
                f"activation {name!r} must map an array element-wise (got shape {y.shape} for "
                f"input shape {pts.shape})"
            )
        bad = ~np.isfinite(y)
        if bad.any():
            raise RandnetsError(
                f"activation {name!r} is not finite on {where} (e.g. σ({pts[bad][0]:.4g}) = "
                f"{y[bad][0]}); it must be finite on the whole real line"
            )


def check_growth(f: Fn, name: str) -> None:
    """Refuse σ with σ(x)² φ(x) not negligible at |x| = 12: E[σ²] would be wrong or infinite."""
    edge = np.array([-CUTOFF, CUTOFF])
    tail = float(np.max(np.asarray(f(edge), dtype=float) ** 2)) * math.exp(-0.5 * CUTOFF**2)
    if not tail < 1e-9:
        raise RandnetsError(
            f"activation {name!r} grows too fast: σ(x)² e^(-x²/2) is not negligible at |x| = "
            f"{CUTOFF:g}, so E[σ(z)²] is infinite or beyond the Gaussian quadrature"
        )


def from_callable(f: Fn, name: str = "user", kinks: tuple[float, ...] | None = None) -> Activation:
    """Wrap a Python function (element-wise on arrays) as an activation; kinks found if not given."""
    check_finite(f, name)
    check_growth(f, name)
    return Activation(name, f, detect_kinks(f) if kinks is None else tuple(kinks))


def get_activation(spec: str | Activation | Fn) -> Activation:
    """A built-in name, ``relu-shift:C``, a NumPy expression in ``x``, or a Python callable."""
    if isinstance(spec, Activation):
        return spec
    if callable(spec):
        return from_callable(spec, getattr(spec, "__name__", "user"))
    text = str(spec).strip()
    if text in BUILTINS:
        return BUILTINS[text]
    if text.startswith("relu-shift:"):
        try:
            c = float(text.split(":", 1)[1])
        except ValueError:
            raise RandnetsError(f"activation {text!r}: expected relu-shift:<number>") from None
        if not math.isfinite(c):
            raise RandnetsError(f"activation {text!r}: the shift must be finite")
        return Activation(text, _relu, (0.0,), "relu", shift=c)
    if "x" not in text and text.replace("-", "").isalnum():
        raise RandnetsError(
            f"unknown activation {text!r}: use one of {', '.join(BUILTINS)}, relu-shift:C, "
            "or a NumPy expression in x such as 'tanh(x) - 0.1'"
        )
    return from_callable(parse_expression(text), text)
