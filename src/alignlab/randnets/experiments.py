"""Experiments: correlation vs depth for a list of activations (table + figure), excess plot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alignlab.randnets.corrmap import (
    CorrelationPath,
    check_depth,
    correlation_path,
    depth_to_threshold,
)
from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.montecarlo import ExcessPoint

TABLE_DEPTHS = (1, 2, 4, 8, 16, 32)


@dataclass(frozen=True)
class Sweep:
    """Correlation paths for several activations, plus the depth at which |ρ| < threshold."""

    paths: tuple[CorrelationPath, ...]
    threshold: float
    depth_below: tuple[int | None, ...]  # None: not reached within max_depth (e.g. plain ReLU)
    max_depth: int

    def table(self, depths: Sequence[int] = TABLE_DEPTHS) -> tuple[list[str], list[list[str]]]:
        """Header and rows: activation, ρ at each depth, depth to |ρ| < threshold."""
        shown = [d for d in depths if d <= self.paths[0].depth]
        header = ["activation", *(f"ρ@{d}" for d in shown), f"depth |ρ|<{self.threshold:g}"]
        rows = []
        for p, dbl in zip(self.paths, self.depth_below, strict=True):
            cells = [f"{p.correlations[d]:.4f}" for d in shown]
            rows.append([p.activation, *cells, str(dbl) if dbl is not None else f"> {self.max_depth}"])
        return header, rows

    def to_dict(self) -> dict[str, object]:
        return {
            "threshold": self.threshold,
            "max_depth": self.max_depth,
            "activations": [
                {**p.to_dict(), "depth_below_threshold": d}
                for p, d in zip(self.paths, self.depth_below, strict=True)
            ],
        }


def parse_activation_list(text: str) -> list[str]:
    """'relu,tanh,erf' → ['relu', 'tanh', 'erf'] (expressions with commas: separate with ';')."""
    sep = ";" if ";" in text else ","
    names = [t.strip() for t in text.split(sep) if t.strip()]
    if not names:
        raise RandnetsError("no activations given (e.g. --activations relu,tanh,erf,relu-center)")
    return names


def sweep(
    activations: Sequence[str],
    depth: int = 32,
    rho: float = 0.5,
    *,
    threshold: float = 0.01,
    max_depth: int = 400,
) -> Sweep:
    """Exact correlation paths (default σ_w²) and depth-to-threshold for each activation."""
    depth = check_depth(depth)
    if not 0 < threshold < 1:
        raise RandnetsError(f"threshold must be in (0, 1), got {threshold}")
    paths = tuple(correlation_path(a, depth, rho) for a in activations)
    below = []
    for a, p in zip(activations, paths, strict=True):
        d = p.depth_below(threshold)
        below.append(d if d is not None else depth_to_threshold(a, threshold, rho, max_depth=max_depth))
    return Sweep(paths, threshold, tuple(below), max_depth)


def plot_sweep(result: Sweep, path: str | Path) -> Path:
    """Figure: ρ_l vs depth l for each activation (exact infinite-width map)."""
    import numpy as np

    from alignlab.report import new_figure, save_figure

    fig, ax = new_figure(7.4, 4.2)
    styles = ("-", "--", "-.", ":")
    markers = ("o", "s", "^", "v", "D", "P")
    curves = [np.asarray(p.correlations) for p in result.paths]
    for i, p in enumerate(result.paths):
        # a curve within 0.01 of an earlier one everywhere is drawn thin and dotted on top of the
        # (solid, wider) earlier one, and its label says so: both stay visible
        twin = next((j for j in range(i) if np.max(np.abs(curves[i] - curves[j])) < 0.01), None)
        label = p.activation
        style = {"ls": styles[i % 4], "marker": markers[i % 6], "markersize": 3.5, "lw": 1.8}
        if twin is not None:
            gap = float(np.max(np.abs(curves[i] - curves[twin])))
            label += f" (≈ {result.paths[twin].activation}: |Δρ| ≤ {gap:.3f})"
            style = {"ls": ":", "marker": "x", "markersize": 5, "lw": 1.4, "zorder": 3}
        elif any(np.max(np.abs(curves[k] - curves[i])) < 0.01 for k in range(i + 1, len(curves))):
            style.update(lw=4.0, alpha=0.55, ls="-")
        ax.plot(range(p.depth + 1), p.correlations, color=f"C{i % 10}", label=label, **style)
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.axhline(result.threshold, color="0.6", lw=0.8, ls=":")
    ax.annotate(f"|ρ| = {result.threshold:g}", (0, result.threshold), textcoords="offset points",
                xytext=(2, 3), ha="left", fontsize=7, color="0.4")
    ax.set_xlabel("depth l")
    ax.set_ylabel("output correlation ρ_l")
    ax.set_ylim(-0.05, 1.02)
    ax.set_title(f"Exact infinite-width correlation map, ρ₀ = {result.paths[0].correlations[0]:g}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)  # outside
    ax.grid(alpha=0.3)
    return save_figure(fig, path)


def plot_excess(points: Sequence[ExcessPoint], coef: float, path: str | Path, *, title: str = "") -> Path:
    """Figure: finite-width excess (MC − exact) vs width with 95% CIs and the fit c/n."""
    import numpy as np

    from alignlab.report import new_figure, save_figure

    fig, ax = new_figure(6.4, 4.2)
    w = np.array([p.width for p in points], dtype=float)
    ax.errorbar(w, [p.excess for p in points], yerr=[p.half_width for p in points], fmt="o",
                capsize=3, label="Monte Carlo excess (95% CI)")
    grid = np.geomspace(w.min() * 0.8, w.max() * 1.25, 100)
    ax.plot(grid, coef / grid, color="C1", label=f"fit {coef:.2f}/n")
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("width n")
    ax.set_ylabel("ρ_L(width n) − ρ_L(∞)")
    ax.set_title(title or "Finite-width excess of the output correlation")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save_figure(fig, path)
