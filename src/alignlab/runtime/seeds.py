"""Seeded randomness: every random thing takes a seed and a ``numpy.random.Generator``.

Never the global RNG. Child seeds are derived with ``SeedSequence`` so that task ``k`` of a run
gets the same stream whatever executor or batch size runs it.
"""

from __future__ import annotations

import hashlib

import numpy as np


def rng(seed: int | np.random.SeedSequence | None) -> np.random.Generator:
    """A PCG64 generator from ``seed``; ``None`` is refused (results must be reproducible)."""
    if seed is None:
        raise ValueError("a seed is required (alignlab never draws from unseeded randomness)")
    return np.random.default_rng(seed)


def child_seeds(seed: int, n: int) -> list[int]:
    """``n`` independent 64-bit seeds derived from ``seed`` (stable across versions and machines)."""
    ss = np.random.SeedSequence(seed)
    return [int(c.generate_state(2, np.uint32).view(np.uint64)[0]) for c in ss.spawn(n)]


def derive_seed(seed: int, *keys: object) -> int:
    """A 63-bit seed derived from ``seed`` and any printable keys (e.g. a task's parameters)."""
    text = repr((int(seed), *map(str, keys))).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little") >> 1
