"""The parameter distance ‖θ1 − θ2‖ of eq. (5) / (A.1)."""

from __future__ import annotations

import numpy as np


def reward_distance(r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """‖r_ψ1 − r_ψ2‖∞ = max_{s,a} |r1(s,a) − r2(s,a)| (batched over leading axes)."""
    d = np.abs(np.asarray(r1, float) - np.asarray(r2, float))
    return d.reshape(*d.shape[:-2], -1).max(axis=-1)


def transition_distance(P1: np.ndarray, P2: np.ndarray) -> np.ndarray:
    """‖P_ω1 − P_ω2‖_{1,∞} = max_{s,a} ‖P1(·|s,a) − P2(·|s,a)‖_1 (batched over leading axes)."""
    d = np.abs(np.asarray(P1, float) - np.asarray(P2, float)).sum(axis=-1)
    return d.reshape(*d.shape[:-2], -1).max(axis=-1)


def theta_distance(r1: np.ndarray, P1: np.ndarray, r2: np.ndarray, P2: np.ndarray) -> np.ndarray:
    """‖θ1 − θ2‖ = max|r_ψ1 − r_ψ2| + max ‖P_ω1(s,a) − P_ω2(s,a)‖_1 (eq. 5, A.1)."""
    return reward_distance(r1, r2) + transition_distance(P1, P2)
