"""Two arithmetics for the same dynamics: floats with rounded messages, or exact fractions.

Float mode compares messages after grouping values closer than ``RESOLUTION`` (1e-9): sorted
values start a new level set only where the gap to the previous value exceeds the resolution, so
expectations that are mathematically equal but differ in the last bits share a level set. Exact
mode keeps :class:`fractions.Fraction` values in object arrays (small instances; the test oracle).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

RESOLUTION = 1e-9


def level_keys(values: np.ndarray, *, exact: bool, resolution: float = RESOLUTION,
               _sort_kind: str | None = None) -> np.ndarray:
    """Integer key per state such that equal keys ⇔ equal message (after rounding in float mode).

    ``_sort_kind`` (NumPy's argsort ``kind``) exists for benchmarks/agreement_round.py, which times
    the former stable sort against the default; the keys are the same for every kind."""
    if exact:
        uniq = {v: k for k, v in enumerate(sorted(set(values.tolist())))}
        return np.fromiter((uniq[v] for v in values.tolist()), dtype=np.int64, count=len(values))
    v = np.asarray(values, dtype=float)
    order = np.argsort(v, kind=_sort_kind)  # any order of equal values gives the same keys
    sv = v[order]
    jumps = np.empty(len(v), dtype=np.int64)
    if len(v):
        jumps[0] = 0
        jumps[1:] = np.diff(sv) > resolution
    keys = np.empty(len(v), dtype=np.int64)
    keys[order] = np.cumsum(jumps)
    return keys


def cell_sums(labels: np.ndarray, weights: np.ndarray, n_cells: int, *, exact: bool) -> np.ndarray:
    """Σ of ``weights`` over each cell (``np.bincount`` in float mode, Fraction sums in exact mode)."""
    if not exact:
        return np.bincount(labels, weights=weights, minlength=n_cells)
    out = np.array([Fraction(0)] * n_cells, dtype=object)
    for lab, w in zip(labels.tolist(), weights.tolist(), strict=True):
        out[lab] += w
    return out


def as_exact(x: object) -> Fraction:
    """A Fraction from an int, float (via its decimal repr) or Fraction."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(str(x))


def to_array(values, *, exact: bool) -> np.ndarray:
    """A float array, or an object array of Fractions in exact mode."""
    if exact:
        return np.array([as_exact(v) for v in values], dtype=object)
    return np.asarray([float(v) for v in values], dtype=float)


def fmt(x: object) -> str | float:
    """JSON-friendly value: "p/q" strings for Fractions, floats otherwise."""
    if isinstance(x, Fraction):
        return str(x) if x.denominator != 1 else str(x.numerator)
    return float(x)
