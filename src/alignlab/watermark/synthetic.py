"""Synthetic next-token distributions with a chosen per-token entropy H (nats), for evaluation.

A bank of distributions p = softmax(β z), z ~ N(0, I_V), with β found by bisection so that each
has entropy exactly H. The "language model" picks a bank entry from a hash of the last id and the
position, so it depends on the text like a real model does and is cheap to evaluate in batches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alignlab.runtime import rng as make_rng
from alignlab.watermark.errors import WatermarkError


def entropy(p: np.ndarray) -> np.ndarray:
    """Shannon entropy in nats over the last axis."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(p > 0, p * np.log(p), 0.0), axis=-1)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def distributions_with_entropy(
    n: int, vocab_size: int, target: float, gen: np.random.Generator
) -> np.ndarray:
    """``n`` distributions over ``vocab_size`` ids, each with entropy ``target`` nats (±1e-9)."""
    if not 0.0 < target < np.log(vocab_size):
        raise WatermarkError(
            f"entropy must be in (0, ln V) = (0, {np.log(vocab_size):.3f}) nats, got {target}"
        )
    z = gen.standard_normal((n, vocab_size))
    lo, hi = np.zeros((n, 1)), np.full((n, 1), 1.0)
    while np.any(entropy(_softmax(hi * z)) > target):
        hi = np.where(entropy(_softmax(hi * z))[:, None] > target, hi * 2.0, hi)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        too_flat = entropy(_softmax(mid * z))[:, None] > target
        lo, hi = np.where(too_flat, mid, lo), np.where(too_flat, hi, mid)
    return _softmax(0.5 * (lo + hi) * z)


@dataclass(frozen=True)
class SyntheticLM:
    """A next-token function over V ids whose every distribution has entropy ``entropy`` nats."""

    bank: np.ndarray  # (n_dists, V)

    @classmethod
    def make(cls, vocab_size: int = 64, entropy: float = 1.0, n_dists: int = 257, seed: int = 0) -> SyntheticLM:
        """A bank of ``n_dists`` distributions drawn with ``seed``."""
        return cls(distributions_with_entropy(n_dists, vocab_size, entropy, make_rng(seed)))

    @property
    def vocab_size(self) -> int:
        return int(self.bank.shape[1])

    def index(self, ids: np.ndarray) -> np.ndarray:
        """Bank row for each text: a hash of (last id, length); ids (..., t)."""
        t = ids.shape[-1]
        last = ids[..., -1] if t else np.zeros(ids.shape[:-1], dtype=np.int64)
        return (last * 1_000_003 + t * 7_919 + 17) % self.bank.shape[0]

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        """p(· | ids) for one text (t,) → (V,), or a batch (m, t) → (m, V)."""
        return self.bank[self.index(np.asarray(ids, dtype=np.int64))]

    def sample(self, m: int, length: int, gen: np.random.Generator) -> np.ndarray:
        """``m`` unmarked texts of ``length`` ids by plain sampling (vectorised inverse CDF)."""
        out = np.zeros((m, length), dtype=np.int64)
        for t in range(length):
            cum = np.cumsum(self(out[:, :t]), axis=1)
            out[:, t] = np.minimum((cum < gen.random((m, 1))).sum(axis=1), self.vocab_size - 1)
        return out


def repetitive_texts(
    m: int, length: int, vocab_size: int, gen: np.random.Generator, *, n_phrases: int = 3, phrase_len: int = 6
) -> np.ndarray:
    """``m`` texts made of a few random phrases repeated in random order (like boilerplate)."""
    phrases = gen.integers(0, vocab_size, size=(m, n_phrases, phrase_len))
    reps = -(-length // phrase_len)
    order = gen.integers(0, n_phrases, size=(m, reps))
    texts = phrases[np.arange(m)[:, None], order].reshape(m, reps * phrase_len)
    return texts[:, :length]
