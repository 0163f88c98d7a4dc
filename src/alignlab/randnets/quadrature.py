"""Gaussian expectations E[f(√q z)] and E[f(u) g(v)] by kink-aware composite Gauss–Legendre.

Plain Gauss–Hermite treats the integrand as smooth; for ReLU-type activations the kink at 0 costs
it up to ~2·10⁻³. Here the real line is cut into panels whose ends include every kink, so each
panel carries a smooth integrand and Gauss–Legendre converges fast. For the bivariate case
(u, v) = √q (z₁, ρ z₁ + s z₂), s = √(1−ρ²), the inner z₂-integral is cut where g's argument
crosses a kink (those points move with z₁) and the outer z₁-integral is cut at f's kinks and at
the points where the smoothed g has its kink (z₁ = k/(√q ρ)). Everything is vectorised over ρ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Fn = Callable[[np.ndarray], np.ndarray]

CUTOFF = 12.0
"""|z| beyond this is ignored: the Gaussian mass there is below 1e-32."""
BASE_BREAKS = np.array([-12.0, -8.0, -5.0, -3.0, -1.5, 0.0, 1.5, 3.0, 5.0, 8.0, 12.0])
NODES = 12
"""Gauss–Legendre nodes per panel."""

_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)
_GRADING = np.array([-6.0, -2.0, -0.5, 0.5, 2.0, 6.0])


def _phi(z: np.ndarray) -> np.ndarray:
    return _INV_SQRT_2PI * np.exp(-0.5 * z * z)


def _panel_rule(breaks: np.ndarray, nodes: int = NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of composite Gauss–Legendre; ``breaks`` has sorted rows (..., P+1)."""
    t, w = np.polynomial.legendre.leggauss(nodes)
    a, b = breaks[..., :-1, None], breaks[..., 1:, None]
    half = 0.5 * (b - a)
    x = (a + half * (t + 1.0)).reshape(*breaks.shape[:-1], -1)
    wt = (half * w).reshape(*breaks.shape[:-1], -1)
    return x, wt


def _with_breaks(extra: np.ndarray) -> np.ndarray:
    """Sorted rows of the base panels plus ``extra`` points (..., K), clipped to the cutoff."""
    extra = np.clip(np.nan_to_num(extra, nan=0.0, posinf=CUTOFF, neginf=-CUTOFF), -CUTOFF, CUTOFF)
    base = np.broadcast_to(BASE_BREAKS, (*extra.shape[:-1], BASE_BREAKS.size))
    return np.sort(np.concatenate([base, extra], axis=-1), axis=-1)


def expect1(f: Fn, q: float, kinks: Sequence[float] = ()) -> float:
    """E_{z~N(0,1)}[f(√q z)], with panels cut at the kinks k/√q of f."""
    sq = np.sqrt(q)
    z, w = _panel_rule(_with_breaks(np.asarray([k / sq for k in kinks], dtype=float)))
    return float(np.sum(w * _phi(z) * f(sq * z)))


def expect2(
    f: Fn,
    g: Fn,
    q: float,
    rho: np.ndarray | float,
    f_kinks: Sequence[float] = (),
    g_kinks: Sequence[float] = (),
    *,
    nodes: int = NODES,
) -> np.ndarray:
    """E[f(u) g(v)] for (u, v) centred Gaussian, Var = q, Corr = ρ (array of ρ → array)."""
    rho_arr = np.atleast_1d(np.asarray(rho, dtype=float))
    out = np.empty_like(rho_arr)
    sq = np.sqrt(q)
    fk = np.asarray(f_kinks, dtype=float) / sq
    gk = np.asarray(g_kinks, dtype=float) / sq
    edge = np.abs(rho_arr) > 1.0 - 1e-13
    for idx in np.flatnonzero(edge):  # degenerate: v = ±u
        r = np.sign(rho_arr[idx])
        kinks = np.concatenate([fk, gk * r]) * sq
        out[idx] = expect1(lambda x, r=r: f(x) * g(r * x), q, kinks)
    inner = ~edge
    if inner.any():
        rr = rho_arr[inner]
        s = np.sqrt(1.0 - rr * rr)
        safe = np.where(np.abs(rr) > 1e-12, rr, np.inf)[:, None]
        gk_outer = gk[None, :] / safe  # ρ ≈ 0: no outer kink from g (clipped 0 is harmless)
        if gk.size:  # near |ρ| = 1 the inner integral bends on a scale s/|ρ|: grade the panels
            scale = (s / np.maximum(np.abs(rr), 1e-12))[:, None, None]
            graded = gk_outer[..., None] + scale * _GRADING
            gk_outer = np.concatenate([gk_outer, graded.reshape(rr.size, -1)], axis=1)
        outer_extra = np.concatenate(
            [np.broadcast_to(fk, (rr.size, fk.size)), gk_outer], axis=1
        )
        z1, w1 = _panel_rule(_with_breaks(outer_extra), nodes)  # (R, N1)
        # inner kinks: rho z1 + s z2 = k  ->  z2 = (k - rho z1) / s
        inner_extra = (gk[None, None, :] - rr[:, None, None] * z1[..., None]) / s[:, None, None]
        z2, w2 = _panel_rule(_with_breaks(inner_extra), nodes)  # (R, N1, N2)
        v = sq * (rr[:, None, None] * z1[..., None] + s[:, None, None] * z2)
        h = np.sum(w2 * _phi(z2) * g(v), axis=-1)  # (R, N1)
        out[inner] = np.sum(w1 * _phi(z1) * f(sq * z1) * h, axis=-1)
    return out if np.ndim(rho) else out[:1].copy()


def gauss_hermite_expect2(
    f: Fn, g: Fn, q: float, rho: np.ndarray | float, n: int = 20
) -> np.ndarray:
    """The naive tensor Gauss–Hermite rule with ``n`` points per axis (kinks ignored)."""
    x, w = np.polynomial.hermite_e.hermegauss(n)
    w = w / np.sqrt(2.0 * np.pi)
    rho_arr = np.atleast_1d(np.asarray(rho, dtype=float))
    s = np.sqrt(np.clip(1.0 - rho_arr**2, 0.0, None))
    z1, z2 = x[None, :, None], x[None, None, :]
    u = np.sqrt(q) * z1
    v = np.sqrt(q) * (rho_arr[:, None, None] * z1 + s[:, None, None] * z2)
    vals = np.sum(w[None, :, None] * w[None, None, :] * f(u) * g(v), axis=(1, 2))
    return vals


def gauss_hermite_expect1(f: Fn, q: float, n: int = 20) -> float:
    """The naive Gauss–Hermite rule for E[f(√q z)]."""
    x, w = np.polynomial.hermite_e.hermegauss(n)
    return float(np.sum(w * f(np.sqrt(q) * x)) / np.sqrt(2.0 * np.pi))
