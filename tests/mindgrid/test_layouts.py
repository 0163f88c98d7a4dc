"""Generated worlds follow the layout rules and are deterministic."""

from __future__ import annotations

import pytest

from alignlab.mindgrid.errors import WorldError
from alignlab.mindgrid.io import world_to_json_text
from alignlab.mindgrid.layouts import free_cells_connected, generate
from alignlab.mindgrid.world import DIRS, LAVA, WALL, cell, xy

from .conftest import LAYOUTS


def _nbrs(i: int) -> list[int]:
    x, y = xy(i)
    return [cell(x + dx, y + dy) for dx, dy in DIRS]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_rules(layout: str) -> None:
    for seed in range(150):
        w = generate(layout, seed)
        cx, cy = w.section.corner
        assert 3 <= 9 - cx <= 6 and 3 <= 9 - cy <= 6
        div = set(w.divider())
        assert w.divider_kind() == (WALL if layout == "room_door_key" else LAVA)
        (op, kind), = w.openings()
        assert kind == ("door" if layout == "room_door_key" else "bridge")
        assert op != cell(cx, cy)
        access = set(w.section.access(op, 11))
        assert not w.inside(w.agent) and w.objects[w.agent] is None
        targets = [i for i, o in w.placed() if o.kind == "ball" and o.color == w.target_color]
        assert len(targets) == 1 and w.inside(targets[0])
        assert not any(j in div for j in _nbrs(targets[0]))
        movable = [i for i, o in w.placed() if o.kind not in ("door", "bridge")]
        blocks = [i for i in range(121) if w.terrain[i] == WALL and i not in div
                  and 0 < i % 11 < 10 and 0 < i // 11 < 10]
        assert 2 <= len(movable) + len(blocks) - 2 <= 5
        for i in movable + blocks:
            assert i not in access and i != w.agent
            assert not any(j in movable + blocks for j in _nbrs(i))
        tools = [o for _, o in w.placed() if o.kind in ("key", "hammer")]
        if layout == "room_door_key":
            assert any(o.color == w.objects[op].color for o in tools)
        else:
            assert [o.kind for o in tools] == ["hammer"]
        assert free_cells_connected(w)


def test_same_seed_same_world() -> None:
    for layout in LAYOUTS:
        assert world_to_json_text(generate(layout, 7)) == world_to_json_text(generate(layout, 7))
        assert generate(layout, 7) != generate(layout, 8)


def test_bad_layout_arguments() -> None:
    with pytest.raises(WorldError, match="unknown layout 'maze'"):
        generate("maze", 0)
    with pytest.raises(WorldError, match="unknown split"):
        generate("room_door_key", 0, split="dev")
