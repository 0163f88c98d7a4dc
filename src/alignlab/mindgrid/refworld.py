"""Worlds from the reference toolkit's neutral JSON export (spec, "Fidelity to the reference").

An exported world gives every cell (kind, colour, state, box contents, an ``object_index`` for
every object), the agent's position and direction, and the target colour. Coordinates are [column,
row], 0-based with the border at 0 and 10; directions 0 east, 1 south, 2 west, 3 north — the same as
ours. Colours are the reference's 12 names (brown, turquoise, saffron, indigo, salmon, lime besides
MiniGrid's six), which our worlds accept as they are. The reference's object order is kept
(:attr:`World.order`), so our observation text of a converted world is the reference's
``observation_text``. Whole games become teaching instances in
:mod:`alignlab.mindgrid.teaching.reference`.
"""

from __future__ import annotations

from typing import Any

from alignlab.mindgrid.errors import WorldError
from alignlab.mindgrid.world import (
    COOL_LAVA,
    FLOOR,
    HAMMER_COLOR,
    LAVA,
    PASSAGE,
    SPLITS,
    WALL,
    Obj,
    Section,
    World,
    cell,
    validate,
)

#: the reference's kind names → ours (objects)
OBJECT_KIND = {"door": "door", "key": "key", "ball": "ball", "box": "box", "bridge": "bridge",
               "hammer": "hammer", "fireproof_shoes": "shoes"}
TERRAIN_KIND = {"wall": WALL, "lava": LAVA, "safe_lava": COOL_LAVA, "passage": PASSAGE}


def _obj(d: dict, where: str) -> Obj:
    kind = OBJECT_KIND.get(d.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        raise WorldError(f"{where}: unknown object kind {d.get('kind')!r}")
    color = d.get("color") or ""
    if kind == "hammer":
        color = HAMMER_COLOR
    elif kind in ("bridge", "shoes"):
        color = ""
    content = d.get("contains")
    return Obj(kind, color, d.get("state") or "",
               _obj(content, f"{where} (box content)") if content else None)


def _section(divider: set[int], n: int, where: str) -> Section:
    """The L-shaped divider's corner and side, read off its cells."""
    if not divider:
        raise WorldError(f"{where}: no divider (no obstacle, door or bridge off the border)")
    xs = [i % n for i in divider]
    ys = [i // n for i in divider]
    cx = max(set(xs), key=lambda x: (xs.count(x), -x))
    cy = max(set(ys), key=lambda y: (ys.count(y), -y))
    side = "east" if cell(cx + 1, cy, n) in divider else "west"
    sec = Section((cx, cy), side)
    if set(sec.divider(n)) != divider:
        raise WorldError(f"{where}: the obstacles do not form one L-shaped divider running to the "
                         f"border (corner column {cx} row {cy} guessed)")
    return sec


def world_from_reference(d: Any, layout: str = "custom", palette: tuple[str, ...] | None = None,
                         where: str = "world") -> World:
    """One exported world (``worlds.human`` or ``worlds.real``) as our :class:`World`."""
    if not isinstance(d, dict) or not isinstance(d.get("cells"), list):
        raise WorldError(f"{where}: an exported world is an object with 'cells'")
    n = int(d.get("width", 11))
    if int(d.get("height", n)) != n:
        raise WorldError(f"{where}: only square grids are supported")
    ter = [FLOOR] * (n * n)
    objs: list[Obj | None] = [None] * (n * n)
    index: dict[int, int] = {}
    divider: set[int] = set()
    openings: list[int] = []
    for k, c in enumerate(d["cells"]):
        x, y, kind = c.get("x"), c.get("y"), c.get("kind")
        w = f"{where}: cells[{k}] (column {x} row {y})"
        if not (isinstance(x, int) and isinstance(y, int) and 0 <= x < n and 0 <= y < n):
            raise WorldError(f"{w}: outside the {n}x{n} grid")
        i = cell(x, y, n)
        border = x in (0, n - 1) or y in (0, n - 1)
        if kind in TERRAIN_KIND:
            ter[i] = TERRAIN_KIND[kind]
            if c.get("obstacle") and not border:
                divider.add(i)
            if kind == "passage":
                divider.add(i)
        elif kind in OBJECT_KIND:
            objs[i] = _obj(c, w)
            if kind in ("door", "bridge"):
                divider.add(i)
                openings.append(i)
        else:
            raise WorldError(f"{w}: unknown kind {kind!r}")
        if c.get("object_index") is not None:
            index[i] = int(c["object_index"])
    sec = _section(divider, n, where)
    corner = ter[cell(*sec.corner, n)]
    for i in openings:
        ter[i] = corner  # an opening sits on a divider cell
    ax, ay = d.get("agent_pos", (None, None))
    adir = d.get("agent_dir")
    if not (isinstance(ax, int) and isinstance(ay, int) and adir in range(4)):
        raise WorldError(f"{where}: agent_pos must be [column, row] and agent_dir 0..3")
    target = d.get("target_color")
    w = World(terrain=tuple(ter), objects=tuple(objs), agent=cell(ax, ay, n), agent_dir=int(adir),
              target_color=str(target), section=sec, layout=layout,
              palette=tuple(palette) if palette else SPLITS["train"],
              size=n, order=tuple(sorted(index, key=index.__getitem__)))
    try:
        return validate(w)
    except WorldError as exc:
        raise WorldError(f"{where}: {exc}") from None


__all__ = ["OBJECT_KIND", "TERRAIN_KIND", "world_from_reference"]
