"""Noisy and bounded agreement: cost per message of the λ engine vs the partition engine, Monte
Carlo throughput, and sampling-tree throughput with work against (B+1)^R − 1.

    .venv/bin/python benchmarks/agreement_noisy_bounded.py [--D 100000] [--runs 200]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from alignlab.agreement import registry
from alignlab.agreement.bounded import run_bounded
from alignlab.agreement.channels import BBF
from alignlab.agreement.dialogue import Dialogue
from alignlab.agreement.instances import aumann, random_instance
from alignlab.agreement.model import make_simple
from alignlab.agreement.noisy import NoisyDialogue, run_noisy_task
from alignlab.agreement.settings import NoisySettings


def per_message(D: int, N: int, reps: int = 20) -> tuple[float, float]:
    inst = random_instance(D, N, max(2, int(np.sqrt(D))), np.random.default_rng(0))
    parts = [a.partitions[0] for a in inst.agents]
    pri = [a.priors[0] for a in inst.agents]
    f = [inst.tasks[0].objective] * N
    rng = np.random.default_rng(1)
    t = time.perf_counter()
    for _ in range(reps):
        dlg = Dialogue(parts, pri, f, exact=False, eps=0.1)
        msg = registry.get("discretized").message(dlg, 0)
        dlg.deliver(msg, list(range(1, N)))
    det = (time.perf_counter() - t) / reps
    bbf = BBF(theta=0.1)
    nd = NoisyDialogue(parts, pri, f, eps=0.1)
    t = time.perf_counter()
    for _ in range(reps):
        c = bbf.codes(nd, 0)
        nd.update(bbf.likelihood(c, bbf.sample(int(c[0]), rng)))
    noisy = (time.perf_counter() - t) / reps
    return det, noisy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--D", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=2000)
    a = ap.parse_args()
    for D in (1_000, a.D):
        det, noisy = per_message(D, 4)
        print(f"D={D:>7} N=4: discretized message + refinement {det * 1e3:7.2f} ms, "
              f"bbf message + λ update {noisy * 1e3:7.2f} ms, ratio noisy/deterministic {noisy / det:5.2f}")
    fx = aumann()
    inst = make_simple([p.partitions[0] for p in fx.instance.agents], [1.0, 0, 0, 1], eps=0.15, delta=0.2)
    t = time.perf_counter()
    r = run_noisy_task(inst, 0, NoisySettings.of(protocol="bbf", order=[0, 1], stop="criterion", theta=0.15,
                                         runs=a.runs, max_messages=12))
    dt = time.perf_counter() - t
    print(f"Monte Carlo, Aumann with bbf θ=0.15: {a.runs} realisations in {dt:.2f} s "
          f"({a.runs / dt:,.0f}/s, {r.messages['mean']:.2f} messages each), P = {r.agreement['p']:.3f}")
    tri = make_simple([[0, 0, 1, 1], [0, 1, 0, 1]], [1, 0, 0.5, 0.5], eps=0.1, kinds=["human", "ai"])
    for R, B in ((2, 256), (2, 1024), (3, 64), (3, 128)):
        t = time.perf_counter()
        res = run_bounded(tri, B=B, R=R, grid=0.25, seed=1, tree="recursive")
        dt = time.perf_counter() - t
        draws = sum(res.samples)
        print(f"sampling tree R={R} B={B:>4}: {draws:>9,} draws in {dt:.3f} s ({draws / dt / 1e6:5.1f} M draws/s), "
              f"ratio to the unpruned tree (B+1)^R−1: {draws / res.bound_samples:.3f}")


if __name__ == "__main__":
    main()
