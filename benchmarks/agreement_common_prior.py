"""Common-prior check (Algorithm 2 / Lemma 7): direct method vs HiGHS LP, D = 10^3 … 10^6.

Each size runs a consistent profile (posteriors from one prior) and an inconsistent one (one
agent's weight on one state doubled); both solvers must agree. The LP is skipped at sizes where
the previous size's time projects (×10 per decade, times 1.5) beyond --lp-limit seconds.

Run: .venv/bin/python benchmarks/agreement_common_prior.py [--N 4] [--cell-size 20] [--lp-limit 60]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from alignlab.agreement.common_prior import construct_common_prior
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


def timed(parts, taus, method: str):
    t0 = time.perf_counter()
    out = construct_common_prior(parts, taus, method=method)
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--N", type=int, default=4)
    ap.add_argument("--cell-size", type=int, default=20)
    ap.add_argument("--lp-limit", type=float, default=60.0)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    a = ap.parse_args()
    last_lp = lp_now = None
    construct_common_prior(*profile(100, a.N, a.cell_size, 0, True))  # warm up imports
    print(f"{'D':>9} {'case':>12} {'direct s':>9} {'LP s':>9} {'ratio':>8}  agree")
    for D in map(int, a.sizes.split(",")):
        for consistent in (True, False):
            parts, taus = profile(D, a.N, a.cell_size, D, consistent)
            td, rd = timed(parts, taus, "direct")
            if last_lp is not None and last_lp * 10 * 1.5 > a.lp_limit:
                print(f"{D:>9} {'consistent' if consistent else 'inconsistent':>12} {td:9.3f} "
                      f"{'skipped':>9} {'-':>8}  (LP projected > {a.lp_limit:.0f} s)")
                continue
            tl, rl = timed(parts, taus, "lp")
            agree = rd.feasible == rl.feasible and (
                not rd.feasible or bool(np.allclose(rd.prior, rl.prior, rtol=1e-6, atol=1e-12)))
            print(f"{D:>9} {'consistent' if consistent else 'inconsistent':>12} {td:9.3f} {tl:9.3f} "
                  f"{tl / td:7.0f}x  {agree} (feasible={rd.feasible})")
            if consistent:
                lp_now = tl
        last_lp = lp_now


if __name__ == "__main__":
    main()
