"""The finite theory set τ = w ∈ {0,1}^d of the exploding bandit (the authors' code of Bengio et
al., arXiv 2408.05284; docs/guardrails.md, "The experiment").

Row i of the theory matrix holds the bits of i, most significant first, so theory 0 is all zeros
and theory 2^d − 1 all ones. The prior over the rows is uniform.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=16)
def theory_matrix(dim: int = 10) -> np.ndarray:
    """The (2^dim, dim) 0/1 matrix of all theories w, row i = bits of i (MSB first); read-only."""
    i = np.arange(2**dim, dtype=np.int64)[:, None]
    shifts = np.arange(dim - 1, -1, -1, dtype=np.int64)[None, :]
    w = ((i >> shifts) & 1).astype(np.uint8)
    w.flags.writeable = False
    return w


def theory_index(bits: np.ndarray) -> np.ndarray:
    """The row index of theory ``bits`` (…, dim) in :func:`theory_matrix` (inverse of it)."""
    bits = np.asarray(bits, dtype=np.int64)
    dim = bits.shape[-1]
    return (bits << np.arange(dim - 1, -1, -1, dtype=np.int64)).sum(axis=-1)
