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
    """Relabel to 0..k−1 (order of first sorted label)."""
    _, inv = np.unique(np.asarray(labels), return_inverse=True)
    return inv.astype(np.int64, copy=False).reshape(-1)


def n_cells(labels: np.ndarray) -> int:
    """Number of cells of a canonical label array."""
    return int(labels.max()) + 1 if len(labels) else 0


def refine(labels: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, bool]:
    """Meet of Π with the level sets of a message: (new labels, whether any cell split)."""
    k = int(keys.max()) + 1 if len(keys) else 1
    combined = labels.astype(np.int64) * k + keys.astype(np.int64)
    _, inv = np.unique(combined, return_inverse=True)
    inv = inv.astype(np.int64, copy=False).reshape(-1)
    return inv, n_cells(inv) > n_cells(labels)


def join(*label_arrays: np.ndarray) -> np.ndarray:
    """Common refinement (cells = intersections of every agent's cells)."""
    out = canonical(label_arrays[0])
    for lab in label_arrays[1:]:
        out, _ = refine(out, canonical(lab))
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


def conditional_expectation(labels: np.ndarray, prior: np.ndarray, f: np.ndarray, *,
                            exact: bool = False) -> np.ndarray:
    """E_P[f | Π](s) for every state s (eq. of App. B): cell sums of P·f over cell sums of P."""
    k = n_cells(labels)
    num = cell_sums(labels, prior * f, k, exact=exact)
    den = cell_sums(labels, prior, k, exact=exact)
    return (num / den)[labels]


def cells(labels: np.ndarray) -> list[np.ndarray]:
    """The cells as arrays of state indices (for display and small instances)."""
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return np.split(order, bounds)
