"""Lemma 2's counting argument (App. E, eq. 10): how far the partitions are from a guaranteed common prior.

Hellman & Samet (restated in App. E): if Σ_i |Π^i| = (N−1)D + |C|, with C the finest common
coarsening of the N partitions (the common-knowledge partition), then *every* type profile on them
has a common prior. Equivalently Σ_i (D − |Π^i|) = D − |C|. View states and cells as the nodes of
a bipartite graph with an edge from each state to its cell in every partition: N·D edges,
D + Σ|Π^i| nodes, |C| components, so

    eq10_excess = (N−1)D + |C| − Σ_i |Π^i| = N·D − (D + Σ|Π^i|) + |C|

is that graph's cycle rank: ≥ 0, and 0 exactly when eq. 10 holds (the profile is *tight*). App. E
counts the proper refinements needed to reach eq. 10 as (N−1)D + |C| − |τ^0| + 1 with |τ^0| =
Σ_i |Π^{i,0}| (eq. 9), i.e. ``eq10_excess + 1`` when |C| does not change on the way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alignlab.agreement.partitions import canonical, coarsest_common, n_cells


def eq10_excess(partitions: Sequence[np.ndarray], common_cells: int | None = None) -> int:
    """(N−1)D + |C| − Σ_i |Π^i| (eq. 10); ``common_cells`` = |C| when the caller already has it."""
    parts = [canonical(np.asarray(p)) for p in partitions]
    N, D = len(parts), len(parts[0])
    if common_cells is None:
        common_cells = n_cells(canonical(coarsest_common(*parts)))
    return int((N - 1) * D + common_cells - sum(n_cells(p) for p in parts))
