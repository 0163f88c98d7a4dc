"""Seeded randomness: every random thing takes a seed and a ``numpy.random.Generator``.

Never the global RNG. Child seeds are derived with ``SeedSequence`` so that task ``k`` of a run
gets the same stream whatever executor or batch size runs it.
"""

from __future__ import annotations

import hashlib

import numpy as np

MAX_SEED = 2**63 - 1


def check_seed(seed: object, name: str = "seed") -> int:
    """``seed`` as an int in ``[0, 2**63)``: the one rule for every seed a user gives (a negative
    or huge seed is refused here instead of failing deep inside NumPy or torch, or being ignored)."""
    from alignlab.runtime.errors import RunError

    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) \
            or not 0 <= int(seed) <= MAX_SEED:
        shown = seed if not isinstance(seed, int) or abs(seed) < 10**30 else f"{str(seed)[:20]}…"
        raise RunError(f"{name} must be a whole number in [0, 2**63 - 1], got {shown!r}")
    return int(seed)


def rng(seed: int | np.random.SeedSequence | None) -> np.random.Generator:
    """A PCG64 generator from ``seed``; ``None`` is refused (results must be reproducible)."""
    if seed is None:
        raise ValueError("a seed is required (alignlab never draws from unseeded randomness)")
    if not isinstance(seed, np.random.SeedSequence):
        check_seed(seed)
    return np.random.default_rng(seed)


def child_seeds(seed: int, n: int) -> list[int]:
    """``n`` independent 64-bit seeds derived from ``seed`` (stable across versions and machines)."""
    ss = np.random.SeedSequence(check_seed(seed))
    return [int(c.generate_state(2, np.uint32).view(np.uint64)[0]) for c in ss.spawn(n)]


def derive_seed(seed: int, *keys: object) -> int:
    """A 63-bit seed derived from ``seed`` and any printable keys (e.g. a task's parameters)."""
    text = repr((check_seed(seed), *map(str, keys))).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little") >> 1
