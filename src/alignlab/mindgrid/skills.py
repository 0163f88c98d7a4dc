"""Parameterised skills, executed closed-loop on a :class:`~alignlab.mindgrid.engine.Runner`.

Each skill re-plans at the moment it runs with breadth-first shortest paths over (cell, direction)
in the world it runs in (objects and closed doors block; hot lava is crossed only when carrying
fire-proof shoes; damaged bridges never). A skill that cannot act fails cleanly: it returns False,
its already executed actions still count, and the plan moves on. Objects are referred to by kind,
colour and cell; a skill whose object is not at that cell fails.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from alignlab.mindgrid.engine import (
    ACTIONS,
    DROP,
    FORWARD,
    LEFT,
    PICKUP,
    RIGHT,
    TOGGLE,
    Runner,
    front,
)
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.world import (
    COOL_LAVA,
    DIR_NAMES,
    DIRS,
    FLOOR,
    LAVA,
    PASSAGE,
    Obj,
    cell,
    xy,
)

PRIMITIVE_TEXT = {"left": "turn left", "right": "turn right", "forward": "move forward",
                  "pickup": "pick up the object in front", "drop": "drop the carried object",
                  "toggle": "toggle the object in front", "done": "declare done"}


@dataclass(frozen=True)
class ObjRef:
    """An object as a plan refers to it: kind, colour ('' if none) and cell."""

    kind: str
    color: str
    x: int
    y: int

    def text(self) -> str:
        if self.kind in ("door", "bridge"):
            name = f"{self.color} door" if self.kind == "door" else "bridge"
        elif self.kind == "shoes":
            name = "fire-proof shoes"
        else:
            name = f"{self.color} {self.kind}"
        return f"the {name} at column {self.x} row {self.y}"

    @staticmethod
    def of(o: Obj, i: int, size: int) -> ObjRef:
        x, y = xy(i, size)
        return ObjRef(o.kind, o.color, x, y)

    def matches(self, o: Obj | None) -> bool:
        return o is not None and o.kind == self.kind and o.color == self.color


SKILL_NAMES = (
    "primitive", "go_to", "rotate_towards_object", "rotate_towards_direction",
    "go_adjacent_to_object", "go_adjacent_to_position", "drop_at", "empty_inventory",
    "get_object", "move_object", "go_dir_n_steps", "unblock", "open_box", "open_door",
    "fix_bridge",
)


@dataclass(frozen=True)
class Skill:
    """One plan step: a skill name and its arguments (ints, strings, :class:`ObjRef`)."""

    name: str
    args: tuple = ()

    def text(self) -> str:
        """The skill's one English rendering."""
        a = self.args
        n = self.name
        if n == "primitive":
            return PRIMITIVE_TEXT[a[0]]
        if n == "go_to":
            return f"go to column {a[0]} row {a[1]}"
        if n == "rotate_towards_object":
            return f"turn towards {a[0].text()}"
        if n == "rotate_towards_direction":
            return f"turn to face {a[0]}"
        if n == "go_adjacent_to_object":
            return f"go next to {a[0].text()}"
        if n == "go_adjacent_to_position":
            return f"go next to column {a[0]} row {a[1]}"
        if n == "drop_at":
            return f"drop the carried object at column {a[0]} row {a[1]}"
        if n == "empty_inventory":
            return "drop the carried object"
        if n == "get_object":
            return f"get {a[0].text()}"
        if n == "move_object":
            return f"move {a[0].text()} to column {a[1]} row {a[2]}"
        if n == "go_dir_n_steps":
            return f"go {a[1]} {a[0]} step{'s' if a[0] != 1 else ''}"
        if n == "unblock":
            return f"unblock the opening at column {a[0]} row {a[1]}"
        if n == "open_box":
            return f"open {a[0].text()}"
        if n == "open_door":
            return f"open {a[0].text()}"
        if n == "fix_bridge":
            return f"fix {a[0].text()}"
        raise MindgridError(f"unknown skill {n!r}")

    def to_json(self) -> dict:
        return {"skill": self.name,
                "args": [vars(x) if isinstance(x, ObjRef) else x for x in self.args]}

    @staticmethod
    def from_json(d: dict) -> Skill:
        if not isinstance(d, dict) or d.get("skill") not in SKILL_NAMES:
            raise MindgridError(f"bad skill record {d!r}; skill must be one of {', '.join(SKILL_NAMES)}")
        try:
            args = tuple(ObjRef(**x) if isinstance(x, dict) else x for x in d.get("args", []))
        except TypeError as exc:
            raise MindgridError(f"bad object reference in skill record {d!r}: {exc}") from None
        return Skill(d["skill"], args)


# ----- navigation ------------------------------------------------------------------------
def _enterable(r: Runner, i: int) -> bool:
    o = r.objs[i]
    if o is not None:
        return (o.kind == "door" and o.state == "open") or (o.kind == "bridge" and o.state == "intact")
    t = r.terrain[i]
    if t in (FLOOR, PASSAGE, COOL_LAVA):
        return True
    return t == LAVA and r.held is not None and r.held.kind == "shoes"


def _navigate(r: Runner, goal) -> list[int] | None:
    """Shortest action list (left/right/forward) from the runner's pose to a pose with goal(p, d)."""
    start = (r.pos, r.d)
    if goal(*start):
        return []
    parent: dict[tuple[int, int], tuple[tuple[int, int], int]] = {start: (start, -1)}
    q = deque([start])
    n = r.size
    while q:
        p, d = q.popleft()
        for a in (FORWARD, LEFT, RIGHT):
            if a == FORWARD:
                f = front(p, d, n)
                if not _enterable(r, f):
                    continue
                s = (f, d)
            else:
                s = (p, (d - 1) % 4 if a == LEFT else (d + 1) % 4)
            if s in parent:
                continue
            parent[s] = ((p, d), a)
            if goal(*s):
                acts = []
                while s != start:
                    s, a2 = parent[s]
                    acts.append(a2)
                return acts[::-1]
            q.append(s)
    return None


def _run(r: Runner, acts: list[int] | None) -> bool:
    if acts is None:
        return False
    for a in acts:
        if r.over:
            return False
        r.act(a)
    return not r.dead


def _face_cell(r: Runner, c: int) -> bool:
    n = r.size
    return _run(r, _navigate(r, lambda p, d: front(p, d, n) == c))


def _turn_to(r: Runner, d: int) -> bool:
    k = (d - r.d) % 4
    return _run(r, [RIGHT] if k == 1 else [LEFT] if k == 3 else [RIGHT, RIGHT] if k == 2 else [])


def _obj_cell(r: Runner, o: ObjRef) -> int | None:
    if not (0 < o.x < r.size - 1 and 0 < o.y < r.size - 1):
        return None
    c = cell(o.x, o.y, r.size)
    return c if o.matches(r.objs[c]) else None


def _droppable(r: Runner, c: int) -> bool:
    return r.objs[c] is None and r.terrain[c] in (FLOOR, PASSAGE) and c != r.pos


def run_skill(r: Runner, s: Skill) -> bool:
    """Execute one skill closed-loop; False if it could not act (its actions still count)."""
    if r.over:
        return False
    n, a, name = r.size, s.args, s.name
    if name == "primitive":
        if a[0] not in ACTIONS:
            return False
        r.act(ACTIONS.index(a[0]))
        return not r.dead
    if name == "go_to":
        c = cell(a[0], a[1], n)
        return _run(r, _navigate(r, lambda p, d: p == c))
    if name == "rotate_towards_direction":
        if a[0] not in DIR_NAMES:
            return False
        return _turn_to(r, DIR_NAMES.index(a[0]))
    if name == "rotate_towards_object":
        c = _obj_cell(r, a[0])
        if c is None:
            return False
        for d in range(4):
            if front(r.pos, d, n) == c:
                return _turn_to(r, d)
        return False
    if name in ("go_adjacent_to_object", "get_object", "open_box", "open_door", "fix_bridge"):
        c = _obj_cell(r, a[0])
        if c is None:
            return False
        o = r.objs[c]
        if name == "get_object" and (r.held is not None or o.kind not in
                                     ("key", "ball", "box", "hammer", "shoes")):
            return False
        if name == "open_box" and o.kind != "box":
            return False
        if name == "open_door" and (o.kind != "door" or (o.state == "locked" and not (
                r.held is not None and r.held.kind == "key" and r.held.color == o.color))):
            return False
        if name == "open_door" and o.state == "open":
            return True
        if name == "fix_bridge" and (o.kind != "bridge" or o.state == "intact"
                                     or r.held is None or r.held.kind != "hammer"):
            return o.kind == "bridge" and o.state == "intact"
        if not _face_cell(r, c):
            return False
        if name == "go_adjacent_to_object":
            return True
        r.act(PICKUP if name == "get_object" else TOGGLE)
        return True
    if name == "go_adjacent_to_position":
        return _face_cell(r, cell(a[0], a[1], n))
    if name == "drop_at":
        c = cell(a[0], a[1], n)
        if r.held is None or not _droppable(r, c):
            return False
        if not _face_cell(r, c):
            return False
        r.act(DROP)
        return True
    if name == "empty_inventory":
        if r.held is None:
            return False
        if not _run(r, _navigate(r, lambda p, d: _droppable(r, front(p, d, n)))):
            return False
        r.act(DROP)
        return True
    if name == "move_object":
        return run_skill(r, Skill("get_object", (a[0],))) and \
            run_skill(r, Skill("drop_at", (a[1], a[2])))
    if name == "go_dir_n_steps":
        steps, dname = a
        if dname not in DIR_NAMES or not _turn_to(r, DIR_NAMES.index(dname)):
            return False
        for _ in range(int(steps)):
            if r.over or (not _enterable(r, front(r.pos, r.d, n)) and not _deadly(r)):
                return False
            r.act(FORWARD)
            if r.dead:
                return False
        return True
    if name == "unblock":
        return _unblock(r, cell(a[0], a[1], n))
    return False


def _deadly(r: Runner) -> bool:
    f = front(r.pos, r.d, r.size)
    o = r.objs[f]
    if o is not None:
        return o.kind == "bridge" and o.state == "damaged"
    return r.terrain[f] == LAVA


def _unblock(r: Runner, opening: int) -> bool:
    """Move whatever blocks an access cell of the opening to the nearest free cell."""
    n = r.size
    _x, _y = xy(opening, n)
    blockers = [opening + dy * n + dx for dx, dy in DIRS
                if r.objs[opening + dy * n + dx] is not None
                and r.objs[opening + dy * n + dx].kind not in ("door", "bridge")]
    if r.held is not None or not blockers:
        return False
    b = blockers[0]
    if not _face_cell(r, b):
        return False
    r.act(PICKUP)
    if r.held is None:
        return False
    near = {opening + dy * n + dx for dx, dy in DIRS}
    if not _run(r, _navigate(r, lambda p, d: _droppable(r, front(p, d, n))
                             and front(p, d, n) not in near)):
        return False
    r.act(DROP)
    return True
