"""The real world as text for the teacher: the paper's prompt text, byte for byte.

Paper, Appendix C (the LLM prompt): "What you observe on the grid: You are at column 9 and row 1.
You are facing west. You are not carrying any object. You see 7 objects: a brown ball at column 2
and row 8, an intact bridge at column 4 and row 6, a hammer at column 3 and row 3, … There are
walls: from column 1 and row 5 to column 1 and row 5, … There are cool lava pools: …".
Our text equals the reference toolkit's ``observation_text`` on its 5 few-shot games (a test). Its
rules, as we read them from those games and the spec ("Fidelity to the reference"):

- objects are listed in the world's object order (:attr:`World.order`: target, opening, tool,
  distractors, then what edits added), each as article + [state] + [colour] + noun + "at column x
  and row y"; bridges, hammers, walls, shoes and passages carry no colour; a box does not show what
  it contains ("a purple box"); an object inside a box is not listed; single wall blocks are
  listed ("a wall at …"); passages are "a walkable passage", shoes "a pair of fire-proof shoes";
- walls, lava pools and cool lava pools (in that order, each only if it has a rectangle) are
  summarised as rectangles found greedily: start cells scanned column by column (x = 1..n−2, and
  within a column y = 1..n−2), a rectangle first grows down (it may run into the border row), then
  right while the whole column segment is of the same kind and not yet covered (it may run into
  the border column); border cells never start a rectangle.

``style="rich"`` gives our older, richer description (box contents shown, reading order, single
cells as "at column x and row y"); it is an option, not the benchmark's default.
"""

from __future__ import annotations

from alignlab.mindgrid.world import COOL_LAVA, DIR_NAMES, LAVA, PASSAGE, WALL, Obj, World, cell, xy

STYLES = ("reference", "rich")

_NOUN = {"hammer": "hammer", "shoes": "pair of fire-proof shoes", "wall": "wall",
         "passage": "walkable passage"}
#: grid kinds summarised as rectangles, in the order the text gives them, and their plural names
OBSTACLES: tuple[tuple[str, str], ...] = (("wall", "walls"), ("lava", "lava pools"),
                                          ("cool_lava", "cool lava pools"))


def article(phrase: str) -> str:
    """'a' or 'an' by the first letter (enough for every word the text can start with)."""
    return ("an " if phrase[:1] in ("a", "e", "i", "o", "u") else "a ") + phrase


def noun_phrase(kind: str, o: Obj | None = None) -> str:
    """'locked indigo door', 'intact bridge', 'blue box', 'hammer', 'wall', … (no article)."""
    if kind in _NOUN:
        return _NOUN[kind]
    assert o is not None
    if kind == "door":
        return f"{o.state} {o.color} door"
    if kind == "bridge":
        return f"{o.state} bridge"
    return f"{o.color} {kind}"


def cell_kind(w: World, i: int) -> str | None:
    """The kind the reference's grid encoding shows at cell ``i`` (objects cover terrain)."""
    o = w.objects[i]
    if o is not None:
        return o.kind
    return {WALL: "wall", LAVA: "lava", COOL_LAVA: "cool_lava", PASSAGE: "passage"}.get(w.terrain[i])


def rectangles(w: World, kind: str) -> list[tuple[int, int, int, int]]:
    """(x1, y1, x2, y2) rectangles covering the cells of ``kind`` (the rule in the module doc)."""
    n = w.size
    grid = [[cell_kind(w, y * n + x) == kind for y in range(n)] for x in range(n)]  # [x][y]
    used = [[False] * n for _ in range(n)]
    out = []
    for x in range(1, n - 1):
        for y in range(1, n - 1):
            if not grid[x][y] or used[x][y]:
                continue
            y2 = y
            while y2 + 1 < n and grid[x][y2 + 1] and not used[x][y2 + 1]:
                y2 += 1
            x2 = x
            while x2 + 1 < n and all(grid[x2 + 1][yy] and not used[x2 + 1][yy] for yy in range(y, y2 + 1)):
                x2 += 1
            for xx in range(x, x2 + 1):
                for yy in range(y, y2 + 1):
                    used[xx][yy] = True
            out.append((x, y, x2, y2))
    return out


def listed_objects(w: World) -> list[str]:
    """'a brown ball at column 2 and row 8', … in the world's object order."""
    things = w.things()
    out = []
    for i in w.listed():
        x, y = xy(i, w.size)
        out.append(f"{article(noun_phrase(things[i], w.objects[i]))} at column {x} and row {y}")
    return out


def reference_text(w: World) -> str:
    """The paper's observation text of ``w`` (see the module docstring for the rules)."""
    ax, ay = w.agent_xy
    parts = [f"You are at column {ax} and row {ay}.", f"You are facing {DIR_NAMES[w.agent_dir]}."]
    if w.carrying is None:
        parts.append("You are not carrying any object.")
    else:
        parts.append(f"You are carrying {article(noun_phrase(w.carrying.kind, w.carrying))}.")
    items = listed_objects(w)
    if items:
        parts.append(f"You see {len(items)} object{'' if len(items) == 1 else 's'}: "
                     + ", ".join(items) + ".")
    else:
        parts.append("You do not see any objects.")
    for kind, plural in OBSTACLES:
        rs = rectangles(w, kind)
        if rs:
            parts.append(f"There are {plural}: " + ", ".join(
                f"from column {x1} and row {y1} to column {x2} and row {y2}" for x1, y1, x2, y2 in rs) + ".")
    return " ".join(parts)


def object_phrase(o: Obj) -> str:
    """'a purple ball', 'a closed saffron door', 'a red box containing a red ball', … (``rich``)."""
    if o.kind == "shoes":
        return "a pair of fire-proof shoes"
    p = article(o.describe())
    if o.kind == "box":
        p += " containing " + (object_phrase(o.content) if o.content else "nothing")
    return p


def _rich_rects(w: World, kind: int) -> list[tuple[int, int, int, int]]:
    """Rectangles of terrain ``kind`` without objects, border excluded, grown right then down from
    start cells in reading order (the ``rich`` style's rule)."""
    n = w.size
    used = set()
    out = []
    for y in range(1, n - 1):
        for x in range(1, n - 1):
            i = cell(x, y, n)
            if i in used or w.terrain[i] != kind or w.objects[i] is not None:
                continue

            def ok(xx: int, yy: int) -> bool:
                j = cell(xx, yy, n)
                return (1 <= xx <= n - 2 and 1 <= yy <= n - 2 and j not in used
                        and w.terrain[j] == kind and w.objects[j] is None)

            x2 = x
            while ok(x2 + 1, y):
                x2 += 1
            y2 = y
            while all(ok(xx, y2 + 1) for xx in range(x, x2 + 1)):
                y2 += 1
            for yy in range(y, y2 + 1):
                for xx in range(x, x2 + 1):
                    used.add(cell(xx, yy, n))
            out.append((x, y, x2, y2))
    return out


def _rect_text(r: tuple[int, int, int, int]) -> str:
    x, y, x2, y2 = r
    if (x, y) == (x2, y2):
        return f"at column {x} and row {y}"
    return f"from column {x} and row {y} to column {x2} and row {y2}"


def rich_text(w: World) -> str:
    """Our richer description of ``w`` (``style="rich"``): box contents shown, objects and passages
    in reading order, single cells as "at column x and row y"."""
    ax, ay = w.agent_xy
    parts = [f"You are at column {ax} and row {ay}.", f"You are facing {DIR_NAMES[w.agent_dir]}."]
    parts.append("You are not carrying any object." if w.carrying is None
                 else f"You are carrying {object_phrase(w.carrying)}.")
    items = [(i, object_phrase(o)) for i, o in w.placed()]
    items += [(i, "a walkable passage") for i in range(w.size * w.size) if w.terrain[i] == PASSAGE]
    items.sort(key=lambda it: it[0])  # reading order (stable: an object before its cell's passage)
    listed = [f"{text} at column {xy(i, w.size)[0]} and row {xy(i, w.size)[1]}" for i, text in items]
    parts.append(f"You see {len(listed)} object{'s' if len(listed) != 1 else ''}: "
                 + ", ".join(listed) + "." if listed else "You see no objects.")
    for kind, name in ((WALL, "walls"), (LAVA, "lava pools"), (COOL_LAVA, "cool lava pools")):
        rs = _rich_rects(w, kind)
        if rs:
            parts.append(f"There are {name}: " + ", ".join(_rect_text(r) for r in rs) + ".")
    return " ".join(parts)


def observation_text(w: World, style: str = "reference") -> str:
    """The real world as the teacher sees it: ``reference`` (the paper's prompt text, default) or
    ``rich`` (ours: box contents shown)."""
    if style == "reference":
        return reference_text(w)
    if style == "rich":
        return rich_text(w)
    from alignlab.mindgrid.errors import MindgridError

    raise MindgridError(f"unknown observation style {style!r}; allowed: {', '.join(STYLES)}")


__all__ = ["STYLES", "object_phrase", "observation_text", "rectangles", "reference_text", "rich_text"]
