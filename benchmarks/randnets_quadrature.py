"""Kink-aware vectorised quadrature vs SciPy adaptive integrators for E[ReLU(u) ReLU(v)].

Accuracy against the arc-cosine closed form and wall time for a grid of ρ; prints speed ratios.
Run: .venv/bin/python benchmarks/randnets_quadrature.py [--n-rho 41]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import integrate

from alignlab.randnets.quadrature import expect2, gauss_hermite_expect2


def relu(x):
    return np.maximum(x, 0.0)


def exact(rho: np.ndarray) -> np.ndarray:
    t = np.arccos(rho)
    return (np.sin(t) + (np.pi - t) * np.cos(t)) / (2 * np.pi)


def _phi(z: float) -> float:
    return float(np.exp(-z * z / 2) / np.sqrt(2 * np.pi))


def nested_quad(rho: float) -> float:
    """scipy.integrate.quad twice, given the kink locations as breakpoints."""
    s = np.sqrt(1 - rho * rho)

    def inner(z1: float) -> float:
        k = -rho * z1 / s
        pts = [k] if -10 < k < 10 else None
        return integrate.quad(lambda z2: _phi(z2) * max(rho * z1 + s * z2, 0.0), -10, 10,
                              points=pts, epsabs=1e-12, epsrel=1e-12, limit=200)[0]

    return integrate.quad(lambda z1: _phi(z1) * max(z1, 0.0) * inner(z1), -10, 10, points=[0.0],
                          epsabs=1e-12, epsrel=1e-12, limit=200)[0]


def dblquad(rho: float) -> float:
    """scipy.integrate.dblquad without kink information (the default tolerances)."""
    s = np.sqrt(1 - rho * rho)
    return integrate.dblquad(lambda z2, z1: _phi(z1) * _phi(z2) * max(z1, 0.0)
                             * max(rho * z1 + s * z2, 0.0), -10, 10, -10, 10)[0]


def _time(fn, repeat: int = 3) -> tuple[float, np.ndarray]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, np.asarray(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n-rho", type=int, default=41)
    ap.add_argument("--n-dblquad", type=int, default=3, help="ρ values for the (slow) dblquad row")
    args = ap.parse_args()
    rho = np.linspace(-0.95, 0.95, args.n_rho)
    want = exact(rho)
    rows = []
    t_ka, v = _time(lambda: expect2(relu, relu, 1.0, rho, [0.0], [0.0]))
    rows.append(("kink-aware Gauss-Legendre (vectorised)", t_ka, np.abs(v - want).max(), rho.size))
    t_gh, v = _time(lambda: gauss_hermite_expect2(relu, relu, 1.0, rho, 20))
    rows.append(("plain Gauss-Hermite 20x20", t_gh, np.abs(v - want).max(), rho.size))
    t_nq, v = _time(lambda: [nested_quad(r) for r in rho], repeat=1)
    rows.append(("scipy quad nested, with breakpoints", t_nq, np.abs(v - want).max(), rho.size))
    sub = rho[:: max(1, rho.size // args.n_dblquad)][: args.n_dblquad]
    t_dq, v = _time(lambda: [dblquad(r) for r in sub], repeat=1)
    t_dq_scaled = t_dq * rho.size / sub.size
    rows.append(("scipy dblquad, no kink info (scaled)", t_dq_scaled, np.abs(v - exact(sub)).max(), sub.size))
    print(f"E[ReLU(u)ReLU(v)] on {rho.size} values of rho in [-0.95, 0.95]; q = 1")
    print(f"{'method':<42} {'time [s]':>10} {'max error':>10} {'x slower':>9}")
    for name, t, err, _ in rows:
        print(f"{name:<42} {t:>10.4f} {err:>10.1e} {t / t_ka:>9.1f}")


if __name__ == "__main__":
    main()
