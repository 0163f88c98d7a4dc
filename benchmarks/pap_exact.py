"""Throughput of alignlab.pap's exact evaluation/planning against naive loop implementations.

Run: .venv/bin/python benchmarks/pap_exact.py [--batch 200] [--states 6] [--actions 3]

Prints MDPs/second for (1) policy evaluation: batched linear solve vs per-MDP Python-loop iterative
evaluation to 1e-8; (2) optimal planning: batched policy iteration vs per-MDP Python-loop value
iteration to 1e-8; and the speed-up ratios. Also checks both agree.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from alignlab.pap.mdp import policy_iteration, state_values
from alignlab.pap.worlds import random_mdps, random_policies


def naive_evaluate(P, r, gamma, pi, tol=1e-8):
    S, A = len(r), len(r[0])
    V = [0.0] * S
    while True:
        new = [sum(pi[s][a] * (r[s][a] + gamma * sum(P[s][a][t] * V[t] for t in range(S))) for a in range(A))
               for s in range(S)]
        if max(abs(x - y) for x, y in zip(new, V, strict=True)) < tol * (1 - gamma):
            return new
        V = new


def naive_value_iteration(P, r, gamma, tol=1e-8):
    S, A = len(r), len(r[0])
    V = [0.0] * S
    while True:
        new = [max(r[s][a] + gamma * sum(P[s][a][t] * V[t] for t in range(S)) for a in range(A)) for s in range(S)]
        if max(abs(x - y) for x, y in zip(new, V, strict=True)) < tol * (1 - gamma):
            return new
        V = new


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--states", type=int, default=6)
    ap.add_argument("--actions", type=int, default=3)
    ap.add_argument("--gamma", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    P, r = random_mdps(rng, a.batch, a.states, a.actions)
    pi = random_policies(rng, a.batch, a.states, a.actions)
    Pl, rl, pil = P.tolist(), r.tolist(), pi.tolist()
    print(f"{a.batch} random MDPs, S={a.states}, A={a.actions}, γ={a.gamma}")

    v_fast, t_fast = timed(lambda: state_values(P, r, a.gamma, pi))
    v_naive, t_naive = timed(lambda: [naive_evaluate(Pl[b], rl[b], a.gamma, pil[b]) for b in range(a.batch)])
    err = np.max(np.abs(v_fast - np.array(v_naive)))
    print(f"evaluation  exact batched solve: {a.batch / t_fast:12.0f} MDP/s | naive loop: "
          f"{a.batch / t_naive:9.0f} MDP/s | ratio {t_naive / t_fast:8.1f}x | max |ΔV| {err:.1e}")

    (_, v_star), t_pi = timed(lambda: policy_iteration(P, r, a.gamma))
    v_vi, t_vi = timed(lambda: [naive_value_iteration(Pl[b], rl[b], a.gamma) for b in range(a.batch)])
    err = np.max(np.abs(v_star - np.array(v_vi)))
    print(f"planning    batched policy iter.: {a.batch / t_pi:12.0f} MDP/s | naive VI:   "
          f"{a.batch / t_vi:9.0f} MDP/s | ratio {t_vi / t_pi:8.1f}x | max |ΔV*| {err:.1e}")

    # Per-MDP (unbatched) exact calls, to separate batching from the algorithm.
    _, t_single = timed(lambda: [policy_iteration(P[b], r[b], a.gamma) for b in range(a.batch)])
    print(f"planning    unbatched policy iter.: {a.batch / t_single:10.0f} MDP/s | "
          f"batching gain {t_single / t_pi:.1f}x | vs naive VI {t_vi / t_single:.1f}x")


if __name__ == "__main__":
    main()
