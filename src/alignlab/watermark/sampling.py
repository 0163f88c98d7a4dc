"""The Gumbel / exponential-minimum sampling rule x = argmax_i log(r_i) / p_i (seed 004, eq. 1).

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
    """argmax_i log(r_i)/p_i over the last axis (tokens with p_i = 0 are never chosen)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(p > 0, np.log(r) / np.where(p > 0, p, 1.0), -np.inf)
    return np.argmax(score, axis=-1)


def _r_times_p(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.argmax(r * p, axis=-1)


def _r_pow_p(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.argmax(np.log(r) * p, axis=-1)  # r^{p} instead of r^{1/p}


def _r_pow_inv_sqrt(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.argmax(np.where(p > 0, np.log(r) / np.sqrt(p), -np.inf), axis=-1)


RULES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {"gumbel": gumbel_choice}
WRONG_RULES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "argmax r*p": _r_times_p,
    "argmax r^p": _r_pow_p,
    "argmax r^(1/sqrt p)": _r_pow_inv_sqrt,
}
