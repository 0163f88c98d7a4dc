"""Cost of the inverse-planning teacher (``--teacher inverse``) per instance, and which single edits a
plan reveals.

Time: CPU seconds per instance (``time.process_time``, robust to a loaded machine) of the posterior
(undo search + exact plans) and of the sentence choice (simulating the human), median / p90 / worst,
next to one gold-teacher evaluation of the same instance (parse, apply, replan, execute), and the
projected wall time of 100 instances on 2 cores. Identification (``--identify N``): for each of the
12 edit kinds, N base worlds with that one edit — how often π0 distinguishes the edit (θ^H is the only
one-step explanation in which π0 is optimal), how often the edit is irrelevant to π0 (π0 optimal in
θ* too), and how often the posterior's top hypothesis is the true edit. Run:

    .venv/bin/python benchmarks/mindgrid_inverse.py [--n 100] [--preset eval-reference] [--identify 100]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from alignlab.mindgrid.edits import EDIT_NAMES
from alignlab.mindgrid.teaching.evaluate import evaluate_instance
from alignlab.mindgrid.teaching.instances import generate_instances
from alignlab.mindgrid.teaching.inverse.choice import choose
from alignlab.mindgrid.teaching.inverse.evidence import Evidence
from alignlab.mindgrid.teaching.inverse.identify import single_edit
from alignlab.mindgrid.teaching.inverse.posterior import posterior
from alignlab.mindgrid.teaching.inverse.teacher import InverseTeacher


def _q(xs: list[float]) -> str:
    q = statistics.quantiles(xs, n=10, method="inclusive") if len(xs) > 1 else xs * 9
    return (f"median {1000 * statistics.median(xs):7.1f} ms, p90 {1000 * q[-1]:7.1f} ms, "
            f"worst {1000 * max(xs):7.1f} ms, mean {1000 * statistics.fmean(xs):7.1f} ms")


def timing(n: int, preset: str, seed: int) -> None:
    insts = generate_instances(preset, n, seed)
    t = InverseTeacher()
    post_t, choice_t, total, gold_t, silent = [], [], [], [], 0
    for inst in insts:
        c0 = time.process_time()
        _text, _, info = t.answer(inst.real, inst.plan_human)
        total.append(time.process_time() - c0)
        silent += info["reason"] == "plan already optimal"
        ev = Evidence.of(inst.plan_human)
        c2 = time.process_time()
        post = posterior(inst.real, ev)
        c3 = time.process_time()
        choose(post, inst.real, inst.plan_human, on_death="stop")  # as t.answer's default
        c4 = time.process_time()
        post_t.append(c3 - c2)
        choice_t.append(c4 - c3)
        c5 = time.process_time()
        evaluate_instance(inst, "\n".join(inst.sentences), teacher="gold")
        gold_t.append(time.process_time() - c5)
    print(f"{n} {preset} instances (seed {seed}); {silent} answered with silence (π0 already optimal)")
    print(f"inverse teacher, whole answer: {_q(total)}")
    print(f"  posterior (all instances):   {_q(post_t)}")
    print(f"  sentence choice:             {_q(choice_t)}")
    print(f"gold evaluation (reference):   {_q(gold_t)}")
    print(f"inverse / gold-evaluation cost ratio: {statistics.fmean(total) / statistics.fmean(gold_t):.0f}x")
    print(f"projected: 100 instances in {100 * statistics.fmean(total) / 2:.1f} s of wall time on 2 "
          f"cores ({100 * statistics.fmean(total):.1f} CPU-s)")


def identify(n: int) -> None:
    print(f"\nsingle edits, {n} base worlds per kind: distinguished by π0 / irrelevant to π0 / "
          "ambiguous; top hypothesis = the edit when distinguished")
    print(f"{'edit':<26} {'dist.':>6} {'irrel.':>6} {'ambig.':>6} {'top=edit|dist.':>15}")
    for kind in EDIT_NAMES:
        c: Counter[str] = Counter()
        for seed in range(1000, 1000 + n):
            case = single_edit(kind, seed)
            if case is None:
                continue
            if case.distinguished:
                c["dist"] += 1
                post = posterior(case.real, Evidence.of(case.plan))
                c["top"] += post.hypotheses[0].edits == (case.edit,)
            elif case.irrelevant:
                c["irrel"] += 1
            else:
                c["ambig"] += 1
        print(f"{kind:<26} {c['dist']:>6} {c['irrel']:>6} {c['ambig']:>6} "
              f"{c['top']:>9}/{c['dist']:<5}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--preset", default="eval-reference")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--identify", type=int, default=0, help="base worlds per edit kind (0: skip)")
    a = ap.parse_args()
    timing(a.n, a.preset, a.seed)
    if a.identify:
        identify(a.identify)


if __name__ == "__main__":
    main()
