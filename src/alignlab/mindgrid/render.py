"""PNG pictures: worlds side by side (e.g. imagined vs real) with plan paths drawn on them.

Uses MiniGrid's tiles (:mod:`alignlab.mindgrid.tiles`) and ``alignlab.report.save_figure`` so the
same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alignlab.mindgrid.engine import FORWARD, Runner
from alignlab.mindgrid.tiles import render_world
from alignlab.mindgrid.world import World, xy

TILE = 32


@dataclass(frozen=True)
class Panel:
    """One world to draw, its title, and optional primitive actions whose path is drawn."""

    world: World
    title: str = ""
    actions: tuple[int, ...] = ()
    caption: str = ""


def path_cells(world: World, actions: tuple[int, ...]) -> list[tuple[int, int]]:
    """Cells the agent visits when ``actions`` are replayed (stops at death or pickup)."""
    r = Runner(world)
    pts = [world.agent_xy]
    for a in actions:
        if r.over:
            break
        r.act(a)
        if a == FORWARD and xy(r.pos, world.size) != pts[-1]:
            pts.append(xy(r.pos, world.size))
    return pts


def draw_panels(panels: list[Panel], path: str | Path, *, dpi: int = 100) -> Path:
    """Write the panels side by side as one PNG (deterministic bytes)."""
    from alignlab.report import new_figure, save_figure

    k = len(panels)
    fig, axes = new_figure(3.9 * k, 4.4, ncols=k, squeeze=False)
    for ax, p in zip(axes[0], panels, strict=False):
        img = render_world(p.world, TILE)
        ax.imshow(img, interpolation="nearest")
        if p.actions:
            pts = path_cells(p.world, p.actions)
            xs = [(x + 0.5) * TILE for x, _ in pts]
            ys = [(y + 0.5) * TILE for _, y in pts]
            ax.plot(xs, ys, color="#ffffff", lw=4.0, alpha=0.9, solid_capstyle="round")
            ax.plot(xs, ys, color="#e6007e", lw=2.0, solid_capstyle="round")
            ax.plot(xs[-1:], ys[-1:], marker="o", ms=7, color="#e6007e", mec="white")
        n = p.world.size
        ax.set_xticks([(i + 0.5) * TILE for i in range(n)], [str(i) for i in range(n)], fontsize=7)
        ax.set_yticks([(i + 0.5) * TILE for i in range(n)], [str(i) for i in range(n)], fontsize=7)
        ax.tick_params(length=0)
        ax.set_title(p.title, fontsize=10)
        if p.caption:
            ax.set_xlabel(p.caption, fontsize=8)
    return save_figure(fig, path, dpi=dpi)

