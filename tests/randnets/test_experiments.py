"""Sweep table, depth-to-threshold and reproducible figures."""

import pytest

from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.experiments import parse_activation_list, plot_excess, plot_sweep, sweep
from alignlab.randnets.montecarlo import ExcessPoint


def test_sweep_table_and_depth_below():
    s = sweep(["relu", "relu-center", "tanh(x)"], depth=8, rho=0.5)
    header, rows = s.table()
    assert header[0] == "activation" and header[-1].startswith("depth |ρ|<")
    assert rows[0][0] == "relu" and rows[0][-1] == "> 400"
    assert rows[1][-1] == "16"  # found beyond the table depth by continuing the map
    assert rows[2][-1] == "57"
    assert s.to_dict()["activations"][1]["depth_below_threshold"] == 16


def test_figures_are_byte_reproducible(tmp_path):
    s = sweep(["relu", "tanh"], depth=6)
    a, b = plot_sweep(s, tmp_path / "a.png"), plot_sweep(s, tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()
    pts = (ExcessPoint(16, 0.3, 0.02), ExcessPoint(32, 0.15, 0.02))
    c, d = plot_excess(pts, 4.8, tmp_path / "c.png"), plot_excess(pts, 4.8, tmp_path / "d.png")
    assert c.read_bytes() == d.read_bytes()


def test_activation_lists():
    assert parse_activation_list("relu, tanh ,erf") == ["relu", "tanh", "erf"]
    assert parse_activation_list("maximum(x, 0); tanh(x)") == ["maximum(x, 0)", "tanh(x)"]
    with pytest.raises(RandnetsError, match="no activations"):
        parse_activation_list(" , ")
    with pytest.raises(RandnetsError, match="threshold"):
        sweep(["tanh"], 4, threshold=0.0)
