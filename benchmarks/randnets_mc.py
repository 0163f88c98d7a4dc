"""Batched Monte Carlo: exact pairwise (Gram) sampling vs dense weight matrices vs a per-net loop.

All three sample the same distribution of the depth-L output cosine; prints time per network and
ratios. Run: .venv/bin/python benchmarks/randnets_mc.py [--width 256 --depth 16 --nets 40]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from alignlab.randnets.activations import get_activation
from alignlab.randnets.corrmap import default_weight_variance
from alignlab.randnets.montecarlo import output_cosines


def per_net_loop(act, width: int, depth: int, nets: int, rho: float, sw2: float, seed: int) -> np.ndarray:
    """The naive baseline: one network at a time, explicit weight matrices."""
    gen = np.random.default_rng(seed)
    out = np.empty(nets)
    s = np.sqrt(1 - rho * rho)
    for b in range(nets):
        z = gen.standard_normal((width, 2))
        h = np.stack([z[:, 0], rho * z[:, 0] + s * z[:, 1]], axis=1)
        for _ in range(depth):
            w = gen.standard_normal((width, width)) * np.sqrt(sw2 / width)
            h = w @ act(h)
        out[b] = h[:, 0] @ h[:, 1] / np.sqrt((h[:, 0] @ h[:, 0]) * (h[:, 1] @ h[:, 1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--activation", default="relu-center")
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--depth", type=int, default=16)
    ap.add_argument("--nets", type=int, default=40)
    args = ap.parse_args()
    act = get_activation(args.activation).at(1.0)
    sw2 = default_weight_variance(act)
    cfg = (act, args.width, args.depth, args.nets, 0.5, sw2)
    timings = {}
    for name, fn in (
        ("per-net loop (dense)", lambda: per_net_loop(*cfg, seed=0)),
        ("batched dense", lambda: output_cosines(*cfg, np.random.default_rng(0), method="dense")),
        ("batched gram (exact pairwise)", lambda: output_cosines(*cfg, np.random.default_rng(0), method="gram")),
    ):
        t = time.perf_counter()
        c = fn()
        timings[name] = (time.perf_counter() - t, float(np.mean(c)), float(np.std(c) / np.sqrt(c.size)))
    base = timings["per-net loop (dense)"][0]
    print(f"{args.activation}, width {args.width}, depth {args.depth}, {args.nets} nets")
    print(f"{'method':<32} {'s/net':>10} {'mean':>8} {'± se':>7} {'speed-up':>9}")
    for name, (t, m, se) in timings.items():
        print(f"{name:<32} {t / args.nets:>10.5f} {m:>8.4f} {se:>7.4f} {base / t:>9.1f}")


if __name__ == "__main__":
    main()
