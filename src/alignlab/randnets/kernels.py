"""Closed-form Gaussian kernels: the ReLU arc-cosine kernel (Cho & Saul), erf and linear.

For (u, v) centred Gaussian with Var = q and Corr = ρ = cos θ:
  E[ReLU(u) ReLU(v)] = q (sin θ + (π − θ) cos θ) / 2π,   E[ReLU(u)] = √(q/2π);
  E[erf(u) erf(v)]   = (2/π) arcsin(2qρ / (1 + 2q)),      E[erf(u)] = 0.
A shift c (σ = base − c) enters as E[σ(u)σ(v)] = E[base·base] − 2c·E[base] + c².
"""

from __future__ import annotations

import numpy as np

from alignlab.randnets.activations import Activation

CLOSED_FAMILIES = ("relu", "erf", "linear")


def _base_cross(family: str, q: float, rho: np.ndarray) -> np.ndarray:
    if family == "relu":
        theta = np.arccos(np.clip(rho, -1.0, 1.0))
        return q * (np.sin(theta) + (np.pi - theta) * np.cos(theta)) / (2.0 * np.pi)
    if family == "erf":
        return (2.0 / np.pi) * np.arcsin(np.clip(2.0 * q * rho / (1.0 + 2.0 * q), -1.0, 1.0))
    if family == "linear":
        return q * rho
    raise ValueError(f"no closed form for family {family!r}")


def _base_mean(family: str, q: float) -> float:
    return float(np.sqrt(q / (2.0 * np.pi))) if family == "relu" else 0.0


def closed_mean(act: Activation, q: float) -> float:
    """E[σ(√q z)] in closed form (``act`` resolved, i.e. not adaptive)."""
    return _base_mean(act.family, q) - act.shift


def closed_cross(act: Activation, q: float, rho: np.ndarray) -> np.ndarray:
    """E[σ(u)σ(v)] in closed form for an array of ρ."""
    c = act.shift
    return _base_cross(act.family, q, np.asarray(rho, dtype=float)) - 2 * c * _base_mean(
        act.family, q
    ) + c * c
