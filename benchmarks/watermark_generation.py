"""Per-token generation overhead of the watermark vs plain sampling.

(1) Hugging Face: the tiny random GPT-2 (``--model tiny-random``), ``generate`` with and without
``watermarking_config`` at the same temperature/top-k; (2) the NumPy API at a GPT-2-sized vocabulary.
Run: .venv/bin/python benchmarks/watermark_generation.py [--tokens 200]
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def hf_times(n_tokens: int, repeat: int = 9) -> tuple[float, float, float]:
    """Best-of-``repeat`` µs/token for plain and marked ``generate`` (interleaved), and the
    processor's own µs/call measured in isolation (robust to a busy machine)."""
    import torch

    from alignlab.watermark.hf import GumbelLogitsProcessor, tiny_random_model, watermarking_config

    torch.set_num_threads(1)  # on a shared 2-core machine, 2 intra-op threads make timings erratic
    model = tiny_random_model(seed=0)
    inputs = torch.tensor([[1, 2, 3, 4, 5]])
    common = {"attention_mask": torch.ones_like(inputs), "do_sample": True, "temperature": 0.8, "top_k": 50,
              "max_new_tokens": n_tokens, "min_new_tokens": n_tokens, "pad_token_id": 0}
    best = {"plain": np.inf, "marked": np.inf}
    torch.manual_seed(0)
    with torch.no_grad():
        model.generate(inputs, **{**common, "max_new_tokens": 5, "min_new_tokens": 5})  # warm-up
        for i in range(repeat):
            order = ("plain", "marked") if i % 2 == 0 else ("marked", "plain")
            for name in order:
                extra = {"watermarking_config": watermarking_config("bench")} if name == "marked" else {}
                t0 = time.perf_counter()
                model.generate(inputs, **common, **extra)
                best[name] = min(best[name], time.perf_counter() - t0)
    proc = GumbelLogitsProcessor(["bench"], 4, True)
    ids = torch.randint(0, 256, (1, 64))
    scores = torch.randn(1, 256)
    calls = 2000
    t_proc = np.inf
    for _ in range(3):
        t0 = time.perf_counter()
        for j in range(calls):
            proc.seen = None
            ids[0, -1] = j % 256
            proc(ids, scores)
        t_proc = min(t_proc, time.perf_counter() - t0)
    return best["plain"] / n_tokens * 1e6, best["marked"] / n_tokens * 1e6, t_proc / calls * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tokens", type=int, default=100)
    args = ap.parse_args()
    plain, marked, proc = hf_times(args.tokens)
    print(f"HF tiny-random GPT-2 (V=256), {args.tokens} tokens, best of 9 (interleaved, 1 torch thread):")
    print(f"  plain sampling {plain:.0f} µs/token, watermarked {marked:.0f} µs/token, "
          f"overhead {marked - plain:.0f} µs/token, ratio {marked / plain:.2f}")
    print(f"  the watermark processor alone: {proc:.0f} µs/call = {proc / plain:.2f} of a plain step")
    from alignlab.watermark.evaluate import overhead

    for vocab in (256, 50_257):
        o = overhead(vocab_size=vocab, n_tokens=args.tokens)
        print(f"NumPy API, synthetic model V={vocab}: plain {o.plain_us:.0f} µs/token, "
              f"watermarked {o.marked_us:.0f} µs/token, ratio {o.ratio:.2f}")


if __name__ == "__main__":
    main()
