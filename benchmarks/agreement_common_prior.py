"""Common-prior check (Algorithm 2 / Lemma 7): direct method vs HiGHS LP, D = 10^3 … 10^6.

Each size runs a consistent profile (posteriors from one prior) and an inconsistent one (one
agent's weight on one state doubled); both solvers must agree. "direct before" is the direct
solver as it was before the constraint graph was built once (its graph building is kept below:
the sparse graph built twice, once for the components, once more with the virtual root for the
BFS; the forest/prior tail after the BFS is shared, ``common_prior._forest_prior``); "direct" is
the current one. All are timed in this run, as CPU seconds (``time.process_time``), the direct
solvers best of ``--repeats``, the LP once. The LP is skipped at sizes where the previous size's
time projects (×10 per decade, times 1.5) beyond --lp-limit seconds; those rows give no ratio.

Run: .venv/bin/python benchmarks/agreement_common_prior.py [--N 4] [--cell-size 20] [--lp-limit 60]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from alignlab.agreement import common_prior as cp_mod
from alignlab.agreement.common_prior import CommonPrior, construct_common_prior
from alignlab.agreement.instances import random_partition
from alignlab.runtime import rng


def profile(D: int, N: int, cell_size: int, seed: int, consistent: bool):
    g = rng(seed)
    parts = [random_partition(D, max(1, D // cell_size), g) for _ in range(N)]
    p = g.random(D) + 0.05
    p /= p.sum()
    taus = [p] * N
    if not consistent:
        q = p.copy()
        q[g.integers(D)] *= 2
        taus = [p] * (N - 1) + [q / q.sum()]
    return parts, taus


def direct_before(tau, group, u, v, ag, method, rem, tol, names) -> CommonPrior:
    """``common_prior._direct`` before this change: the sparse graph built twice (components, then
    again with the virtual root for the BFS); the forest/prior tail is the shared
    ``common_prior._forest_prior``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import breadth_first_order

    D = len(tau[0])
    k, comp = cp_mod._components(D, u, v)
    reps = np.full(k, -1, dtype=np.int64)
    reps[comp[::-1]] = np.arange(D)[::-1]
    ru = np.concatenate([u, np.full(k, D)])
    rv = np.concatenate([v, reps])
    g = coo_matrix((np.ones(len(ru)), (ru, rv)), shape=(D + 1, D + 1)).tocsr()
    _, pred = breadth_first_order(g, D, directed=False, return_predecessors=True)
    return cp_mod._forest_prior(tau, group, pred, comp, k, method, rem, tol, names)


def timed(parts, taus, method: str, before: bool = False):
    saved = cp_mod._direct
    if before:
        cp_mod._direct = direct_before
    try:
        t0 = time.process_time()
        out = construct_common_prior(parts, taus, method=method)
        return time.process_time() - t0, out
    finally:
        cp_mod._direct = saved


def same(a, b) -> bool:
    return a.feasible == b.feasible and (np.array_equal(a.prior, b.prior) if a.feasible
                                         else a.witness == b.witness)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--N", type=int, default=4)
    ap.add_argument("--cell-size", type=int, default=20)
    ap.add_argument("--lp-limit", type=float, default=60.0)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    a = ap.parse_args()
    last_lp = lp_now = None
    for method in ("direct", "lp"):  # warm up imports (SciPy, HiGHS)
        construct_common_prior(*profile(100, a.N, a.cell_size, 0, True), method=method)
    print(f"N={a.N}, cells of ~{a.cell_size} states; CPU seconds, direct best of {a.repeats} "
          "(before/after interleaved), LP once")
    print(f"{'D':>9} {'case':>12} {'before s':>9} {'direct s':>9} {'change':>7} {'LP s':>9} "
          f"{'LP/before':>10} {'LP/direct':>10}  agree")
    for D in map(int, a.sizes.split(",")):
        for consistent in (True, False):
            parts, taus = profile(D, a.N, a.cell_size, D, consistent)
            tb = td = np.inf
            for i in range(a.repeats):
                for before in ((True, False) if i % 2 == 0 else (False, True)):
                    t, out = timed(parts, taus, "direct", before)
                    if before:
                        tb, rb = min(tb, t), out
                    else:
                        td, rd = min(td, t), out
            if not same(rb, rd):
                raise SystemExit(f"D={D}: before and after disagree")
            case = "consistent" if consistent else "inconsistent"
            head = f"{D:>9} {case:>12} {tb:9.3f} {td:9.3f} {(td - tb) / tb:+7.0%}"
            if last_lp is not None and last_lp * 10 * 1.5 > a.lp_limit:
                print(f"{head} {'skipped':>9} {'-':>10} {'-':>10}  (LP projected > {a.lp_limit:.0f} s: "
                      "no ratio at this size)")
                continue
            tl, rl = timed(parts, taus, "lp")
            agree = rd.feasible == rl.feasible and (
                not rd.feasible or bool(np.allclose(rd.prior, rl.prior, rtol=1e-6, atol=1e-12)))
            print(f"{head} {tl:9.3f} {tl / tb:9.0f}× {tl / td:9.0f}×  {agree} (feasible={rd.feasible})")
            if consistent:
                lp_now = tl
        last_lp = lp_now


if __name__ == "__main__":
    main()
