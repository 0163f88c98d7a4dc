"""Knowledge partitions Π as integer label arrays (never sets): refinement, cells, expectations.

A partition of D states is an int64 array ``labels`` with ``labels[s]`` the cell of state s,
labels canonical (0..n_cells−1). Refining by a public message is a relabelling by the pair
(old label, message key) via ``np.unique(..., return_inverse=True)``; conditional expectations
E_P[f | Π] are two ``np.bincount`` calls.
"""

from __future__ import annotations

import numpy as np

from alignlab.agreement.arith import cell_sums


def canonical(labels: np.ndarray) -> np.ndarray:
    """Relabel to 0..k−1 keeping the order of the labels (a dense table when the range is small)."""
    arr = np.asarray(labels).reshape(-1)
    if arr.size and np.issubdtype(arr.dtype, np.integer):
        lo, hi = int(arr.min()), int(arr.max())
        if hi - lo <= 4 * arr.size:
            present = np.zeros(hi - lo + 1, dtype=bool)
            present[arr - lo] = True
            remap = np.cumsum(present, dtype=np.int64) - 1
            return remap[arr - lo]
    _, inv = np.unique(arr, return_inverse=True)
    return inv.astype(np.int64, copy=False).reshape(-1)


def n_cells(labels: np.ndarray) -> int:
    """Number of cells of a canonical label array."""
    return int(labels.max()) + 1 if len(labels) else 0


def refine(labels: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, bool]:
    """Meet of Π with the level sets of a message: (new labels, whether any cell split).

    New cells are the distinct pairs (old label, key). Three equivalent routes, by cost:
    a dense pair table when (#cells × #keys) is small (O(D), no sort); otherwise only the states
    whose key differs from their cell representative's key can start new cells, so the
    ``np.unique(return_inverse=True)`` relabelling runs on those states alone (often few).
    """
    labels = labels.astype(np.int64, copy=False)
    keys = keys.astype(np.int64, copy=False)
    D = len(labels)
    if D == 0:
        return labels, False
    L = int(labels.max()) + 1
    if L == D:
        return labels, False  # discrete: nothing left to split
    K = int(keys.max()) + 1
    if L * K <= 4 * D + 1024:
        comb = labels * K + keys
        present = np.zeros(L * K, dtype=bool)
        present[comb] = True
        remap = np.cumsum(present, dtype=np.int64) - 1
        new = remap[comb]
        return new, int(remap[-1]) + 1 > L
    rep = _first_of_each_cell(labels, L)
    vary = np.flatnonzero(keys != keys[rep[labels]])
    if len(vary) == 0:
        return labels, False
    _, inv = np.unique(labels[vary] * K + keys[vary], return_inverse=True)
    return _split_off(labels, vary, inv, L), True


def _first_of_each_cell(labels: np.ndarray, L: int) -> np.ndarray:
    """rep[c] = the first state of cell c (the representative a state's value is compared to)."""
    rep = np.empty(L, dtype=np.int64)
    rep[labels[::-1]] = np.arange(len(labels) - 1, -1, -1)
    return rep


def _split_off(labels: np.ndarray, vary: np.ndarray, inv: np.ndarray, L: int) -> np.ndarray:
    """Move the states ``vary`` to new cells ``L + inv`` and renumber all cells 0..n−1 in order."""
    new = labels.copy()
    new[vary] = L + inv.reshape(-1)
    present = np.zeros(L + int(inv.max()) + 1, dtype=bool)
    present[new] = True
    remap = np.cumsum(present, dtype=np.int64) - 1
    return remap[new]


def refine_by_values(labels: np.ndarray, values: np.ndarray, resolution: float) -> tuple[np.ndarray, bool]:
    """Meet of Π with the level sets of a float message, without sorting all D values.

    A state can only leave its cell if its value differs by more than ``resolution`` from the
    value at its cell's representative; only those states are grouped (by rounded level, within
    their cell) and relabelled — few once partitions are fine.
    """
    labels = labels.astype(np.int64, copy=False)
    D = len(labels)
    if D == 0:
        return labels, False
    L = int(labels.max()) + 1
    if L == D:
        return labels, False
    rep = _first_of_each_cell(labels, L)
    vary = np.flatnonzero(np.abs(values - values[rep[labels]]) > resolution)
    if len(vary) == 0:
        return labels, False
    from alignlab.agreement.arith import level_keys

    k = level_keys(values[vary], exact=False, resolution=resolution)
    _, inv = np.unique(labels[vary] * (int(k.max()) + 1) + k, return_inverse=True)
    return _split_off(labels, vary, inv, L), True


def meet(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Common refinement of two partitions (the one with more cells is refined by the other)."""
    if n_cells(b) > n_cells(a):
        a, b = b, a
    return refine(a, b)[0]


def join(*label_arrays: np.ndarray) -> np.ndarray:
    """Common refinement (cells = intersections of every agent's cells)."""
    out = canonical(label_arrays[0])
    for lab in label_arrays[1:]:
        out = meet(out, canonical(lab))
    return out


def coarsest_common(*label_arrays: np.ndarray) -> np.ndarray:
    """Finest common coarsening (cells = connected components of 'same cell for some agent')."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    D = len(label_arrays[0])
    rows, cols = [], []
    for lab in label_arrays:
        order = np.argsort(lab, kind="stable")
        same = lab[order][1:] == lab[order][:-1]
        rows.append(order[:-1][same])
        cols.append(order[1:][same])
    r = np.concatenate(rows) if rows else np.empty(0, np.int64)
    c = np.concatenate(cols) if cols else np.empty(0, np.int64)
    g = coo_matrix((np.ones(len(r)), (r, c)), shape=(D, D))
    _, comp = connected_components(g, directed=False)
    return comp.astype(np.int64)


def cell_expectation(labels: np.ndarray, prior: np.ndarray, f: np.ndarray, *,
                     exact: bool = False) -> np.ndarray:
    """E_P[f | C] for every cell C (indexed by label): Σ_C P·f / Σ_C P via ``np.bincount``."""
    k = n_cells(labels)
    num = cell_sums(labels, prior * f, k, exact=exact)
    den = cell_sums(labels, prior, k, exact=exact)
    return num / den


def conditional_expectation(labels: np.ndarray, prior: np.ndarray, f: np.ndarray, *,
                            exact: bool = False) -> np.ndarray:
    """E_P[f | Π](s) for every state s (eq. of App. B): cell sums of P·f over cell sums of P."""
    return cell_expectation(labels, prior, f, exact=exact)[labels]


def cells(labels: np.ndarray) -> list[np.ndarray]:
    """The cells as arrays of state indices (for display and small instances)."""
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return np.split(order, bounds)
