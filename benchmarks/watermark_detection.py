"""Detection throughput (tokens/s) of alignlab.watermark, and the ratio to a naive detector that
draws all V uniforms per token (both measured here). The spec quotes ≈32 µs/token for its
prototype; that prototype is not available here, so it is printed for reference, not as a ratio.

Run: .venv/bin/python benchmarks/watermark_detection.py [--tokens 200000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from alignlab.watermark import detect, detect_many
from alignlab.watermark.prf import key_bytes, uniforms

SPEC_US_PER_TOKEN = 32.0  # quoted by the spec for its prototype; not measured here


def best_of(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tokens", type=int, default=200_000)
    ap.add_argument("--vocab", type=int, default=50_257)
    args = ap.parse_args()
    gen = np.random.default_rng(0)
    text = gen.integers(0, args.vocab, args.tokens)
    t_one = best_of(lambda: detect(text, "bench-key"))
    texts = [gen.integers(0, args.vocab, 256) for _ in range(args.tokens // 256)]
    t_many = best_of(lambda: detect_many(texts, "bench-key"))
    kb = key_bytes("bench-key")
    n_naive = 2000
    t_naive = best_of(lambda: [uniforms(kb, tuple(text[i : i + 4].tolist()), args.vocab)[text[i + 4]] for i in range(n_naive)])
    us_one = t_one / args.tokens * 1e6
    us_many = t_many / (len(texts) * 256) * 1e6
    us_naive = t_naive / n_naive * 1e6
    print(f"detect(): one text of {args.tokens} tokens: {us_one:.2f} µs/token = {1e6 / us_one:,.0f} tokens/s")
    print(f"detect_many(): {len(texts)} texts x 256 tokens: {us_many:.2f} µs/token = {1e6 / us_many:,.0f} tokens/s")
    print(f"naive (full V={args.vocab} uniforms per token): {us_naive:.1f} µs/token")
    print(f"ratio naive / ours (both measured in this run): {us_naive / us_one:.1f}x; the spec quotes "
          f"≈{SPEC_US_PER_TOKEN:.0f} µs/token for its prototype (not available here, ratio not measured)")


if __name__ == "__main__":
    main()
