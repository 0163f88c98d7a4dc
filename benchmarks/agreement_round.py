"""One broadcast round of `expectation` messages: vectorised engine at D = 10^6, N = 16, before and
after dropping the stable sort in ``arith.level_keys``, and the ratio to a straightforward
set-based implementation at D = 10^4.

"before" is the engine with ``level_keys`` as it was (a stable argsort: ``_sort_kind="stable"``);
"after" is the current code. They run interleaved in this process, each timed as the best of
``--repeats`` rounds (CPU seconds, ``time.process_time``), and must give the same partitions.

Run: .venv/bin/python benchmarks/agreement_round.py [--D 1000000] [--N 16] [--cells 1000 10]
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from functools import partial

import numpy as np

from alignlab.agreement import arith, protocols
from alignlab.agreement.dialogue import Dialogue
from alignlab.agreement.instances import random_partition
from alignlab.agreement.partitions import cells, n_cells
from alignlab.agreement.reference import broadcast_round
from alignlab.agreement.registry import get
from alignlab.runtime import rng

arith_level_keys = arith.level_keys
# ``arith.level_keys`` before this change: the same keys, through a stable argsort
level_keys_before = partial(arith_level_keys, _sort_kind="stable")


@contextmanager
def engine(which: str):
    """Run the round with the "before" or "after" level_keys (both modules that import it)."""
    fn = level_keys_before if which == "before" else arith_level_keys
    saved = arith.level_keys, protocols.level_keys
    arith.level_keys = protocols.level_keys = fn
    try:
        yield
    finally:
        arith.level_keys, protocols.level_keys = saved


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
    t0 = time.process_time()
    proto = get("expectation")
    for sp in range(N):
        msg = proto.message(dlg, sp)
        dlg.deliver(msg, [r for r in range(N) if r != sp])
    _ = dlg.labels  # bring every listener's partition up to date (part of the round)
    return time.process_time() - t0, dlg


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--D", type=int, default=10**6)
    ap.add_argument("--N", type=int, default=16)
    ap.add_argument("--cells", type=int, nargs="+", default=[1000, 10])
    ap.add_argument("--D-small", type=int, default=10**4)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()

    print(f"one broadcast round of expectation messages, D={a.D:.0e}, N={a.N} (CPU s, best of "
          f"{a.repeats}, before/after interleaved):")
    for n_cells_ in a.cells:
        parts, p, f = instance(a.D, a.N, n_cells_, 0)
        best = {"before": np.inf, "after": np.inf}
        labels = {}
        for i in range(a.repeats):
            for which in (("before", "after") if i % 2 == 0 else ("after", "before")):
                with engine(which):
                    t, dlg = vectorised_round(parts, p, f)
                best[which] = min(best[which], t)
                labels[which] = [lab.copy() for lab in dlg.labels]
        same = all(np.array_equal(x, y) for x, y in zip(labels["before"], labels["after"], strict=True))
        cc = [n_cells(lab) for lab in labels["after"]]
        b, t = best["before"], best["after"]
        print(f"  {n_cells_:>5} cells/agent: before {b:.3f} s, after {t:.3f} s ({(t - b) / b:+.0%}); "
              f"same partitions: {same}; cells after the round {min(cc)}..{max(cc)}")

    Ds = a.D_small
    for n_cells_ in a.cells:
        parts, p, f = instance(Ds, a.N, max(2, n_cells_ * Ds // a.D), 1)
        tv = min(vectorised_round(parts, p, f)[0] for _ in range(a.repeats))
        pl, fl = [p.tolist()] * a.N, f.tolist()
        t0 = time.process_time()
        _, ref_parts = broadcast_round([q.tolist() for q in parts], pl, fl, list(range(a.N)))
        ts = time.process_time() - t0
        _, dlg = vectorised_round(parts, p, f)
        same = all(sorted(sorted(c.tolist()) for c in cells(dlg.partition(i)))
                   == sorted(sorted(c) for c in ref_parts[i]) for i in range(a.N))
        print(f"D={Ds:.0e}, N={a.N}, {max(2, n_cells_ * Ds // a.D)} cells/agent: set-based "
              f"{ts:.3f} s, vectorised {tv:.4f} s, ratio {ts / tv:.0f}× (measured here, same run); "
              f"same partitions: {same}")


if __name__ == "__main__":
    main()
