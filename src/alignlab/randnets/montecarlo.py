"""Finite-width random networks by Monte Carlo, batched over many networks (NumPy, seeded).

A network of width n and depth L: h⁰ has the input covariance (q₀, ρ₀); h^{l+1} = W^l σ(h^l) with
W^l_{ij} ~ N(0, σ_w²/n). For a *pair* of inputs only the n×2 matrix A = σ(h^l) matters, and since
W^l is fresh Gaussian, (W^l a₁, W^l a₂) has i.i.d. rows N(0, σ_w²/n · AᵀA). The ``gram`` method
samples exactly that (2n normals per layer instead of n²) — the same distribution as the ``dense``
method, which multiplies by explicit weight matrices (kept as the reference and the benchmark
baseline). The estimate is the mean over networks of the cosine between the two depth-L vectors.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from alignlab import progress
from alignlab.randnets.activations import Activation, get_activation
from alignlab.randnets.corrmap import (
    check_depth,
    check_rho,
    correlation_path,
)
from alignlab.randnets.errors import RandnetsError
from alignlab.runtime import rng as make_rng

MC_METHODS = ("gram", "dense")
_CHUNK_FLOATS = 4_000_000  # bound on the floats of one batch of weight matrices / draws


@dataclass(frozen=True)
class MCResult:
    """Monte Carlo estimate of the depth-L output correlation, with a 95% CI, vs the exact map."""

    activation: str
    width: int
    depth: int
    nets: int
    rho0: float
    mean: float
    stderr: float
    ci_low: float
    ci_high: float
    exact: float
    weight_variance: float
    method: str
    seed: int

    @property
    def excess(self) -> float:
        """Finite-width excess: MC mean − infinite-width value."""
        return self.mean - self.exact

    @property
    def covers_exact(self) -> bool:
        return self.ci_low <= self.exact <= self.ci_high

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["excess"] = self.excess
        d["covers_exact"] = self.covers_exact
        return d


def _check_int(value: int, what: str, lo: int) -> int:
    if int(value) != value or value < lo:
        raise RandnetsError(f"{what} must be an integer >= {lo}, got {value}")
    return int(value)


def check_size(width: int, depth: int, nets: int, *, method: str = "gram", where: str = "") -> None:
    """Refuse a Monte Carlo run over the stated limits before anything is allocated: one network's
    arrays (width × 2, or width² for ``dense``) within :data:`alignlab.limits.CELLS`, and the
    work nets × width × depth (× width for ``dense``) within :data:`alignlab.limits.WORK`."""
    from alignlab import limits

    per_net = width * (width if method == "dense" else 2)
    limits.check_product(per_net, f"width {width}: values per network", limits.CELLS,
                         where=where, error=RandnetsError)
    limits.check_product(nets * per_net * max(depth, 1), f"nets × width × depth = {nets} × {width} "
                         f"× {depth}: work", limits.WORK, where=where, error=RandnetsError)


def _initial(gen: np.random.Generator, b: int, n: int, q0: float, rho: float) -> np.ndarray:
    z = gen.standard_normal((b, n, 2))
    s = math.sqrt(max(1.0 - rho * rho, 0.0))
    h1 = z[..., 0]
    return math.sqrt(q0) * np.stack([h1, rho * h1 + s * z[..., 1]], axis=-1)


def _layer_gram(gen: np.random.Generator, a: np.ndarray, sw2: float) -> np.ndarray:
    b, n, _ = a.shape
    g11 = np.sum(a[..., 0] ** 2, axis=1) * (sw2 / n)
    g12 = np.sum(a[..., 0] * a[..., 1], axis=1) * (sw2 / n)
    g22 = np.sum(a[..., 1] ** 2, axis=1) * (sw2 / n)
    l11 = np.sqrt(g11)
    l21 = np.divide(g12, l11, out=np.zeros_like(g12), where=l11 > 0)
    l22 = np.sqrt(np.maximum(g22 - l21 * l21, 0.0))
    z = gen.standard_normal((b, n, 2))
    h1 = z[..., 0] * l11[:, None]
    h2 = z[..., 0] * l21[:, None] + z[..., 1] * l22[:, None]
    return np.stack([h1, h2], axis=-1)


def _layer_dense(gen: np.random.Generator, a: np.ndarray, sw2: float) -> np.ndarray:
    b, n, _ = a.shape
    w = gen.standard_normal((b, n, n))
    return np.matmul(w, a) * math.sqrt(sw2 / n)


def output_cosines(
    act: Activation,
    width: int,
    depth: int,
    nets: int,
    rho: float,
    sw2: float,
    gen: np.random.Generator,
    *,
    q0: float = 1.0,
    method: str = "gram",
    qs: tuple[float, ...] | None = None,
) -> np.ndarray:
    """Cosine between the two depth-L pre-activation vectors, one value per network."""
    layer = _layer_gram if method == "gram" else _layer_dense
    per_net = width * (width if method == "dense" else 2)
    chunk = max(1, _CHUNK_FLOATS // per_net)
    qs = qs or (q0,) * (depth + 1)
    out = np.empty(nets)
    # the bar counts layers of chunks: the chunking fixes the random stream, so it stays as is
    with progress.bar(f"{act.name} width {width}: layers", -(-nets // chunk) * depth) as shown:
        for start in range(0, nets, chunk):
            b = min(chunk, nets - start)
            h = _initial(gen, b, width, q0, rho)
            for layer_index in range(depth):
                h = layer(gen, act.at(qs[layer_index])(h), sw2)
                shown.advance()
            n1 = np.sqrt(np.sum(h[..., 0] ** 2, axis=1))
            n2 = np.sqrt(np.sum(h[..., 1] ** 2, axis=1))
            dot = np.sum(h[..., 0] * h[..., 1], axis=1)
            out[start : start + b] = dot / np.maximum(n1 * n2, 1e-300)
    return out


def monte_carlo(
    activation: Activation | str,
    *,
    width: int,
    depth: int,
    nets: int,
    rho: float = 0.5,
    seed: int = 0,
    weight_variance: float | None = None,
    q0: float = 1.0,
    method: str = "gram",
) -> MCResult:
    """Estimate the depth-L correlation over ``nets`` random networks of width ``width``.

    Adaptive activations (``relu-center``) use the shift for the infinite-width q_l of each layer.
    """
    act = get_activation(activation)
    depth = check_depth(depth)
    r = check_rho(rho)
    width = _check_int(width, "width", 2)
    nets = _check_int(nets, "nets", 2)
    check_size(width, depth, nets, method=method)
    if method not in MC_METHODS:
        raise RandnetsError(f"Monte Carlo method must be one of {', '.join(MC_METHODS)}, got {method!r}")
    if method == "dense" and width > 2048:
        raise RandnetsError(f"method 'dense' is limited to width <= 2048 (got {width}); use 'gram'")
    path = correlation_path(act, depth, r, weight_variance=weight_variance, q0=q0)
    sw2 = path.weight_variance
    c = output_cosines(
        act, width, depth, nets, r, sw2, make_rng(seed), q0=q0, method=method, qs=path.variances
    )
    m = float(np.mean(c))
    se = float(np.std(c, ddof=1) / math.sqrt(nets))
    return MCResult(
        act.name, width, depth, nets, r, m, se, m - 1.96 * se, m + 1.96 * se,
        path.correlations[-1], sw2, method, seed,
    )


@dataclass(frozen=True)
class ExcessPoint:
    """One width of the finite-width-excess experiment: excess ± 95% half-width, and n·excess."""

    width: int
    excess: float
    half_width: float

    @property
    def scaled(self) -> float:
        return self.width * self.excess

    def to_dict(self) -> dict[str, float]:
        return {"width": self.width, "excess": self.excess, "half_width": self.half_width,
                "n_times_excess": self.scaled}


def finite_width_excess(
    activation: Activation | str = "relu-center",
    widths: tuple[int, ...] = (16, 32, 64, 128, 256),
    *,
    depth: int = 16,
    nets: int = 2000,
    rho: float = 0.5,
    seed: int = 0,
) -> tuple[tuple[ExcessPoint, ...], float]:
    """MC excess over the exact map at each width, and the least-squares fit c in excess ≈ c/n."""
    from alignlab.runtime import derive_seed

    for n in widths:  # every width checked before the first one runs
        check_size(_check_int(n, "width", 2), check_depth(depth), _check_int(nets, "nets", 2))
    points = []
    for n in progress.track(widths, "finite-width excess: widths"):
        res = monte_carlo(
            activation, width=n, depth=depth, nets=nets, rho=rho, seed=derive_seed(seed, "excess", n)
        )
        points.append(ExcessPoint(n, res.excess, 1.96 * res.stderr))
    x = np.array([1.0 / p.width for p in points])
    y = np.array([p.excess for p in points])
    wts = np.array([1.0 / max(p.half_width, 1e-12) ** 2 for p in points])
    coef = float(np.sum(wts * x * y) / np.sum(wts * x * x))
    return tuple(points), coef
