"""Speed of world generation + exact optimal planning, and of one plan execution.

Prints our absolute rates (CPU seconds, ``time.process_time``) and A* times. The reference
MindGrid toolkit is not installed here, so no ratio to it is measured by this script (issue #16
reports a side-by-side measurement made elsewhere: the reference makes 8.2 games per CPU-second
in process and its planner's median is 12–60× slower). Run:

    .venv/bin/python benchmarks/mindgrid_planner.py [--n 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

from alignlab.mindgrid.edits import PAPER_N_EDITS, random_edits
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.planner import astar
from alignlab.mindgrid.plans import execute, optimal_plan
from alignlab.runtime import rng


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=200, help="worlds per layout and setting")
    n = ap.parse_args().n
    print(f"{'setting':<34}{'worlds/CPU-s':>13}{'A* median ms':>14}{'p90':>8}{'worst':>8}")
    for layout in ("room_door_key", "treasure_island"):
        for k in (0, PAPER_N_EDITS[layout] - 2):
            worlds = []
            t0 = time.process_time()
            for seed in range(n):  # the "game": generate, edit, plan optimally (A* + skills)
                w = generate(layout, seed)
                if k:
                    w, _ = random_edits(w, k, rng(seed))
                optimal_plan(w)
                worlds.append(w)
            rate = n / (time.process_time() - t0)
            times = []
            for w in worlds:  # A* alone, wall clock per world
                s = time.perf_counter()
                astar(w)
                times.append(time.perf_counter() - s)
            times.sort()
            print(f"{layout + f' + {k} edits':<34}{rate:>13.1f}"
                  f"{1e3 * statistics.median(times):>14.2f}{1e3 * times[int(0.9 * n)]:>8.2f}"
                  f"{1e3 * times[-1]:>8.1f}")
    print("reference toolkit: not installed here, ratio not measured")
    w = generate("treasure_island", 3)
    p = optimal_plan(w)
    reps = 500
    for mode in ("skills", "actions"):
        t0 = time.perf_counter()
        for _ in range(reps):
            execute(w, p, mode)
        print(f"one plan execution ({mode}, {len(p.actions)} actions): "
              f"{1e6 * (time.perf_counter() - t0) / reps:.0f} µs")


if __name__ == "__main__":
    main()
