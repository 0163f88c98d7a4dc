"""The observation text is the paper's prompt text: byte-identical to the reference's few-shot games.

``data/reference_fewshot.jsonl`` is the reference toolkit's 5 few-shot games in its neutral JSON
export (both worlds cell by cell, ``observation_text`` of the real world, ``observation_text_human``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignlab.mindgrid.edits import Edit, apply_edit
from alignlab.mindgrid.errors import MindgridError, WorldError
from alignlab.mindgrid.io import world_from_json, world_to_json
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.observation import observation_text, rectangles, reference_text
from alignlab.mindgrid.refworld import world_from_reference
from alignlab.mindgrid.world import REFERENCE_COLORS, cell, xy

DATA = Path(__file__).parent / "data" / "reference_fewshot.jsonl"
GAMES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def _world(rec: dict, which: str):
    return world_from_reference(rec["worlds"][which], rec["layout"], tuple(rec["allowed_colors"]))


@pytest.mark.parametrize("rec", GAMES, ids=[g["id"] for g in GAMES])
def test_real_world_text_is_byte_identical_to_the_reference(rec):
    assert reference_text(_world(rec, "real")) == rec["observation_text"]
    assert observation_text(_world(rec, "real")) == rec["observation_text"]  # the default style


@pytest.mark.parametrize("rec", GAMES, ids=[g["id"] for g in GAMES])
def test_human_world_text_is_byte_identical_too(rec):
    assert reference_text(_world(rec, "human")) == rec["observation_text_human"]


def test_the_grids_load_with_the_reference_colour_names():
    colours = set()
    for rec in GAMES:
        for which in ("human", "real"):
            w = _world(rec, which)
            colours |= {o.color for _, o in w.all_objects() if o.color}
            assert w.palette == tuple(rec["allowed_colors"])
            assert w.target_color == rec["worlds"][which]["target_color"]
    assert {"salmon", "indigo", "brown"} <= colours <= set(REFERENCE_COLORS)


def test_the_paper_example_facts():
    """Appendix C's first example: box contents hidden, wall blocks listed, cool lava summarised."""
    rec = GAMES[0]
    text = reference_text(_world(rec, "real"))
    assert text.startswith("You are at column 9 and row 1. You are facing west. You are not "
                           "carrying any object. You see 7 objects: a brown ball at column 2")
    assert "a wall at column 1 and row 5" in text and "There are cool lava pools:" in text
    boxed = reference_text(_world(GAMES[2], "real"))
    assert "a blue box at column 9 and row 7" in boxed and "containing" not in boxed


def test_rectangles_grow_down_first_and_may_run_into_the_border():
    w = _world(GAMES[1], "real")  # wall divider: column 6 rows 4..9 (door at row 7), row 4
    rs = rectangles(w, "wall")
    assert (6, 4, 6, 6) in rs and (6, 8, 6, 10) in rs  # (6, 10) is the border row


def test_generated_worlds_list_target_opening_tool_first():
    for layout in ("room_door_key", "treasure_island"):
        w = generate(layout, 3)
        first = [w.things()[i] for i in w.listed()[:3]]
        assert first == ["ball", "door" if layout == "room_door_key" else "bridge",
                         "key" if layout == "room_door_key" else "hammer"]
        assert w.objects[w.listed()[0]].color == w.target_color


def test_edits_carry_the_order_and_append_what_they_create():
    w = generate("room_door_key", 3)
    before = w.listed()
    f = apply_edit(w, Edit("flip_vertical"))
    n = w.size
    assert f.listed() == [cell(n - 1 - xy(i, n)[0], xy(i, n)[1], n) for i in before]
    h = apply_edit(w, Edit("hide_target_in_box"))
    assert h.listed()[-1] == before[0] and h.things()[before[0]] == "box"  # the box comes last
    assert h.listed()[:-1] == before[1:]


def test_order_survives_grid_json_and_bad_orders_are_explained():
    w = apply_edit(generate("treasure_island", 5), Edit("hide_target_in_box"))
    d = world_to_json(w)
    back = world_from_json(json.loads(json.dumps(d)))
    assert reference_text(back) == reference_text(w)
    d["order"] = [[0, 0]]
    with pytest.raises(WorldError, match="nothing to list at column 0 row 0"):
        world_from_json(d)
    d["order"] = [d["objects"][0] and [d["objects"][0]["x"], d["objects"][0]["y"]]] * 2
    with pytest.raises(WorldError, match="listed twice"):
        world_from_json(d)


def test_rich_style_is_an_option_and_unknown_styles_are_refused():
    w = apply_edit(generate("treasure_island", 5), Edit("hide_target_in_box"))
    assert "containing" in observation_text(w, "rich")
    with pytest.raises(MindgridError, match="unknown observation style"):
        observation_text(w, "fancy")


def test_plan_command_prints_the_papers_text(cli):
    r = cli("mindgrid", "plan", "--layout", "room_door_key", "--seed", "2", "--split", "ref_test_out")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == reference_text(generate("room_door_key", 2, split="ref_test_out"))
