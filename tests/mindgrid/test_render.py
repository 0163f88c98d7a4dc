"""Pictures: MiniGrid's tiles composed without a Matplotlib figure, with a key to the symbols."""

from __future__ import annotations

import numpy as np

from alignlab.mindgrid.edits import Edit, apply_edit
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.plans import optimal_plan
from alignlab.mindgrid.render import Panel, draw_panels, key_entries, panels_image, world_image
from alignlab.mindgrid.tiles import render_world


def test_world_image_is_minigrids_rendering():
    for lay, seed in (("room_door_key", 1), ("treasure_island", 2)):
        w = apply_edit(generate(lay, seed), Edit("hide_target_in_box"))
        assert np.array_equal(world_image(w), render_world(w))


def test_the_key_names_every_symbol_shown_and_nothing_else():
    w = generate("treasure_island", 2)
    labels = [lab for *_, lab in key_entries([w])]
    assert labels[:2] == ["agent (facing east)", f"target ({w.target_color}) ball"]
    assert "lava (deadly)" in labels and "hammer" in labels
    assert not any("door" in lab or lab == "key" for lab in labels)
    cooled = apply_edit(w, Edit("make_lava_safe"))
    both = [lab for *_, lab in key_entries([w, cooled])]
    assert "cool lava (safe)" in both and "lava (deadly)" in both


def test_panels_have_a_key_strip_and_stable_bytes(tmp_path):
    w = generate("room_door_key", 4)
    p = optimal_plan(w)
    with_key = panels_image([Panel(w, "π*", p.actions)])
    without = panels_image([Panel(w, "π*", p.actions)], key=False)
    assert with_key.width == without.width and with_key.height > without.height
    a, b = draw_panels([Panel(w, "π*", p.actions)], tmp_path / "a.png"), tmp_path / "b.png"
    draw_panels([Panel(w, "π*", p.actions)], b)
    assert a.read_bytes() == b.read_bytes() and a.read_bytes()[:4] == b"\x89PNG"
