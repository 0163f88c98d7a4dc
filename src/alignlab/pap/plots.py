"""Pictures: Figure 2's diamond-and-lava grid with the executed paths, and Theorem 5.2's gap vs γ."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from alignlab.pap.agents import Params, Planner, Protocol, run_protocol
from alignlab.pap.worlds import Grid, diamond_lava_pap, grid_world, trajectory

COLOURS = {".": "#f2f2f2", "S": "#f2f2f2", "L": "#e8590c", "D": "#9ee6f5", "#": "#555555"}


def executed_paths(gamma: float = 0.9, grid: Grid | None = None) -> dict[str, list[int]]:
    """The real-world path of the executed plan when the human starts with the correct belief."""
    g = grid or grid_world()
    pap = diamond_lava_pap(gamma, grid=g)
    out = {}
    for label, proto in (("OLA + perfect RLHF", Protocol("ola", "ostensible", "solver")),
                         ("truthful teacher + perfect RLHF", Protocol("truthful", "ostensible", "solver"))):
        planner = Planner(gamma)
        o = run_protocol(proto, Params(g.reward, g.real), Params(g.reward, g.real), g.real,
                         dict(pap.worlds), planner, g.start)
        out[label] = trajectory(g.real, o.executed, g.start, 4 * len(g.cells))
    return out


def draw_grid(path: str | Path, gamma: float = 0.9, grid: Grid | None = None) -> Path:
    """Draw the grid (lava orange, diamond cyan, start S) and both executed paths."""
    from matplotlib.patches import Rectangle

    from alignlab.report import new_figure, save_figure

    g = grid or grid_world()
    rows, cols = len(g.layout), len(g.layout[0])
    fig, ax = new_figure(1.2 * cols + 0.6, 1.2 * rows + 0.9)
    for i, row in enumerate(g.layout):
        for j, ch in enumerate(row):
            ax.add_patch(Rectangle((j, rows - 1 - i), 1, 1, facecolor=COLOURS[ch], edgecolor="white", lw=2))
            if ch == "D":
                ax.plot(j + 0.5, rows - 0.5 - i, marker="D", ms=18, color="#1098ad", mec="#0b7285")
            elif ch == "S":
                ax.text(j + 0.5, rows - 0.5 - i, "S", ha="center", va="center", fontsize=16, weight="bold")
            elif ch == "L":
                ax.text(j + 0.82, rows - 0.82 - i, "lava", ha="center", va="center", fontsize=7, color="white")
    styles = {"OLA + perfect RLHF": ("#c92a2a", 0.12), "truthful teacher + perfect RLHF": ("#2b8a3e", -0.12)}
    for label, states in executed_paths(gamma, g).items():
        colour, off = styles[label]
        xs = np.array([g.cells[s][1] + 0.5 + off for s in states])
        ys = np.array([rows - 0.5 - g.cells[s][0] + off for s in states])
        ax.plot(xs, ys, "-o", color=colour, lw=2.5, ms=4, label=label, alpha=0.9)
        if states[-1] in g.lava:
            ax.plot(xs[-1], ys[-1], marker="X", ms=16, color=colour, mec="black")
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=1, frameon=False, fontsize=9)
    ax.set_title("Figure 2: diamond and lava (X = death in lava)", fontsize=10)
    return save_figure(fig, path)


def plot_gap_vs_gamma(path: str | Path, gammas: np.ndarray | None = None) -> Path:
    """Theorem 5.2 (App. A.4): measured ΔJ of the construction vs γ against the paper's 1/(1−γ)."""
    from alignlab.pap.theorems import theorem_5_2_result
    from alignlab.report import new_figure, save_figure

    gs = np.array([0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99]) if gammas is None else gammas
    gaps = np.array([theorem_5_2_result(float(g)).gap for g in gs])
    fine = np.linspace(gs.min(), gs.max(), 200)
    fig, ax = new_figure(6.0, 4.0)
    ax.plot(fine, 1 / (1 - fine), color="#868e96", lw=1.5, label="Theorem 5.2: 1/(1−γ)")
    ax.plot(gs, gaps, "o", color="#c92a2a", label="measured ΔJ (returns from t = 0, eq. 2)")
    ax.set_yscale("log")
    ax.set_xlabel("discount γ")
    ax.set_ylabel("practical alignment gap ΔJ")
    ax.set_title("Theorem 5.2: the AI outputs the human's optimal plan (ε_desc = 0)", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save_figure(fig, path)
