"""Cost of evaluating teaching instances: parse the answer, update the world, replan, execute in
both modes — per instance, with the gold teacher and with no teaching, serially and through the
resumable runner (``evaluate_file``: JSONL append per record).

Baseline: the no-teaching evaluation (no parsing, no replanning) of the same instances. Run:

    .venv/bin/python benchmarks/mindgrid_evaluate.py [--n 100] [--preset eval]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from alignlab.mindgrid.teaching.evaluate import evaluate_file, evaluate_instance
from alignlab.mindgrid.teaching.instances import generate_instances, write_instances
from alignlab.mindgrid.teaching.teachers import make_teacher


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--preset", default="eval")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    t0 = time.perf_counter()
    insts = generate_instances(a.preset, a.n, a.seed)
    t_gen = time.perf_counter() - t0
    print(f"generate {a.n} {a.preset} instances: {t_gen:.2f} s ({1000 * t_gen / a.n:.1f} ms each)")
    rows = {}
    for teacher in ("none", "gold"):
        per = []
        t0 = time.perf_counter()
        for i in insts:
            t1 = time.perf_counter()
            evaluate_instance(i, "\n".join(i.sentences) if teacher == "gold" else None, teacher=teacher)
            per.append(time.perf_counter() - t1)
        total = time.perf_counter() - t0
        rows[teacher] = total
        q = statistics.quantiles(per, n=10, method="inclusive")
        print(f"{teacher:>5} in-process: {total:.2f} s total, per instance median "
              f"{1000 * statistics.median(per):.1f} ms, p90 {1000 * q[-1]:.1f} ms, worst "
              f"{1000 * max(per):.1f} ms")
    print(f"gold / none cost ratio: {rows['gold'] / rows['none']:.2f}x "
          "(the extra is parsing, applying edits and replanning π1)")
    with tempfile.TemporaryDirectory() as d:
        games = write_instances(insts, Path(d) / "games.jsonl")
        for ex in ("serial", "local"):
            t0 = time.perf_counter()
            s = evaluate_file(games, make_teacher("gold"), Path(d) / f"gold-{ex}.jsonl", executor=ex,
                              progress=False)
            dt = time.perf_counter() - t0
            print(f"evaluate_file gold, {ex:>6} executor: {dt:.2f} s ({1000 * dt / a.n:.1f} ms per "
                  f"instance incl. loading and JSONL), gap {s['gap_mean']:.2f}; "
                  f"{dt / rows['gold']:.2f}x the bare in-process loop")


if __name__ == "__main__":
    main()
