"""The demo section builds, and its PNGs are byte-reproducible and small."""

from __future__ import annotations

from alignlab.pap.demo import section
from alignlab.pap.plots import draw_grid, executed_paths, plot_gap_vs_gamma
from alignlab.pap.worlds import grid_world


def test_demo_section(tmp_path):
    sec = section(tmp_path / "a", seed=0)
    assert "PASS" in sec.body_html and "FAIL" not in sec.body_html
    assert "Figure 2" in sec.body_html and len(sec.figures) == 2
    again = [draw_grid(tmp_path / "g.png"), plot_gap_vs_gamma(tmp_path / "t.png")]
    for f1, p2 in zip(sec.figures, again, strict=True):
        assert f1.path.read_bytes() == p2.read_bytes()
        assert f1.path.stat().st_size < 200_000


def test_paths_drawn_are_the_executed_plans():
    g = grid_world()
    paths = executed_paths(0.9, g)
    ola, truthful = paths["OLA + perfect RLHF"], paths["truthful teacher + perfect RLHF"]
    assert ola[-1] in g.lava and len(ola) == 2  # one step right, into the lava
    assert truthful[-1] in g.diamonds and len(truthful) == 9  # the 8-step detour
