"""The Gumbel / exponential-minimum sampling rule x = argmax_i log(r_i) / p_i (paper 004, eq. 1).

For r_i i.i.d. uniform, −log(r_i)/p_i are independent Exp(p_i) variables and the index of their
minimum is distributed exactly as p: over keys the rule samples from p (distortion-free).
``WRONG_RULES`` are plausible-looking mistakes kept for the distortion tests, which must reject them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from alignlab.watermark.errors import WatermarkError


def check_probs(p: np.ndarray, where: str = "next-token distribution") -> np.ndarray:
    """A finite, non-negative vector (or rows) summing to 1 (tolerance 1e-6)."""
    arr = np.asarray(p, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[-1] < 1:
        raise WatermarkError(f"{where}: expected a vector of vocabulary size, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise WatermarkError(f"{where}: probabilities must be finite and >= 0")
    sums = arr.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > 1e-6):
        raise WatermarkError(f"{where}: probabilities must sum to 1 (got {np.ravel(sums)[0]:.6g})")
    return arr


def gumbel_choice(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    """argmax_i log(r_i)/p_i over the last axis (tokens with p_i = 0 are never chosen).

    Exact shortcut: with v₀ = −log(r_j)/p_j for the most likely j, token i can only win if
    −log(r_i) < v₀ p_i, which implies 1 − r_i < v₀ p_i (as −log r ≥ 1 − r); logs are taken
    only for those candidates.
    """
    p2, r2 = np.atleast_2d(p), np.atleast_2d(r)
    rows = np.arange(p2.shape[0])
    top = np.argmax(p2, axis=-1)
    v0 = -np.log(r2[rows, top]) / p2[rows, top]
    cand = (1.0 - r2) < v0[:, None] * p2
    cand[rows, top] = True
    score = np.full(p2.shape, -np.inf)
    score[cand] = np.log(r2[cand]) / p2[cand]
    out = np.argmax(score, axis=-1)
    return out[0] if np.ndim(p) == 1 else out


def gumbel_choice_reference(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    """The rule written out directly (no shortcut): used to test ``gumbel_choice``."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        score = np.where(p > 0, np.log(r) / np.where(p > 0, p, 1.0), -np.inf)
    return np.argmax(score, axis=-1)


def _r_times_p(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.argmax(r * p, axis=-1)


def _r_pow_p(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.argmax(np.log(r) * p, axis=-1)  # r^{p} instead of r^{1/p}


def _r_pow_inv_sqrt(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", over="ignore"):
        return np.argmax(np.where(p > 0, np.log(r) / np.sqrt(p), -np.inf), axis=-1)


RULES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {"gumbel": gumbel_choice}
WRONG_RULES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "argmax r*p": _r_times_p,
    "argmax r^p": _r_pow_p,
    "argmax r^(1/sqrt p)": _r_pow_inv_sqrt,
}
