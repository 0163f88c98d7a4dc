"""Worlds as JSON (schema ``alignlab.mindgrid.world/1``) and as hand-writable ASCII grids.

Terrain characters: ``#`` wall, ``.`` floor, ``~`` lava, ``_`` cool lava, ``:`` passage. In the
ASCII format the agent is one of ``> v < ^`` (facing east, south, west, north) and every other
letter is an object defined in a ``legend:`` block (``D = locked blue door``). Both readers check
everything and raise :class:`WorldError` naming the cell (or line) and the reason.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from alignlab.mindgrid.errors import WorldError
from alignlab.mindgrid.world import (
    ALL_COLORS,
    BRIDGE_STATES,
    COOL_LAVA,
    DIR_NAMES,
    DOOR_STATES,
    FLOOR,
    HAMMER_COLOR,
    LAVA,
    OBJECT_KINDS,
    PASSAGE,
    SPLITS,
    WALL,
    Obj,
    Section,
    World,
    cell,
    validate,
    xy,
)

SCHEMA = "alignlab.mindgrid.world/1"
TERRAIN_CHARS = {"#": WALL, ".": FLOOR, "~": LAVA, "_": COOL_LAVA, ":": PASSAGE}
CHAR_OF = {v: k for k, v in TERRAIN_CHARS.items()}
AGENT_CHARS = {">": 0, "v": 1, "<": 2, "^": 3}


# ----- objects ---------------------------------------------------------------------------
def obj_to_json(o: Obj) -> dict[str, Any]:
    d: dict[str, Any] = {"kind": o.kind}
    if o.color:
        d["color"] = o.color
    if o.state:
        d["state"] = o.state
    if o.content is not None:
        d["content"] = obj_to_json(o.content)
    return d


def obj_from_json(d: Any, where: str) -> Obj:
    if not isinstance(d, dict):
        raise WorldError(f"{where}: an object must be a JSON object, got {d!r}")
    unknown = set(d) - {"kind", "color", "state", "content", "x", "y"}
    if unknown:
        raise WorldError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    kind = d.get("kind")
    if kind not in OBJECT_KINDS:
        raise WorldError(f"{where}: unknown object kind {kind!r}; allowed: {', '.join(OBJECT_KINDS)}")
    color = d.get("color", HAMMER_COLOR if kind == "hammer" else "")
    if kind in ("door", "key", "ball", "box") and color not in ALL_COLORS:
        raise WorldError(f"{where}: unknown colour {color!r} for a {kind}; allowed: {', '.join(ALL_COLORS)}")
    state = d.get("state", {"door": "closed", "bridge": "intact"}.get(kind, ""))
    content = d.get("content")
    return Obj(kind, str(color), str(state),
               obj_from_json(content, f"{where} (box content)") if content is not None else None)


# ----- JSON ------------------------------------------------------------------------------
def world_to_json(w: World) -> dict[str, Any]:
    """A plain, self-describing JSON object (readable without this package)."""
    n = w.size
    rows = ["".join(CHAR_OF[w.terrain[cell(x, y, n)]] for x in range(n)) for y in range(n)]
    objs = []
    for i, o in w.placed():
        x, y = xy(i, n)
        objs.append({"x": x, "y": y, **obj_to_json(o)})
    ax, ay = w.agent_xy
    return {
        "schema": SCHEMA, "layout": w.layout, "size": n, "target_color": w.target_color,
        "palette": list(w.palette),
        "section": {"corner": list(w.section.corner), "side": w.section.side},
        "agent": {"x": ax, "y": ay, "dir": DIR_NAMES[w.agent_dir],
                  "carrying": obj_to_json(w.carrying) if w.carrying else None},
        "terrain": rows, "objects": objs,
        # the observation text's listing order (objects, single wall blocks, passages)
        "order": [list(xy(i, n)) for i in w.listed()],
    }


def world_text(w: World, fmt: str = "json") -> str:
    """The world as a file's text: indented grid JSON (``json``) or the ASCII format (``ascii``)."""
    if fmt not in ("json", "ascii"):
        raise WorldError(f"--format must be json or ascii, got {fmt!r}")
    return (json.dumps(world_to_json(w), indent=1, sort_keys=True) + "\n") if fmt == "json" \
        else world_to_ascii(w)


def world_to_json_text(w: World) -> str:
    return json.dumps(world_to_json(w), sort_keys=True, separators=(",", ":"))


def _int(v: Any, where: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise WorldError(f"{where}: must be an integer, got {v!r}")
    return v


def world_from_json(d: Any, source: str = "world") -> World:
    """Read and fully validate a world written by :func:`world_to_json` or by hand."""
    if not isinstance(d, dict):
        raise WorldError(f"{source}: a world must be a JSON object")
    if d.get("schema", SCHEMA) != SCHEMA:
        raise WorldError(f"{source}: unsupported schema {d.get('schema')!r}; expected {SCHEMA}")
    for k in ("terrain", "agent", "section", "target_color"):
        if k not in d:
            raise WorldError(f"{source}: missing field {k!r}")
    rows = d["terrain"]
    if not isinstance(rows, list):
        raise WorldError(f"{source}: 'terrain' must be a list of strings, got {type(rows).__name__}")
    n = _int(d.get("size", len(rows)), f"{source}: size")
    if not isinstance(rows, list) or len(rows) != n or any(not isinstance(r, str) or len(r) != n for r in rows):
        raise WorldError(f"{source}: 'terrain' must be {n} strings of {n} characters")
    ter = []
    for y, r in enumerate(rows):
        for x, ch in enumerate(r):
            if ch not in TERRAIN_CHARS:
                raise WorldError(f"{source}: unknown terrain {ch!r} at column {x} row {y}; "
                                 f"allowed: {' '.join(TERRAIN_CHARS)}")
            ter.append(TERRAIN_CHARS[ch])
    objs: list[Obj | None] = [None] * (n * n)
    placed = d.get("objects", [])
    if not isinstance(placed, list):
        raise WorldError(f"{source}: 'objects' must be a list, got {type(placed).__name__}")
    for k, od in enumerate(placed):
        where = f"{source}: objects[{k}]"
        if not isinstance(od, dict):
            raise WorldError(f"{where}: must be a JSON object")
        x, y = _int(od.get("x"), f"{where}.x"), _int(od.get("y"), f"{where}.y")
        if not (0 <= x < n and 0 <= y < n):
            raise WorldError(f"{where}: column {x} row {y} is outside the grid")
        o = obj_from_json(od, f"{where} at column {x} row {y}")
        i = cell(x, y, n)
        if objs[i] is not None:
            raise WorldError(f"{source}: two objects at column {x} row {y}")
        if ter[i] == WALL and o.kind not in ("door",):
            raise WorldError(f"{source}: the {o.describe()} at column {x} row {y} sits on a wall")
        objs[i] = o
    a = d["agent"]
    if not isinstance(a, dict):
        raise WorldError(f"{source}: 'agent' must be an object with x, y, dir")
    ax, ay = _int(a.get("x"), f"{source}: agent.x"), _int(a.get("y"), f"{source}: agent.y")
    if not (0 <= ax < n and 0 <= ay < n):
        raise WorldError(f"{source}: the agent at column {ax} row {ay} is outside the grid")
    if a.get("dir") not in DIR_NAMES:
        raise WorldError(f"{source}: agent.dir must be one of {', '.join(DIR_NAMES)}, got {a.get('dir')!r}")
    carrying = obj_from_json(a["carrying"], f"{source}: agent.carrying") if a.get("carrying") else None
    s = d["section"]
    if not isinstance(s, dict) or not isinstance(s.get("corner"), list) or len(s["corner"]) != 2:
        raise WorldError(f"{source}: 'section' must be {{'corner': [x, y], 'side': 'east'|'west'}}")
    sec = Section((_int(s["corner"][0], f"{source}: section.corner"),
                   _int(s["corner"][1], f"{source}: section.corner")), str(s.get("side", "east")))
    palette = d.get("palette", list(SPLITS["train"]))
    if not isinstance(palette, list) or any(c not in ALL_COLORS for c in palette):
        raise WorldError(f"{source}: palette must list colours from {', '.join(ALL_COLORS)}")
    w = World(terrain=tuple(ter), objects=tuple(objs), agent=cell(ax, ay, n),
              agent_dir=DIR_NAMES.index(a["dir"]), target_color=str(d["target_color"]),
              section=sec, layout=str(d.get("layout", "custom")), carrying=carrying,
              palette=tuple(palette), size=n)
    try:
        w = validate(w)
    except WorldError as exc:
        raise WorldError(f"{source}: {exc}") from None
    return replace(w, order=_order_from_json(d.get("order"), w, source)) if "order" in d else w


def _order_from_json(raw: Any, w: World, source: str) -> tuple[int, ...]:
    """The optional ``order`` field: [[x, y], …] cells of listed things (objects, single wall
    blocks, passages), each at most once; things left out follow in reading order."""
    if not isinstance(raw, list):
        raise WorldError(f"{source}: 'order' must be a list of [x, y] cells")
    things = w.things()
    out: list[int] = []
    for k, p in enumerate(raw):
        if not (isinstance(p, list) and len(p) == 2):
            raise WorldError(f"{source}: order[{k}] must be [x, y], got {p!r}")
        x, y = _int(p[0], f"{source}: order[{k}]"), _int(p[1], f"{source}: order[{k}]")
        i = cell(x, y, w.size) if 0 <= x < w.size and 0 <= y < w.size else -1
        if i not in things:
            raise WorldError(f"{source}: order[{k}]: nothing to list at column {x} row {y} (an "
                             "object, a single wall block or a passage)")
        if i in out:
            raise WorldError(f"{source}: order[{k}]: column {x} row {y} is listed twice")
        out.append(i)
    return tuple(out)


# ----- ASCII -----------------------------------------------------------------------------
def describe_legend(o: Obj) -> str:
    if o.kind == "box":
        return f"{o.color} box" + (f" containing {describe_legend(o.content)}" if o.content else "")
    if o.kind == "shoes":
        return "shoes"
    return o.describe()


def parse_description(text: str, where: str) -> Obj:
    """'locked blue door', 'intact bridge', 'grey hammer', 'shoes', 'red box containing red ball'."""
    t = text.strip().lower()
    if " containing " in t:
        outer, inner = t.split(" containing ", 1)
        box = parse_description(outer, where)
        if box.kind != "box":
            raise WorldError(f"{where}: only a box can contain something, not a {box.kind}")
        return box._replace(content=parse_description(inner, where))
    words = [w for w in t.replace("fire-proof", "").replace("fireproof", "").split() if w not in ("a", "an", "pair", "of")]
    if not words:
        raise WorldError(f"{where}: empty object description")
    kind = words[-1]
    if kind == "shoe":
        kind = "shoes"
    if kind not in OBJECT_KINDS:
        raise WorldError(f"{where}: unknown object kind {kind!r}; allowed: {', '.join(OBJECT_KINDS)}")
    color, state = "", ""
    for wd in words[:-1]:
        if wd in DOOR_STATES + BRIDGE_STATES:
            state = wd
        elif wd in ALL_COLORS:
            color = wd
        else:
            raise WorldError(f"{where}: unknown word {wd!r} (not a colour from {', '.join(ALL_COLORS)} "
                             f"or a state from {', '.join(DOOR_STATES + BRIDGE_STATES)})")
    if kind == "hammer":
        color = color or HAMMER_COLOR
    if kind in ("door", "key", "ball", "box") and not color:
        raise WorldError(f"{where}: a {kind} needs a colour from {', '.join(ALL_COLORS)}")
    if kind == "door":
        state = state or "closed"
        if state not in DOOR_STATES:
            raise WorldError(f"{where}: a door is {', '.join(DOOR_STATES)}, not {state}")
    elif kind == "bridge":
        state = state or "intact"
        if state not in BRIDGE_STATES:
            raise WorldError(f"{where}: a bridge is {', '.join(BRIDGE_STATES)}, not {state}")
    elif state:
        raise WorldError(f"{where}: a {kind} has no state {state!r}")
    return Obj(kind, color, state)


def world_to_ascii(w: World) -> str:
    """The world in the hand-writable ASCII format (objects get letters A, B, … in cell order)."""
    n = w.size
    legend: dict[str, str] = {}
    letters: dict[Obj, str] = {}
    pool = iter("ABCDEFGHIJKLMNOPQRSTUWXYZabcdefghijklmnopqrstuwxyz")
    grid = []
    for y in range(n):
        row = []
        for x in range(n):
            i = cell(x, y, n)
            o = w.objects[i]
            if i == w.agent and (o is None):
                row.append(">v<^"[w.agent_dir])
            elif o is not None:
                if o not in letters:
                    letters[o] = next(pool)
                    legend[letters[o]] = describe_legend(o)
                row.append(letters[o])
            else:
                row.append(CHAR_OF[w.terrain[i]])
        grid.append("".join(row))
    cx, cy = w.section.corner
    lines = [f"layout: {w.layout}", f"target: {w.target_color}",
             f"section: {cx} {cy} {w.section.side}", f"palette: {' '.join(w.palette)}"]
    if w.objects[w.agent] is not None:
        ax, ay = w.agent_xy
        lines.append(f"agent: {ax} {ay} {DIR_NAMES[w.agent_dir]}")
    if w.carrying is not None:
        lines.append(f"carrying: {describe_legend(w.carrying)}")
    lines.append("grid:")
    lines.extend(grid)
    lines.append("legend:")
    lines.extend(f"{k} = {v}" for k, v in legend.items())
    return "\n".join(lines) + "\n"


def world_from_ascii(text: str, source: str = "world") -> World:
    """Parse the ASCII format; every problem is a WorldError naming the line or cell."""
    header: dict[str, str] = {}
    grid: list[str] = []
    legend: dict[str, Obj] = {}
    mode = "header"
    for ln, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or (mode != "grid" and line.lstrip().startswith("//")):
            continue
        low = line.strip().lower()
        if low == "grid:":
            mode = "grid"
            continue
        if low == "legend:":
            mode = "legend"
            continue
        if mode == "grid":
            grid.append(line.strip())
        elif mode == "legend":
            entry = line.strip()
            k, v = entry[0], entry[1:].strip()
            if not v.startswith("="):
                raise WorldError(f"{source} line {ln}: legend entries look like 'D = locked blue door'")
            v = v[1:]
            if k in TERRAIN_CHARS or k in AGENT_CHARS:
                raise WorldError(f"{source} line {ln}: legend symbol {k!r} must be one character "
                                 "that is not a terrain or agent symbol")
            legend[k] = parse_description(v, f"{source} line {ln} ({k})")
        else:
            if ":" not in line:
                raise WorldError(f"{source} line {ln}: expected 'key: value' or 'grid:'")
            k, v = line.split(":", 1)
            header[k.strip().lower()] = v.strip()
    if not grid:
        raise WorldError(f"{source}: no 'grid:' block")
    n = len(grid)
    for y, r in enumerate(grid):
        if len(r) != n:
            raise WorldError(f"{source}: grid row {y} has {len(r)} characters; the grid must be "
                             f"{n}x{n}")
    for k in ("target", "section"):
        if k not in header:
            raise WorldError(f"{source}: missing header line '{k}: …'")
    sec_words = header["section"].split()
    if len(sec_words) not in (2, 3) or not all(s.isdigit() for s in sec_words[:2]):
        raise WorldError(f"{source}: 'section: X Y [east|west]' gives the divider's corner cell")
    sec = Section((int(sec_words[0]), int(sec_words[1])), sec_words[2] if len(sec_words) == 3 else "east")
    corner_ch = grid[sec.corner[1]][sec.corner[0]] if sec.corner[0] < n and sec.corner[1] < n else "?"
    if corner_ch not in ("#", "~", "_"):
        raise WorldError(f"{source}: the divider corner at column {sec.corner[0]} row {sec.corner[1]} "
                         f"must be '#' (wall) or '~'/'_' (lava), got {corner_ch!r}")
    divider_kind = TERRAIN_CHARS[corner_ch]
    divider = set(sec.divider(n))
    ter = [FLOOR] * (n * n)
    objs: list[Obj | None] = [None] * (n * n)
    agents = []
    for y, r in enumerate(grid):
        for x, ch in enumerate(r):
            i = cell(x, y, n)
            if ch in TERRAIN_CHARS:
                ter[i] = TERRAIN_CHARS[ch]
            elif ch in AGENT_CHARS:
                agents.append((x, y, AGENT_CHARS[ch]))
            elif ch in legend:
                o = legend[ch]
                objs[i] = o
                if o.kind in ("door", "bridge") or i in divider:
                    ter[i] = divider_kind  # validate() then explains what may sit on a divider
            else:
                raise WorldError(f"{source}: unknown symbol {ch!r} at column {x} row {y}; "
                                 "define it in the legend (e.g. 'K = blue key')")
    if "agent" in header:
        aw = header["agent"].split()
        if len(aw) != 3 or not aw[0].isdigit() or not aw[1].isdigit() or aw[2] not in DIR_NAMES:
            raise WorldError(f"{source}: 'agent: X Y direction' (direction east/south/west/north)")
        agents.append((int(aw[0]), int(aw[1]), DIR_NAMES.index(aw[2])))
    if not agents:
        raise WorldError(f"{source}: no agent; mark it with one of > v < ^")
    if len(agents) > 1:
        where = " and ".join(f"column {x} row {y}" for x, y, _ in agents)
        raise WorldError(f"{source}: two agents ({where}); a world has exactly one")
    ax, ay, ad = agents[0]
    carrying = parse_description(header["carrying"], f"{source}: carrying") if header.get("carrying") else None
    palette = tuple(header.get("palette", " ".join(SPLITS["train"])).split())
    for c in palette:
        if c not in ALL_COLORS:
            raise WorldError(f"{source}: unknown palette colour {c!r}; allowed: {', '.join(ALL_COLORS)}")
    w = World(terrain=tuple(ter), objects=tuple(objs), agent=cell(ax, ay, n), agent_dir=ad,
              target_color=header["target"], section=sec, layout=header.get("layout", "custom"),
              carrying=carrying, palette=palette, size=n)
    try:
        return validate(w)
    except WorldError as exc:
        raise WorldError(f"{source}: {exc}") from None


def load_world(path: str | Path) -> World:
    """A world from a ``.json`` file (grid JSON) or any other text file (ASCII format)."""
    from alignlab.config import parse_json, read_text

    p = Path(path)
    text = read_text(p, error=WorldError)
    if p.suffix.lower() == ".json":
        return world_from_json(parse_json(text, str(p), error=WorldError), str(p))
    return world_from_ascii(text, str(p))
