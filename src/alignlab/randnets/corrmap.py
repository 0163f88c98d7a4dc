"""The exact infinite-width variance and correlation maps (Poole et al. 2016; Dunbar & Aaronson).

With weight variance σ_w² and no biases, layer l → l+1:
  q_{l+1} = σ_w² E[σ(√q_l z)²],   ρ_{l+1} = σ_w² E[σ(u)σ(v)] / q_{l+1},
(u, v) centred Gaussian with variance q_l and correlation ρ_l. The default σ_w² = q₀/E[σ(√q₀ z)²]
keeps q_l = q₀ (= 1 unless asked), so ρ ↦ E[σ(u)σ(v)]/E[σ²]; another σ_w² makes q drift, which
changes the answer, and :class:`CorrelationPath` reports it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from alignlab.randnets.activations import Activation, get_activation
from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.kernels import CLOSED_FAMILIES, closed_cross, closed_mean
from alignlab.randnets.quadrature import (
    expect1,
    expect2,
    gauss_hermite_expect1,
    gauss_hermite_expect2,
)

METHODS = ("auto", "closed", "quadrature", "gauss-hermite")
DRIFT_TOL = 1e-6


def check_rho(rho: float) -> float:
    """|ρ| ≤ 1 and finite, else a RandnetsError."""
    r = float(rho)
    if not math.isfinite(r) or abs(r) > 1.0:
        raise RandnetsError(f"input correlation rho must be in [-1, 1], got {rho}")
    return r


MAX_DEPTH = 10_000


def check_depth(depth: int) -> int:
    """1 ≤ depth ≤ MAX_DEPTH, else a RandnetsError."""
    if int(depth) != depth or depth < 1:
        raise RandnetsError(f"depth must be an integer >= 1, got {depth}")
    if depth > MAX_DEPTH:
        raise RandnetsError(f"depth must be at most {MAX_DEPTH}, got {depth}")
    return int(depth)


def _check_positive(value: float, what: str) -> float:
    v = float(value)
    if not math.isfinite(v) or v <= 0:
        raise RandnetsError(f"{what} must be a finite number > 0, got {value}")
    return v


def _method_for(act: Activation, method: str) -> str:
    if method not in METHODS:
        raise RandnetsError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method == "auto":
        return "closed" if act.family in CLOSED_FAMILIES else "quadrature"
    if method == "closed" and act.family not in CLOSED_FAMILIES:
        raise RandnetsError(
            f"activation {act.name!r} has no closed form (closed forms: relu, relu-center, "
            "relu-shift:C, erf, linear); use method 'quadrature'"
        )
    return method


def second_moment(act: Activation | str, q: float, method: str = "auto") -> float:
    """E[σ(√q z)²] for the activation as used at variance q."""
    a = get_activation(act).at(q)
    m = _method_for(a, method)
    if m == "closed":
        return float(closed_cross(a, q, np.array([1.0]))[0])
    if m == "gauss-hermite":
        return gauss_hermite_expect1(lambda x: a(x) ** 2, q)
    return expect1(lambda x: a(x) ** 2, q, a.kinks)


def mean(act: Activation | str, q: float = 1.0, method: str = "auto") -> float:
    """E[σ(√q z)] — the quantity that must vanish (at q = 1, or the q in use)."""
    a = get_activation(act).at(q)
    m = _method_for(a, method)
    if m == "closed":
        return closed_mean(a, q)
    if m == "gauss-hermite":
        return gauss_hermite_expect1(a, q)
    return expect1(a, q, a.kinks)


def cross_moment(act: Activation | str, q: float, rho: np.ndarray | float, method: str = "auto") -> np.ndarray:
    """E[σ(u)σ(v)] for (u, v) with variance q and correlation ρ (vectorised over ρ)."""
    a = get_activation(act).at(q)
    m = _method_for(a, method)
    r = np.atleast_1d(np.asarray(rho, dtype=float))
    if m == "closed":
        return closed_cross(a, q, r)
    if m == "gauss-hermite":
        return gauss_hermite_expect2(a, a, q, r)
    return expect2(a, a, q, r, a.kinks, a.kinks)


def default_weight_variance(act: Activation | str, q0: float = 1.0, method: str = "auto") -> float:
    """σ_w² = q₀ / E[σ(√q₀ z)²]: keeps the pre-activation variance at q₀ at every layer."""
    a = get_activation(act)
    m2 = second_moment(a, q0, method)
    if not m2 > 0:
        raise RandnetsError(f"activation {a.name!r} has E[σ²] = 0 at q = {q0}: it is zero a.e.")
    return q0 / m2


@dataclass(frozen=True)
class CorrelationPath:
    """ρ_l and q_l for l = 0..L (index = depth) under one σ_w²."""

    activation: str
    correlations: tuple[float, ...]
    variances: tuple[float, ...]
    weight_variance: float
    method: str

    @property
    def depth(self) -> int:
        return len(self.correlations) - 1

    @property
    def variance_drift(self) -> float:
        """max_l |q_l / q_0 − 1|: 0 under the default σ_w²."""
        q0 = self.variances[0]
        return max(abs(q / q0 - 1.0) for q in self.variances)

    @property
    def drifts(self) -> bool:
        return self.variance_drift > DRIFT_TOL

    def depth_below(self, threshold: float = 0.01) -> int | None:
        """First depth with |ρ| < threshold, or None within this path."""
        for depth, r in enumerate(self.correlations):
            if abs(r) < threshold:
                return depth
        return None

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["correlations"] = list(self.correlations)
        d["variances"] = list(self.variances)
        d["variance_drift"] = self.variance_drift
        d["drifts"] = self.drifts
        return d


def correlation_path(
    activation: Activation | str,
    depth: int,
    rho: float = 0.5,
    *,
    weight_variance: float | None = None,
    q0: float = 1.0,
    method: str = "auto",
) -> CorrelationPath:
    """Iterate the exact maps for ``depth`` layers from (q₀, ρ₀)."""
    act = get_activation(activation)
    depth = check_depth(depth)
    r = check_rho(rho)
    q = _check_positive(q0, "input variance q0")
    sw2 = (
        default_weight_variance(act, q, method)
        if weight_variance is None
        else _check_positive(weight_variance, "weight variance")
    )
    used = _method_for(act.at(q), method)
    rhos, qs = [r], [q]
    for layer in range(depth):
        q_next = sw2 * second_moment(act, q, method)
        if not (math.isfinite(q_next) and q_next > 1e-300):
            raise RandnetsError(
                f"the pre-activation variance left (0, ∞) at depth {layer + 1} "
                f"(q = {q_next}); choose a different weight variance"
            )
        c = sw2 * float(cross_moment(act, q, r, method)[0])
        r = float(np.clip(c / q_next, -1.0, 1.0))
        q = q_next
        rhos.append(r)
        qs.append(q)
    return CorrelationPath(act.name, tuple(rhos), tuple(qs), sw2, used)


def rho_map(
    activation: Activation | str, rho: Sequence[float] | np.ndarray, q: float = 1.0, method: str = "auto"
) -> np.ndarray:
    """One step of the correlation map at the fixed point q (default σ_w²), vectorised over ρ."""
    act = get_activation(activation)
    return cross_moment(act, q, np.asarray(rho, dtype=float), method) / second_moment(act, q, method)


def depth_to_threshold(
    activation: Activation | str,
    threshold: float = 0.01,
    rho: float = 0.5,
    *,
    max_depth: int = 400,
    q0: float = 1.0,
    method: str = "auto",
) -> int | None:
    """Smallest depth with |ρ_l| < threshold under the default σ_w² (None if not by max_depth)."""
    act = get_activation(activation)
    r = check_rho(rho)
    if abs(r) < threshold:
        return 0
    a = act.at(q0)
    m2 = second_moment(a, q0, method)
    for depth in range(1, max_depth + 1):
        r = float(np.clip(cross_moment(a, q0, r, method)[0] / m2, -1.0, 1.0))
        if abs(r) < threshold:
            return depth
    return None
