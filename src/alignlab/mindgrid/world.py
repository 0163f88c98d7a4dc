"""The compact world state: static terrain, one object per cell, the agent and its inventory.

Cells are indexed ``i = y * size + x`` (column x, row y; the border is wall). Directions are
0 east, 1 south, 2 west, 3 north (MiniGrid's convention). Everything is immutable and hashable so
the planner can search over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from alignlab.mindgrid.errors import WorldError

SIZE = 11
DIRS: tuple[tuple[int, int], ...] = ((1, 0), (0, 1), (-1, 0), (0, -1))
DIR_NAMES: tuple[str, ...] = ("east", "south", "west", "north")

# Terrain codes (static cells).
FLOOR, WALL, LAVA, COOL_LAVA, PASSAGE = 0, 1, 2, 3, 4
TERRAIN_NAMES = {FLOOR: "floor", WALL: "wall", LAVA: "lava", COOL_LAVA: "cool_lava",
                 PASSAGE: "passage"}

# Object kinds placed on cells (at most one per cell).
OBJECT_KINDS: tuple[str, ...] = ("door", "key", "ball", "box", "bridge", "hammer", "shoes")
PICKABLE = frozenset({"key", "ball", "box", "hammer", "shoes"})
TOOLS = frozenset({"key", "hammer", "shoes"})
OPENINGS = frozenset({"door", "bridge"})
#: The 12 kinds of the spec: 5 terrains (floor, wall, lava, cool lava, passage) + 7 objects.
KINDS: tuple[str, ...] = tuple(TERRAIN_NAMES.values()) + OBJECT_KINDS

DOOR_STATES = ("closed", "locked", "open")
BRIDGE_STATES = ("intact", "damaged")
HAMMER_COLOR = "grey"

#: The reference toolkit's 12 colour names: MiniGrid's six plus six of its own (spec, "Fidelity
#: to the reference"). All are accepted in worlds, instances and sentences.
REFERENCE_COLORS: tuple[str, ...] = ("red", "green", "blue", "purple", "yellow", "grey",
                                     "brown", "turquoise", "saffron", "indigo", "salmon", "lime")
#: Four colours per split. ``train``/``test`` are ours (grey stays the hammer's); the ``ref_*``
#: splits are the reference's disjoint palettes (its evaluation set is ``ref_test_out``).
SPLITS: dict[str, tuple[str, ...]] = {
    "train": ("red", "green", "blue", "purple"),
    "test": ("yellow", "saffron", "teal", "pink"),
    "ref_train": ("blue", "salmon", "indigo", "brown"),
    "ref_val_out": ("green", "red", "turquoise", "yellow"),
    "ref_test_out": ("purple", "lime", "saffron", "grey"),
}
#: Every accepted colour name: the reference's 12, plus teal and pink (our ``test`` split).
ALL_COLORS: tuple[str, ...] = (*REFERENCE_COLORS, "teal", "pink")
LAYOUTS = ("room_door_key", "treasure_island")


class Obj(NamedTuple):
    """An object: ``kind``, ``color`` ('' for bridges/shoes), ``state`` (doors, bridges) and
    ``content`` (the object inside a box, or None)."""

    kind: str
    color: str = ""
    state: str = ""
    content: Obj | None = None

    def describe(self) -> str:
        """English noun phrase without position, e.g. 'locked blue door', 'grey hammer'."""
        if self.kind == "door":
            return f"{self.state} {self.color} door"
        if self.kind == "bridge":
            return f"{self.state} bridge"
        if self.kind == "shoes":
            return "pair of fire-proof shoes"
        return f"{self.color} {self.kind}"


def door(color: str, state: str = "closed") -> Obj:
    return Obj("door", color, state)


def bridge(state: str = "intact") -> Obj:
    return Obj("bridge", "", state)


def hammer() -> Obj:
    return Obj("hammer", HAMMER_COLOR)


def shoes() -> Obj:
    return Obj("shoes")


def cell(x: int, y: int, size: int = SIZE) -> int:
    return y * size + x


def xy(i: int, size: int = SIZE) -> tuple[int, int]:
    return i % size, i // size


@dataclass(frozen=True)
class Section:
    """The L-shaped divider: its corner cell and the side the section lies on.

    ``side='east'``: the section is x > cx, y > cy (bottom-right); ``'west'``: x < cx, y > cy.
    """

    corner: tuple[int, int]
    side: str = "east"

    def divider(self, size: int) -> tuple[int, ...]:
        cx, cy = self.corner
        xs = range(cx, size - 1) if self.side == "east" else range(1, cx + 1)
        cells = {cell(x, cy, size) for x in xs} | {cell(cx, y, size) for y in range(cy, size - 1)}
        return tuple(sorted(cells))

    def straight(self, size: int) -> tuple[int, ...]:
        """Divider cells where an opening may sit (all but the corner)."""
        c = cell(*self.corner, size)
        return tuple(i for i in self.divider(size) if i != c)

    def inside(self, x: int, y: int) -> bool:
        cx, cy = self.corner
        return y > cy and (x > cx if self.side == "east" else x < cx)

    def access(self, i: int, size: int) -> tuple[int, int]:
        """(outer, inner) access cells of a straight divider cell."""
        x, y = xy(i, size)
        cx, cy = self.corner
        if x == cx and y > cy:  # vertical arm
            outer = (x - 1, y) if self.side == "east" else (x + 1, y)
            inner = (x + 1, y) if self.side == "east" else (x - 1, y)
        else:  # horizontal arm
            outer, inner = (x, y - 1), (x, y + 1)
        return cell(*outer, size), cell(*inner, size)


@dataclass(frozen=True)
class World:
    """One grid world. ``terrain`` and ``objects`` are row-major tuples of length size²."""

    terrain: tuple[int, ...]
    objects: tuple[Obj | None, ...]
    agent: int
    agent_dir: int
    target_color: str
    section: Section
    layout: str = "custom"
    carrying: Obj | None = None
    palette: tuple[str, ...] = SPLITS["train"]
    size: int = SIZE
    #: Cells of the listed things (objects, single wall blocks, passages) in creation order — the
    #: order the observation text lists them in (the reference's object order). Not part of
    #: equality: two worlds with the same cells are the same world.
    order: tuple[int, ...] = field(default=(), compare=False)

    # ----- convenience -------------------------------------------------------------------
    @property
    def agent_xy(self) -> tuple[int, int]:
        return xy(self.agent, self.size)

    def at(self, x: int, y: int) -> Obj | None:
        return self.objects[cell(x, y, self.size)]

    def terrain_at(self, x: int, y: int) -> int:
        return self.terrain[cell(x, y, self.size)]

    def divider(self) -> tuple[int, ...]:
        return self.section.divider(self.size)

    def divider_kind(self) -> int:
        """WALL for room_door_key-like worlds, LAVA/COOL_LAVA for treasure_island-like ones."""
        return self.terrain[cell(*self.section.corner, self.size)]

    def inside(self, i: int) -> bool:
        return self.section.inside(*xy(i, self.size))

    def placed(self) -> list[tuple[int, Obj]]:
        """(cell, object) pairs in cell order."""
        return [(i, o) for i, o in enumerate(self.objects) if o is not None]

    def openings(self) -> list[tuple[int, str]]:
        """Divider cells that can be crossed: (cell, 'door'|'bridge'|'passage')."""
        out = []
        for i in self.divider():
            o = self.objects[i]
            if o is not None and o.kind in OPENINGS:
                out.append((i, o.kind))
            elif self.terrain[i] == PASSAGE:
                out.append((i, "passage"))
        return out

    def things(self) -> dict[int, str]:
        """What the observation lists, by cell: an object's kind, ``'wall'`` for a single wall
        block (a wall off the border and the divider), ``'passage'``."""
        n = self.size
        div = set(self.divider())
        out: dict[int, str] = {}
        for i in range(n * n):
            o = self.objects[i]
            if o is not None:
                out[i] = o.kind
            elif self.terrain[i] == PASSAGE:
                out[i] = "passage"
            elif self.terrain[i] == WALL and i not in div:
                x, y = xy(i, n)
                if 0 < x < n - 1 and 0 < y < n - 1:
                    out[i] = "wall"
        return out

    def listed(self) -> list[int]:
        """Cells of the listed things in the world's order: ``order`` first (cells that still hold
        a thing), then any other thing in reading order (hand-written worlds have no order)."""
        things = self.things()
        out = [i for i in dict.fromkeys(self.order) if i in things]
        seen = set(out)
        out.extend(i for i in things if i not in seen)
        return out

    def with_objects(self, changes: dict[int, Obj | None]) -> World:
        objs = list(self.objects)
        for i, o in changes.items():
            objs[i] = o
        return replace(self, objects=tuple(objs))

    def with_terrain(self, changes: dict[int, int]) -> World:
        ter = list(self.terrain)
        for i, t in changes.items():
            ter[i] = t
        return replace(self, terrain=tuple(ter))

    def all_objects(self) -> list[tuple[int | None, Obj]]:
        """Every object incl. box contents and the carried one (cell None)."""
        out: list[tuple[int | None, Obj]] = []
        for i, o in self.placed():
            out.append((i, o))
            if o.content is not None:
                out.append((i, o.content))
        if self.carrying is not None:
            out.append((None, self.carrying))
        return out


def follow_order(before: World, after: World) -> World:
    """``after`` with the object order carried over from ``before`` (the reference appends what an
    edit creates): a thing of the same kind on the same cell keeps its place (on the mirrored cell
    after a flip), everything new goes to the end in reading order, what vanished is dropped. A
    ball that becomes a box (hidden) counts as new, as in the reference."""
    n = after.size
    flipped = after.section.side != before.section.side

    def m(i: int) -> int:
        x, y = xy(i, n)
        return cell(n - 1 - x, y, n) if flipped else i

    tb, ta = before.things(), after.things()
    kept = [m(i) for i in before.listed() if ta.get(m(i)) == tb[i]]
    seen = set(kept)
    rest = [i for i in ta if i not in seen]
    return replace(after, order=tuple(kept + rest))


def validate(w: World) -> World:
    """Check the rules every world obeys; raise :class:`WorldError` naming the cell and reason."""
    n = w.size
    if len(w.terrain) != n * n or len(w.objects) != n * n:
        raise WorldError(f"grid must have {n}x{n} cells")
    if w.target_color not in ALL_COLORS:
        raise WorldError(f"unknown target colour {w.target_color!r}; allowed: {', '.join(ALL_COLORS)}")
    if w.layout not in (*LAYOUTS, "custom"):
        raise WorldError(f"unknown layout {w.layout!r}; allowed: {', '.join(LAYOUTS)}, custom")
    cx, cy = w.section.corner
    if w.section.side not in ("east", "west"):
        raise WorldError(f"section side must be east or west, got {w.section.side!r}")
    if not (1 <= cx <= n - 2 and 1 <= cy <= n - 2):
        raise WorldError(f"section corner column {cx} row {cy} is outside the grid interior")
    for i in range(n * n):
        x, y = xy(i, n)
        if (x in (0, n - 1) or y in (0, n - 1)) and w.terrain[i] != WALL:
            raise WorldError(f"the border cell at column {x} row {y} must be wall")
    div = set(w.divider())
    corner = cell(cx, cy, n)
    dk = w.terrain[corner]
    if dk not in (WALL, LAVA, COOL_LAVA):
        raise WorldError(
            f"the divider corner at column {cx} row {cy} must be wall or lava, "
            f"got {TERRAIN_NAMES.get(dk, dk)}")
    for i in div:
        x, y = xy(i, n)
        t, o = w.terrain[i], w.objects[i]
        if o is not None and o.kind in OPENINGS:
            if i == corner:
                raise WorldError(f"the {o.kind} at column {x} row {y} sits on the divider's corner; "
                                 "openings must be on a straight divider cell")
            continue
        if t == PASSAGE:
            if i == corner:
                raise WorldError(f"the passage at column {x} row {y} sits on the divider's corner")
            continue
        if t not in (WALL, LAVA, COOL_LAVA):
            raise WorldError(f"the divider cell at column {x} row {y} is {TERRAIN_NAMES[t]}; "
                             "it must be wall, lava, cool lava, a door, a bridge or a passage")
        if o is not None:
            raise WorldError(f"the {o.describe()} at column {x} row {y} sits on the divider "
                             f"({TERRAIN_NAMES[t]}); only doors and bridges may")
    for i, o in enumerate(w.objects):
        if o is None:
            continue
        x, y = xy(i, n)
        _validate_obj(o, x, y)
        if o.kind in OPENINGS and i not in div:
            raise WorldError(f"the {o.describe()} at column {x} row {y} is outside the divider; "
                             "doors and bridges must sit on a straight divider cell")
        if o.kind not in OPENINGS and i not in div and w.terrain[i] not in (FLOOR, PASSAGE):
            raise WorldError(f"the {o.describe()} at column {x} row {y} sits on "
                             f"{TERRAIN_NAMES[w.terrain[i]]}; objects must be on floor")
        if o.kind == "door" and dk != WALL:
            raise WorldError(f"the door at column {x} row {y} is in a lava divider; use a bridge")
        if o.kind == "bridge" and dk == WALL:
            raise WorldError(f"the bridge at column {x} row {y} is in a wall divider; use a door")
    for i in range(n * n):
        if i not in div and w.terrain[i] == PASSAGE:
            x, y = xy(i, n)
            raise WorldError(f"the passage at column {x} row {y} is outside the divider")
    ax, ay = w.agent_xy
    if not (0 <= w.agent < n * n) or w.terrain[w.agent] not in (FLOOR, PASSAGE, COOL_LAVA):
        o = w.objects[w.agent] if 0 <= w.agent < n * n else None
        if not (o is not None and o.kind in OPENINGS):
            raise WorldError(f"the agent at column {ax} row {ay} must stand on a walkable cell")
    o = w.objects[w.agent]
    if o is not None and not ((o.kind == "door" and o.state == "open")
                              or (o.kind == "bridge" and o.state == "intact")):
        raise WorldError(f"the agent at column {ax} row {ay} stands on a {o.describe()}")
    if w.agent_dir not in range(4):
        raise WorldError(f"agent direction must be 0..3 (east, south, west, north), got {w.agent_dir}")
    if w.carrying is not None:
        _validate_obj(w.carrying, ax, ay)
        if w.carrying.kind in OPENINGS:
            raise WorldError("the agent cannot carry a door or bridge")
    return w


def _validate_obj(o: Obj, x: int, y: int) -> None:
    where = f"column {x} row {y}"
    if o.kind not in OBJECT_KINDS:
        raise WorldError(f"unknown object kind {o.kind!r} at {where}; allowed: {', '.join(OBJECT_KINDS)}")
    if o.kind in ("door", "key", "ball", "box") and o.color not in ALL_COLORS:
        raise WorldError(f"unknown colour {o.color!r} for the {o.kind} at {where}; "
                         f"allowed: {', '.join(ALL_COLORS)}")
    if o.kind == "hammer" and o.color != HAMMER_COLOR:
        raise WorldError(f"the hammer at {where} must be {HAMMER_COLOR}")
    if o.kind == "door" and o.state not in DOOR_STATES:
        raise WorldError(f"door state {o.state!r} at {where} not in {', '.join(DOOR_STATES)}")
    if o.kind == "bridge" and o.state not in BRIDGE_STATES:
        raise WorldError(f"bridge state {o.state!r} at {where} not in {', '.join(BRIDGE_STATES)}")
    if o.content is not None:
        if o.kind != "box":
            raise WorldError(f"only boxes can contain objects (the {o.kind} at {where})")
        if o.content.kind not in PICKABLE or o.content.kind == "box":
            raise WorldError(f"a box at {where} cannot contain a {o.content.kind}")
        _validate_obj(o.content, x, y)
