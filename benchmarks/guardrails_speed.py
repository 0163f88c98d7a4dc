"""Guardrails simulator speed: vectorised over episodes vs a per-episode loop, and the full
Figure 1 grid (45 configurations) at 10,000 episodes each on 2 worker processes.

The per-episode loop runs the same code one episode at a time (batch of 1) on the same draws, so
both give identical outcomes (checked). The authors' code needs ~15 ms per episode single-threaded
and 1.6 CPU-hours for its Figure 1 (spec). Times are wall clock and this process's CPU time (the
machine may be shared; CPU time is the steadier number).

Run: .venv/bin/python benchmarks/guardrails_speed.py [--episodes 1000] [--loop-episodes 100]
     [--grid-episodes 10000 --workers 2 --figure fig.png | --skip-grid]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from alignlab.guardrails import Outcomes, Setting, run_block
from alignlab.guardrails.simulate import BLOCK, block_episodes

CONFIGS = (Setting("none", 0.1), Setting("cheating", 0.1), Setting("posterior", 0.1),
           Setting("iid", 0.1), Setting("non-iid", 0.1, 1e-4, "groups"),
           Setting("non-iid", 0.1, 1.0, "random"), Setting("non-iid", 0.01, 1e-4, "groups"))


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def speed(episodes: int, loop_episodes: int) -> None:
    print(f"episodes per second (vectorised: {episodes} episodes in blocks of {BLOCK}; "
          f"per-episode loop: the first {loop_episodes})")
    print(f"{'configuration':<34} {'vectorised ep/s':>15} {'loop ep/s':>10} {'ratio':>7} "
          f"{'ms/episode':>11}")
    ratios = []
    for s in CONFIGS:
        eps = [block_episodes(s, 0, b) for b in range(-(-episodes // BLOCK))]
        _, _, cv = _timed(lambda s=s, eps=eps: [run_block(s, e) for e in eps])
        first = eps[0].slice(0, loop_episodes)
        loop, _, cl = _timed(lambda s=s, first=first: Outcomes.concat(
            [run_block(s, first.slice(i, i + 1)) for i in range(loop_episodes)]))
        vec = run_block(s, first)
        assert all(np.array_equal(getattr(vec, f), getattr(loop, f))
                   for f in ("reward", "exploded", "stopped", "pulls")), "loop and batch differ"
        v_rate, l_rate = len(eps) * BLOCK / cv, loop_episodes / cl
        ratios.append(v_rate / l_rate)
        label = f"{s.label}, C = {s.threshold:g}"
        print(f"{label:<34} {v_rate:>15.0f} {l_rate:>10.0f} {v_rate / l_rate:>7.1f} "
              f"{1000 / v_rate:>11.3f}")
    print(f"geometric mean speed-up of the vectorised simulator: "
          f"{float(np.exp(np.mean(np.log(ratios)))):.1f}x (CPU time)")


def grid(episodes: int, workers: int, figure: Path | None) -> None:
    from alignlab.guardrails.experiments import figure1, figure1_settings
    from alignlab.guardrails.figures import plot_figure1

    settings = figure1_settings()
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        tallies = figure1(settings, episodes, 0, Path(tmp) / "grid.jsonl", workers=workers,
                          progress=False)
        wall = time.perf_counter() - w
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    n_ep = len(settings) * episodes
    print(f"\nFigure 1 grid: {len(settings)} configurations × {episodes} episodes = {n_ep} "
          f"episodes, {workers} workers")
    print(f"wall {wall / 60:.2f} min, worker CPU {cpu / 60:.2f} min "
          f"({1000 * cpu / n_ep:.3f} ms CPU per episode); the authors' code: 96 CPU-min "
          f"→ {96 * 60 / max(cpu, 1e-9):.0f}x less CPU")
    if figure is not None:
        print(f"wrote {plot_figure1(tallies, figure)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--episodes", type=int, default=1000)
    ap.add_argument("--loop-episodes", type=int, default=100)
    ap.add_argument("--grid-episodes", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--figure", type=Path, default=None)
    ap.add_argument("--skip-grid", action="store_true")
    args = ap.parse_args()
    speed(args.episodes, args.loop_episodes)
    if not args.skip_grid:
        grid(args.grid_episodes, args.workers, args.figure)


if __name__ == "__main__":
    main()
