"""MiniGrid tiles for mindgrid worlds: MiniGrid's own objects plus tiles for the new kinds.

MiniGrid keeps its colour and object-type tables in module-level dicts; :func:`register` adds our
extra colours (saffron, teal, pink) and kinds (cool lava, passage, bridge, hammer, shoes) to them
once, so that MiniGrid's renderer, tile cache and observation encoder accept them. Nothing that
MiniGrid already defines is changed. Each new kind is one :class:`TileKind` entry in :data:`TILES`
(like one MiniGrid ``WorldObj`` subclass per kind); :func:`register` builds the classes from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from alignlab.mindgrid.world import COOL_LAVA, LAVA, PASSAGE, WALL, Obj, World, xy

EXTRA_COLORS = {"saffron": (244, 196, 48), "teal": (0, 160, 160), "pink": (255, 105, 180),
                # the reference's other colour names
                "brown": (139, 90, 43), "turquoise": (64, 224, 208), "indigo": (110, 60, 220),
                "salmon": (250, 128, 114), "lime": (160, 230, 40)}


# ----- drawing the new kinds (MiniGrid's rendering helpers, imported on first use) -----------
def _draw_cool_lava(img: np.ndarray, state: int) -> None:
    """Lava made safe: pale blue with white waves."""
    from minigrid.utils.rendering import fill_coords, point_in_line, point_in_rect

    fill_coords(img, point_in_rect(0, 1, 0, 1), (90, 170, 235))
    for k in range(3):
        lo, hi = 0.3 + 0.2 * k, 0.3 + 0.2 * k + 0.03
        for x0, y0, x1, y1 in ((0.1, lo, 0.3, hi), (0.3, hi, 0.5, lo), (0.5, lo, 0.7, hi),
                               (0.7, hi, 0.9, lo)):
            fill_coords(img, point_in_line(x0, y0, x1, y1, r=0.03), (255, 255, 255))


def _draw_passage(img: np.ndarray, state: int) -> None:
    """A walkable gap drilled into the divider: brown floor with two rails."""
    from minigrid.utils.rendering import fill_coords, point_in_rect

    fill_coords(img, point_in_rect(0.031, 1, 0.031, 1), (70, 50, 30))
    for k in range(4):
        y = 0.15 + 0.22 * k
        fill_coords(img, point_in_rect(0.2, 0.8, y, y + 0.06), (150, 110, 60))


def _draw_bridge(img: np.ndarray, state: int) -> None:
    """Wooden planks over lava; damaged (state 1): a broken middle plank and a red X."""
    from minigrid.utils.rendering import fill_coords, point_in_line, point_in_rect

    fill_coords(img, point_in_rect(0, 1, 0, 1), (255, 128, 0))
    for k in range(4):
        y = 0.08 + 0.23 * k
        if state and k in (1, 2):
            fill_coords(img, point_in_rect(0.05, 0.4, y, y + 0.17), (139, 90, 43))
            fill_coords(img, point_in_rect(0.6, 0.95, y, y + 0.17), (139, 90, 43))
        else:
            fill_coords(img, point_in_rect(0.05, 0.95, y, y + 0.17), (139, 90, 43))
    if state:
        fill_coords(img, point_in_line(0.25, 0.25, 0.75, 0.75, r=0.05), (200, 0, 0))
        fill_coords(img, point_in_line(0.75, 0.25, 0.25, 0.75, r=0.05), (200, 0, 0))


def _draw_hammer(img: np.ndarray, state: int) -> None:
    """A grey hammer: brown handle, grey head."""
    from minigrid.utils.rendering import fill_coords, point_in_line

    fill_coords(img, point_in_line(0.3, 0.8, 0.62, 0.35, r=0.06), (160, 110, 60))
    fill_coords(img, point_in_line(0.45, 0.2, 0.85, 0.48, r=0.11), (170, 170, 170))


def _draw_shoes(img: np.ndarray, state: int) -> None:
    """A pair of fire-proof shoes: two orange boots."""
    from minigrid.utils.rendering import fill_coords, point_in_circle, point_in_rect

    for x0 in (0.18, 0.55):
        fill_coords(img, point_in_rect(x0, x0 + 0.15, 0.25, 0.7), (230, 120, 20))
        fill_coords(img, point_in_rect(x0, x0 + 0.28, 0.6, 0.78), (230, 120, 20))
        fill_coords(img, point_in_circle(x0 + 0.075, 0.3, 0.05), (255, 220, 120))


@dataclass(frozen=True)
class TileKind:
    """One kind MiniGrid does not have: the colour its object reports, whether the agent can stand
    on it (per state: 0, or 1 = damaged), whether it can be picked up, and how its tile is drawn."""

    kind: str
    color: str
    draw: Callable[[np.ndarray, int], None]
    walkable: Callable[[int], bool] = lambda state: False
    pickup: bool = False


TILES: dict[str, TileKind] = {t.kind: t for t in (
    TileKind("cool_lava", "blue", _draw_cool_lava, walkable=lambda state: True),
    TileKind("passage", "grey", _draw_passage, walkable=lambda state: True),
    TileKind("bridge", "grey", _draw_bridge, walkable=lambda state: not state),
    TileKind("hammer", "grey", _draw_hammer, pickup=True),
    TileKind("shoes", "red", _draw_shoes, pickup=True),
)}
EXTRA_KINDS = tuple(TILES)
_classes: dict[str, Any] = {}


def _tile_class(t: TileKind, base: type) -> type:
    """A MiniGrid ``WorldObj`` subclass for ``t`` (its state — 1 = damaged — is encoded and drawn)."""

    def __init__(self: Any, state: int = 0) -> None:
        base.__init__(self, t.kind, t.color)
        self.state = int(state)

    def encode(self: Any) -> tuple[int, int, int]:
        from minigrid.core.constants import COLOR_TO_IDX, OBJECT_TO_IDX

        return (OBJECT_TO_IDX[t.kind], COLOR_TO_IDX[t.color], self.state)

    name = "".join(w.capitalize() for w in t.kind.split("_"))
    return type(name, (base,), {
        "__init__": __init__, "__doc__": t.draw.__doc__, "encode": encode,
        "can_overlap": lambda self: t.walkable(self.state),
        "can_pickup": lambda self: t.pickup,
        "render": lambda self, img: t.draw(img, self.state),
    })


def register() -> dict[str, Any]:
    """Idempotently extend MiniGrid's tables and return our WorldObj classes by kind."""
    if _classes:
        return _classes
    from minigrid.core import constants as C
    from minigrid.core.world_object import WorldObj

    for name, rgb in EXTRA_COLORS.items():
        if name not in C.COLORS:
            C.COLORS[name] = np.array(rgb)
            C.COLOR_TO_IDX[name] = max(C.COLOR_TO_IDX.values()) + 1
            C.IDX_TO_COLOR[C.COLOR_TO_IDX[name]] = name
    for kind in EXTRA_KINDS:
        if kind not in C.OBJECT_TO_IDX:
            C.OBJECT_TO_IDX[kind] = max(C.OBJECT_TO_IDX.values()) + 1
            C.IDX_TO_OBJECT[C.OBJECT_TO_IDX[kind]] = kind
    _classes.update({k: _tile_class(t, WorldObj) for k, t in TILES.items()})
    return _classes


def to_minigrid(o: Obj | None) -> Any:
    """The MiniGrid object for one of our objects (None stays None)."""
    if o is None:
        return None
    cls = register()
    from minigrid.core.world_object import Ball, Box, Door, Key

    if o.kind == "door":
        return Door(o.color, is_open=o.state == "open", is_locked=o.state == "locked")
    if o.kind == "key":
        return Key(o.color)
    if o.kind == "ball":
        return Ball(o.color)
    if o.kind == "box":
        b = Box(o.color)
        b.contains = to_minigrid(o.content)
        return b
    return cls[o.kind](int(o.state == "damaged"))


def minigrid_cell(o: Obj | None, terrain: int) -> Any:
    """The MiniGrid object shown on one cell: its object, else its terrain (None for floor)."""
    if o is not None:
        return to_minigrid(o)
    cls = register()
    from minigrid.core.world_object import Lava, Wall

    make = {WALL: Wall, LAVA: Lava, COOL_LAVA: cls["cool_lava"], PASSAGE: cls["passage"]}.get(terrain)
    return make() if make is not None else None


def minigrid_grid(w: World) -> Any:
    """A ``minigrid.core.grid.Grid`` holding the world's terrain and objects (agent excluded)."""
    from minigrid.core.grid import Grid

    g = Grid(w.size, w.size)
    for i in range(w.size * w.size):
        x, y = xy(i, w.size)
        g.set(x, y, minigrid_cell(w.objects[i], w.terrain[i]))
    return g


def render_world(w: World, tile_size: int = 32) -> np.ndarray:
    """RGB image (uint8, H×W×3) of the world with MiniGrid's tiles and the agent triangle."""
    img = minigrid_grid(w).render(tile_size, w.agent_xy, w.agent_dir)
    return np.asarray(img, dtype=np.uint8)
