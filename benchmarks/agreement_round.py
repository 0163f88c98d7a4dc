"""One broadcast round of `expectation` messages: vectorised engine at D = 10^6, N = 16, and the
ratio to a straightforward set-based implementation at D = 10^4.

Run: .venv/bin/python benchmarks/agreement_round.py [--D 1000000] [--N 16] [--cells 1000]
"""

from __future__ import annotations

import argparse
import time

from alignlab.agreement.dialogue import Dialogue
from alignlab.agreement.instances import random_partition
from alignlab.agreement.partitions import cells, n_cells
from alignlab.agreement.reference import broadcast_round
from alignlab.agreement.registry import get
from alignlab.runtime import rng


def instance(D: int, N: int, n_cells_: int, seed: int):
    g = rng(seed)
    parts = [random_partition(D, n_cells_, g) for _ in range(N)]
    p = g.random(D) + 0.1
    p /= p.sum()
    f = g.random(D)
    return parts, p, f


def vectorised_round(parts, p, f) -> tuple[float, Dialogue]:
    """Time N broadcast messages (every listener refined); setting up the dialogue is not timed."""
    N = len(parts)
    dlg = Dialogue(parts, [p] * N, [f] * N, exact=False, eps=0.1)
    t0 = time.perf_counter()
    proto = get("expectation")
    for sp in range(N):
        msg = proto.message(dlg, sp)
        dlg.deliver(msg, [r for r in range(N) if r != sp])
    _ = dlg.labels  # bring every listener's partition up to date (part of the round)
    return time.perf_counter() - t0, dlg


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--D", type=int, default=10**6)
    ap.add_argument("--N", type=int, default=16)
    ap.add_argument("--cells", type=int, default=1000)
    ap.add_argument("--D-small", type=int, default=10**4)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()

    parts, p, f = instance(a.D, a.N, a.cells, 0)
    times = []
    for _ in range(a.repeats):
        t, dlg = vectorised_round(parts, p, f)
        times.append(t)
    cc = [n_cells(lab) for lab in dlg.labels]
    print(f"one broadcast round, D={a.D:.0e}, N={a.N}, {a.cells} cells/agent: "
          f"best {min(times):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)}); "
          f"cells after the round: {min(cc)}..{max(cc)}; target < 1 s")

    Ds = a.D_small
    parts, p, f = instance(Ds, a.N, max(2, a.cells * Ds // a.D), 1)
    tv = min(vectorised_round(parts, p, f)[0] for _ in range(a.repeats))
    pl, fl = [p.tolist()] * a.N, f.tolist()
    t0 = time.perf_counter()
    _, ref_parts = broadcast_round([q.tolist() for q in parts], pl, fl, list(range(a.N)))
    ts = time.perf_counter() - t0
    _, dlg = vectorised_round(parts, p, f)
    same = all(sorted(sorted(c.tolist()) for c in cells(dlg.partition(i))) == sorted(sorted(c) for c in ref_parts[i])
               for i in range(a.N))
    print(f"D={Ds:.0e}, N={a.N}: set-based {ts:.3f} s, vectorised {tv:.4f} s, ratio {ts / tv:.0f}x "
          f"(target >= 100x); same partitions: {same}")


if __name__ == "__main__":
    main()
