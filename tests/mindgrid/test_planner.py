"""The planner is exactly optimal (vs exhaustive BFS) and its plans reproduce their reward."""

from __future__ import annotations

import pytest

from alignlab.mindgrid.engine import run_actions
from alignlab.mindgrid.io import world_from_ascii
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.planner import astar, bfs
from alignlab.mindgrid.plans import execute, optimal_plan

from .conftest import LAYOUTS, small_world


@pytest.mark.parametrize("chunk", range(4))
def test_astar_matches_exhaustive_bfs_on_small_worlds(chunk: int) -> None:
    solved = 0
    for seed in range(chunk * 60, chunk * 60 + 60):
        w = small_world(seed)
        a, b = astar(w), bfs(w)
        assert (a.actions is None) == (b.actions is None), seed
        if a.actions is not None:
            assert len(a.actions) == len(b.actions), seed
            assert run_actions(w, a.actions).success
            solved += 1
    assert solved >= 50


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_astar_matches_bfs_on_full_size_worlds(layout: str) -> None:
    for seed in range(6):
        w = generate(layout, seed)
        assert len(astar(w).actions) == len(bfs(w).actions)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_plan_execution_reproduces_reward(layout: str) -> None:
    for seed in range(60):
        w = small_world(seed, 9) if seed % 3 == 0 else generate(layout, seed)
        p = optimal_plan(w)
        if not p.solvable:
            continue
        for mode in ("skills", "actions"):
            e = execute(w, p, mode)
            assert e.reward == p.reward and e.success and not e.failed_skills, (seed, mode)
        assert p.reward == 100 - len(p.actions)


def test_plan_text_is_deterministic_and_high_level() -> None:
    w = generate("room_door_key", 6)
    p1, p2 = optimal_plan(w), optimal_plan(generate("room_door_key", 6))
    assert p1.text() == p2.text()
    assert p1.text().startswith("Step 1: get the purple key at column 5 row 3")
    assert len(p1.skills) <= 6


DOOR_AND_PASSAGE = """
target: red
section: 3 4 east
grid:
#########
#.......#
#.......#
#...v...#
#..#D####
#..#....#
#..:..b.#
#..#....#
#########
legend:
D = closed blue door
b = red ball
"""


def test_compares_door_with_passage() -> None:
    """The agent stands right above a closed door; the passage is longer but needs no toggle."""
    w = world_from_ascii(DOOR_AND_PASSAGE)
    p = optimal_plan(w)
    assert len(p.actions) == len(bfs(w).actions)


SHOES_AND_BRIDGE = """
target: red
section: 2 3 east
grid:
#########
#>S.....#
#.......#
#.~~~~~=#
#.~.....#
#.~..b..#
#.~.....#
#.~.....#
#########
legend:
S = shoes
= = intact bridge
b = red ball
"""


def test_compares_shoes_with_a_far_bridge() -> None:
    """Crossing hot lava with the shoes (then dropping them) beats walking to the far bridge."""
    w = world_from_ascii(SHOES_AND_BRIDGE)
    p = optimal_plan(w)
    assert len(p.actions) == len(bfs(w).actions)
    assert "fire-proof shoes" in p.text()


def test_unsolvable_is_a_result_not_an_exception() -> None:
    w = world_from_ascii("""
target: red
section: 3 3 east
grid:
#######
#>....#
#.....#
#..####
#..#..#
#..#b.#
#######
legend:
b = red ball
""")
    p = optimal_plan(w)
    assert not p.solvable and p.text().startswith("No plan")
    assert execute(w, p).reward == 0
