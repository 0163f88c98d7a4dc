"""One test per known pitfall of the reference implementation (spec: "Known pitfalls")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from alignlab.mindgrid.edits import EDIT_NAMES, Edit, apply_edit, candidates
from alignlab.mindgrid.engine import Runner
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.io import world_from_ascii, world_from_json, world_to_json_text
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.planner import bfs
from alignlab.mindgrid.plans import Plan, execute, optimal_plan
from alignlab.mindgrid.skills import Skill, run_skill
from alignlab.mindgrid.text import parse_sentence

from .conftest import LAYOUTS


def test_scoring_counts_death_and_step_penalty_in_both_modes() -> None:
    """π0 crosses cool lava in the imagined world; in the real world the lava is hot."""
    real = generate("treasure_island", 3)
    imagined = apply_edit(real, Edit("make_lava_safe"))
    pi0 = optimal_plan(imagined)
    ex = execute(real, pi0, "actions")  # open-loop replay walks into the lava and dies
    assert ex.dead and not ex.success and ex.reward == -ex.steps
    ex = execute(real, pi0, "skills")  # closed-loop skills re-plan around the hot lava
    assert ex.success and ex.reward == 100 - ex.steps < pi0.reward
    x, _y = real.agent_xy
    walk = Plan((Skill("go_dir_n_steps", (4, "south")), Skill("go_to", (x, 1))), (), 0)
    ex = execute(real, walk, "skills")
    assert ex.dead and ex.steps == 1 and ex.reward == -1  # death ends the episode


def test_real_world_is_planned_on_the_real_world() -> None:
    base = generate("room_door_key", 4)
    real = apply_edit(base, Edit("flip_vertical"))
    assert len(optimal_plan(real).actions) == len(bfs(real).actions)
    assert optimal_plan(real).text() != optimal_plan(base).text()


@pytest.mark.parametrize("text", [
    "a new locked door has been installed at column 5 row 4",
    "there is a walkable passage at column 10 row 11",
    "there is a walkable passage at row 4 column 5",
])
def test_parser_reads_locked_multidigit_and_row_first(text: str) -> None:
    e = parse_sentence(text)
    assert e.get("col") in (5, 10) and e.get("row") in (4, 11)


def test_parser_never_silently_drops() -> None:
    with pytest.raises(EditError):
        parse_sentence("a new ajar door has been installed at column 5 row 4")


def test_free_cell_search_looks_in_every_direction() -> None:
    """Only east/south cells are free: emptying the inventory still works."""
    w = world_from_ascii("""
target: red
section: 4 4 east
carrying: blue key
grid:
#########
#ab.....#
#c>.....#
#.......#
#...#####
#...#...#
#...:.r.#
#...#...#
#########
legend:
a = green ball
b = green ball
c = green ball
r = red ball
""")
    r = Runner(w)
    assert run_skill(r, Skill("empty_inventory")) and r.held is None


def test_generated_objects_never_block_openings_or_sit_on_the_agent() -> None:
    for layout in LAYOUTS:
        for seed in range(300):
            w = generate(layout, seed)
            assert w.objects[w.agent] is None
            for op, _ in w.openings():
                for c in w.section.access(op, w.size):
                    assert w.objects[c] is None and w.terrain[c] == 0


def test_edits_never_silently_do_nothing() -> None:
    w = generate("treasure_island", 2)
    for name in EDIT_NAMES:
        for e in candidates(w, name):
            assert apply_edit(w, e) != w and e.sentence()
    cool = apply_edit(w, Edit("make_lava_safe"))
    with pytest.raises(EditError):
        apply_edit(cool, Edit("make_lava_safe"))


def test_planner_is_not_greedy() -> None:
    """Checked against exhaustive search in test_planner; here one world where a greedy
    'nearest opening' rule loses: a passage next to a locked door whose key is far away."""
    w = world_from_ascii("""
target: red
section: 3 4 east
grid:
#########
#......k#
#.......#
#...v...#
#..#D#:##
#..#....#
#..#..r.#
#..#....#
#########
legend:
D = locked blue door
k = blue key
r = red ball
""")
    p = optimal_plan(w)
    assert len(p.actions) == len(bfs(w).actions)
    assert "key" not in p.text()


def test_datasets_are_plain_json_not_pickles() -> None:
    w = generate("room_door_key", 1)
    text = world_to_json_text(w)
    assert world_from_json(json.loads(text)) == w
    d = json.loads(text)
    assert d["schema"] == "alignlab.mindgrid.world/1" and isinstance(d["terrain"][0], str)


def test_nothing_blocks_on_input() -> None:
    src = Path(__file__).parents[2] / "src" / "alignlab" / "mindgrid"
    assert not any("input(" in p.read_text() for p in src.rglob("*.py"))
    r = subprocess.run([sys.executable, "-m", "alignlab", "mindgrid", "plan", "--seed", "2"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Step 1:" in r.stdout
