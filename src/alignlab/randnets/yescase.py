"""The no-coincidence YES-case property on small inputs, by exhaustive enumeration.

A network C maps x ∈ {0,1}^{2n} to Rⁿ: inputs are encoded as s = 2x − 1 with a constant bias
coordinate appended (so x and its complement are not forced to opposite outputs), scaled to unit
pre-activation variance; L hidden layers of width w with activation σ and the default σ_w²; a linear
read-out to n outputs. Property P(C): every one of the 4ⁿ inputs has some positive output.
If outputs were independent across inputs, each input would fail with probability 2⁻ⁿ and
Pr[P] = (1 − 2⁻ⁿ)^{4ⁿ} ≈ e^{−2ⁿ}; the expected number of failing inputs is exactly 2ⁿ for any σ.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass

import numpy as np

from alignlab import progress
from alignlab.randnets.activations import get_activation
from alignlab.randnets.corrmap import check_depth, default_weight_variance
from alignlab.randnets.errors import RandnetsError
from alignlab.runtime import rng as make_rng

MAX_N = 6


@dataclass(frozen=True)
class YesCaseEstimate:
    """Fraction of random networks with property P, a 95% Wilson interval and the baselines."""

    activation: str
    n: int
    width: int
    depth: int
    nets: int
    yes_count: int
    fraction: float
    ci_low: float
    ci_high: float
    independent_prob: float  # (1 − 2⁻ⁿ)^{4ⁿ}
    mean_failing_inputs: float  # E[#inputs with all outputs ≤ 0]; exactly 2ⁿ in expectation
    seed: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _wilson(k: int, m: int, z: float = 1.96) -> tuple[float, float]:
    p = k / m
    den = 1 + z * z / m
    centre = (p + z * z / (2 * m)) / den
    half = z * math.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def all_inputs(n: int) -> np.ndarray:
    """The 4ⁿ inputs {0,1}^{2n}, encoded (±1 plus bias) and scaled to unit norm² per coordinate."""
    bits = np.array(list(itertools.product((0.0, 1.0), repeat=2 * n)))
    enc = np.concatenate([2.0 * bits - 1.0, np.ones((bits.shape[0], 1))], axis=1)
    return enc  # each row has squared norm 2n + 1


def yes_case_fraction(
    activation: str = "tanh",
    n: int = 2,
    *,
    width: int = 64,
    depth: int = 4,
    nets: int = 2000,
    seed: int = 0,
) -> YesCaseEstimate:
    """Estimate Pr[P(C)] over random networks (every input evaluated: exhaustive over {0,1}^{2n})."""
    if int(n) != n or not 1 <= n <= MAX_N:
        raise RandnetsError(f"n must be an integer in 1..{MAX_N} (4^n inputs are enumerated), got {n}")
    depth = check_depth(depth)
    if int(width) != width or width < 1:
        raise RandnetsError(f"width must be an integer >= 1, got {width}")
    if int(nets) != nets or nets < 1:
        raise RandnetsError(f"nets must be an integer >= 1, got {nets}")
    from alignlab import limits

    cells = int(width) * max(int(width), 4 ** int(n))
    limits.check_product(cells, f"width × max(width, 4^n) = {width} × {max(int(width), 4 ** int(n))}",
                         limits.CELLS, error=RandnetsError)
    limits.check_product(int(nets) * cells * (depth + 1), "nets × width × inputs × depth: work",
                         limits.WORK, error=RandnetsError)
    act = get_activation(activation)
    a1 = act.at(1.0)
    sw2 = default_weight_variance(act, 1.0)
    x = all_inputs(n).T  # (d, K)
    d, k = x.shape
    gen = make_rng(seed)
    chunk = max(1, 4_000_000 // (width * max(width, k)))
    yes = 0
    failing = 0
    # the bar counts layers of chunks: the chunking fixes the random stream, so it stays as is
    with progress.bar(f"{act.name} YES case: layers", -(-nets // chunk) * depth) as shown:
        for start in range(0, nets, chunk):
            b = min(chunk, nets - start)
            h = np.matmul(gen.standard_normal((b, width, d)), x) / math.sqrt(d)  # q0 = 1
            for _ in range(depth):
                w = gen.standard_normal((b, width, width)) * math.sqrt(sw2 / width)
                h = np.matmul(w, a1(h))
                shown.advance()
            out = np.matmul(gen.standard_normal((b, n, width)), a1(h))  # (b, n, K); scale irrelevant
            fails = np.all(out <= 0.0, axis=1)  # (b, K)
            failing += int(fails.sum())
            yes += int(np.sum(~fails.any(axis=1)))
    lo, hi = _wilson(yes, nets)
    return YesCaseEstimate(
        act.name, int(n), int(width), depth, int(nets), yes, yes / nets, lo, hi,
        (1.0 - 2.0 ** (-n)) ** (4**n), failing / nets, seed,
    )
