"""Cost of ``alignlab mindgrid report``: the per-instance pictures dominate it.

Side by side in one run, on the same result records:
- before: each instance's three panels drawn as a Matplotlib figure (imshow of MiniGrid's rendering,
  tick labels, titles, plan paths as lines; ``savefig``) — the renderer the report used until
  issue #16, kept here as the baseline;
- after: :func:`alignlab.mindgrid.render.draw_panels` (MiniGrid tiles cached per distinct cell and
  composed with NumPy; titles, coordinates, paths and the key drawn with Pillow).
Then the whole report (``write_benchmark_report``) on all records, wall and CPU time. Run:

    .venv/bin/python benchmarks/mindgrid_report.py [--n 100] [--baseline 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from alignlab.mindgrid.render import Panel, draw_panels, path_cells
from alignlab.mindgrid.teaching.evaluate import evaluate_file
from alignlab.mindgrid.teaching.instances import (
    generate_instances,
    instance_from_json,
    write_instances,
)
from alignlab.mindgrid.teaching.teachers import make_teacher
from alignlab.mindgrid.tiles import render_world
from alignlab.runtime import read_records


def matplotlib_panels(panels: list[Panel], path: Path) -> None:
    """The former renderer (baseline): one Matplotlib figure per picture."""
    from alignlab.report import new_figure, save_figure

    tile = 32
    fig, axes = new_figure(3.9 * len(panels), 4.4, ncols=len(panels), squeeze=False)
    for ax, p in zip(axes[0], panels, strict=False):
        ax.imshow(render_world(p.world, tile), interpolation="nearest")
        if p.actions:
            pts = path_cells(p.world, p.actions)
            xs, ys = [(x + 0.5) * tile for x, _ in pts], [(y + 0.5) * tile for _, y in pts]
            ax.plot(xs, ys, color="#ffffff", lw=4.0, alpha=0.9, solid_capstyle="round")
            ax.plot(xs, ys, color="#e6007e", lw=2.0, solid_capstyle="round")
            ax.plot(xs[-1:], ys[-1:], marker="o", ms=7, color="#e6007e", mec="white")
        n = p.world.size
        ax.set_xticks([(i + 0.5) * tile for i in range(n)], [str(i) for i in range(n)], fontsize=7)
        ax.set_yticks([(i + 0.5) * tile for i in range(n)], [str(i) for i in range(n)], fontsize=7)
        ax.tick_params(length=0)
        ax.set_title(p.title, fontsize=10)
    save_figure(fig, path, dpi=100)


def panels_of(rec: dict) -> list[Panel]:
    inst = instance_from_json(rec["instance"], rec["id"])
    pstar = inst.optimal_real()
    ex = rec["executions"]["skills"]
    return [Panel(inst.imagined, f"imagined θH: π0 ({inst.plan_human.reward})", inst.plan_human.actions),
            Panel(inst.real, f"real θ*: π* ({pstar.reward})", pstar.actions),
            Panel(inst.real, f"real: π1 as skills → {ex['reward']}", tuple(ex["actions"]))]


def timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100, help="result records in the report")
    ap.add_argument("--baseline", type=int, default=20, help="instances drawn by both renderers")
    a = ap.parse_args()
    from alignlab.mindgrid.teaching.report import write_benchmark_report

    with tempfile.TemporaryDirectory() as d:
        dd = Path(d)
        games = write_instances(generate_instances("eval", a.n, 0), dd / "games.jsonl")
        evaluate_file(games, make_teacher("gold"), dd / "gold.jsonl", executor="serial", progress=False)
        recs = read_records(dd / "gold.jsonl", sort_by_key=True)
        panels = [panels_of(r) for r in recs[:a.baseline]]
        matplotlib_panels(panels[0], dd / "warm-a.png")  # imports and tile caches warm for both
        draw_panels(panels[0], dd / "warm-b.png")
        before = timed(lambda: [matplotlib_panels(p, dd / f"a{k}.png") for k, p in enumerate(panels)])
        after = timed(lambda: [draw_panels(p, dd / f"b{k}.png") for k, p in enumerate(panels)])
        k = len(panels)
        print(f"pictures, {k} instances (3 panels each), wall / CPU per instance:")
        print(f"  before (Matplotlib figure): {1000 * before[0] / k:7.1f} ms / {1000 * before[1] / k:7.1f} ms")
        print(f"  after  (tiles + Pillow)   : {1000 * after[0] / k:7.1f} ms / {1000 * after[1] / k:7.1f} ms")
        print(f"  speed-up: {before[0] / after[0]:.1f}x wall, {before[1] / after[1]:.1f}x CPU")
        import alignlab.mindgrid.teaching.report as report_module

        rep = timed(lambda: write_benchmark_report(dd / "gold.jsonl", dd / "report.html"))
        report_module.draw_panels = matplotlib_panels  # the same report with the former pictures
        old = timed(lambda: write_benchmark_report(dd / "gold.jsonl", dd / "report-before.html"))
        print(f"whole report, {len(recs)} instances, wall / CPU:")
        print(f"  before: {old[0]:6.2f} s / {old[1]:6.2f} s")
        print(f"  after : {rep[0]:6.2f} s / {rep[1]:6.2f} s")
        print(f"  speed-up: {old[0] / rep[0]:.1f}x wall, {old[1] / rep[1]:.1f}x CPU")


if __name__ == "__main__":
    main()
