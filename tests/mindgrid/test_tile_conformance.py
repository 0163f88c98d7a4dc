"""Conformance suite every tile kind we add to MiniGrid passes (one ``TileKind`` entry each)."""

from __future__ import annotations

import numpy as np
import pytest

from alignlab.mindgrid.tiles import TILES, register, to_minigrid
from alignlab.mindgrid.world import Obj

NAMES = sorted(TILES)


@pytest.mark.parametrize("kind", NAMES)
def test_tile_kind_plugs_into_minigrid(kind):
    from minigrid.core import constants as C
    from minigrid.core.grid import Grid
    from minigrid.core.world_object import WorldObj

    t = TILES[kind]
    cls = register()[kind]
    assert issubclass(cls, WorldObj) and cls.__doc__ == t.draw.__doc__
    for state in (0, 1):
        o = cls(state)
        assert o.type == kind and o.color == t.color
        assert o.encode() == (C.OBJECT_TO_IDX[kind], C.COLOR_TO_IDX[t.color], state)
        assert o.can_overlap() == t.walkable(state) and o.can_pickup() == t.pickup
        img = Grid.render_tile(o, tile_size=16)
        blank = Grid.render_tile(None, tile_size=16)
        assert img.shape == blank.shape and not np.array_equal(img, blank)


def test_tiles_match_the_world_rules():
    """MiniGrid sees what the engine does: cool lava and passages are walkable, a damaged bridge is
    not, hammers and shoes can be picked up."""
    cls = register()
    assert cls["cool_lava"]().can_overlap() and cls["passage"]().can_overlap()
    assert to_minigrid(Obj("bridge", "", "intact")).can_overlap()
    assert not to_minigrid(Obj("bridge", "", "damaged")).can_overlap()
    assert to_minigrid(Obj("hammer", "grey")).can_pickup() and to_minigrid(Obj("shoes")).can_pickup()
    from minigrid.core.grid import Grid

    intact = Grid.render_tile(to_minigrid(Obj("bridge", "", "intact")), tile_size=16)
    damaged = Grid.render_tile(to_minigrid(Obj("bridge", "", "damaged")), tile_size=16)
    assert not np.array_equal(intact, damaged)
    assert register() is register()  # idempotent
