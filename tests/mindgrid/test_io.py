"""Grid JSON and ASCII: round trips and clear errors for bad hand-written worlds."""

from __future__ import annotations

import json

import pytest

from alignlab.mindgrid.edits import random_edits
from alignlab.mindgrid.errors import WorldError
from alignlab.mindgrid.io import (
    load_world,
    world_from_ascii,
    world_from_json,
    world_to_ascii,
    world_to_json,
    world_to_json_text,
)
from alignlab.mindgrid.layouts import generate
from alignlab.runtime import rng

from .conftest import LAYOUTS


def test_round_trips() -> None:
    for layout in LAYOUTS:
        for seed in range(20):
            w, _ = random_edits(generate(layout, seed), seed % 5, rng(seed))
            assert world_from_json(json.loads(world_to_json_text(w))) == w
            assert world_from_ascii(world_to_ascii(w)) == w


GOOD = """
layout: room_door_key
target: red
section: 5 4 east
grid:
###########
#.........#
#..>......#
#.....k...#
#....#D####
#....#....#
#....#....#
#....#..b.#
#....#....#
#....#....#
###########
legend:
D = locked blue door
k = blue key
b = red ball
"""


def test_hand_written_ascii_world_loads(tmp_path) -> None:
    p = tmp_path / "w.txt"
    p.write_text(GOOD)
    w = load_world(p)
    assert w.agent_xy == (3, 2) and w.at(6, 4).state == "locked"
    q = tmp_path / "w.json"
    q.write_text(json.dumps(world_to_json(w)))
    assert load_world(q) == w


@pytest.mark.parametrize(("change", "match"), [
    (("#..>......#", "#..>...<..#"), "two agents \\(column 3 row 2 and column 7 row 2\\)"),
    (("#....#..b.#", "#....#..Q.#"), "unknown symbol 'Q' at column 8 row 7"),
    (("b = red ball", "b = mauve ball"), "unknown word 'mauve'"),
    (("b = red ball", "b = red unicorn"), "unknown object kind 'unicorn'"),
    (("#.....k...#", "#.....D...#"), "door at column 6 row 3 is outside the divider"),
    (("#....#D####", "#....#D#k##"), "blue key at column 8 row 4 sits on the divider"),
    (("#....#D####", "#....D#####"), "corner"),
])
def test_bad_ascii_worlds(change: tuple[str, str], match: str) -> None:
    with pytest.raises(WorldError, match=match):
        world_from_ascii(GOOD.replace(*change))


def test_bad_json_worlds() -> None:
    d = world_to_json(world_from_ascii(GOOD))
    bad = json.loads(json.dumps(d))
    bad["objects"].append({"kind": "ball", "color": "green", "x": 1, "y": 1})
    bad["terrain"][1] = "##........#"
    with pytest.raises(WorldError, match="green ball at column 1 row 1 sits on a wall"):
        world_from_json(bad)
    bad = json.loads(json.dumps(d))
    bad["objects"][0]["color"] = "octarine"
    with pytest.raises(WorldError, match="unknown colour 'octarine'"):
        world_from_json(bad)
    bad = json.loads(json.dumps(d))
    bad["objects"][0]["kind"] = "dragon"
    with pytest.raises(WorldError, match="unknown object kind 'dragon'"):
        world_from_json(bad)
    bad = json.loads(json.dumps(d))
    bad["agent"]["dir"] = "up"
    with pytest.raises(WorldError, match=r"agent\.dir"):
        world_from_json(bad)
