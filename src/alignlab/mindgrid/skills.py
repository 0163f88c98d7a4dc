"""Parameterised skills, executed closed-loop on a :class:`~alignlab.mindgrid.engine.Runner`.

Each skill re-plans at the moment it runs with breadth-first shortest paths over (cell, direction)
in the world it runs in (objects and closed doors block; hot lava is crossed only when carrying
fire-proof shoes; damaged bridges never). A skill that cannot act fails cleanly: it returns False,
its already executed actions still count, and the plan moves on. Objects are referred to by kind,
colour and cell; a skill whose object is not at that cell fails. Each skill is one
:class:`SkillKind` entry in :data:`SKILLS` (name, arguments, English rendering, run).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
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


@dataclass(frozen=True)
class Skill:
    """One plan step: a skill name and its arguments (ints, strings, :class:`ObjRef`)."""

    name: str
    args: tuple = ()

    def text(self) -> str:
        """The skill's one English rendering."""
        kind = SKILLS.get(self.name)
        if kind is None:
            raise MindgridError(f"unknown skill {self.name!r}")
        return kind.render(self.args)

    def to_json(self) -> dict:
        return {"skill": self.name,
                "args": [vars(x) if isinstance(x, ObjRef) else x for x in self.args]}

    @staticmethod
    def from_json(d: dict) -> Skill:
        if not isinstance(d, dict) or not isinstance(d.get("skill"), str) or d["skill"] not in SKILLS:
            raise MindgridError(f"bad skill record {d!r}; skill must be one of {', '.join(SKILL_NAMES)}")
        try:
            args = tuple(ObjRef(**x) if isinstance(x, dict) else x for x in d.get("args", []))
        except TypeError as exc:
            raise MindgridError(f"bad object reference in skill record {d!r}: {exc}") from None
        kind = SKILLS[d["skill"]]
        if len(args) != len(kind.args):
            raise MindgridError(f"skill {kind.name} takes {len(kind.args)} argument(s) "
                                f"({', '.join(kind.args) or 'none'}), got {len(args)} in {d!r}")
        for name, value in zip(kind.args, args, strict=True):
            if not _arg_ok(name, value):
                raise MindgridError(f"skill {kind.name}: argument {name!r} must be "
                                    f"{_ARG_TYPES[name][1]}, got {value!r}")
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


# ----- running: one function per skill -----------------------------------------------------
def _primitive(r: Runner, a: tuple) -> bool:
    if a[0] not in ACTIONS:
        return False
    r.act(ACTIONS.index(a[0]))
    return not r.dead


def _go_to(r: Runner, a: tuple) -> bool:
    c = cell(a[0], a[1], r.size)
    return _run(r, _navigate(r, lambda p, d: p == c))


def _rotate_towards_direction(r: Runner, a: tuple) -> bool:
    if a[0] not in DIR_NAMES:
        return False
    return _turn_to(r, DIR_NAMES.index(a[0]))


def _rotate_towards_object(r: Runner, a: tuple) -> bool:
    c = _obj_cell(r, a[0])
    if c is None:
        return False
    for d in range(4):
        if front(r.pos, d, r.size) == c:
            return _turn_to(r, d)
    return False


def _use_object(r: Runner, ref: ObjRef, verdict: Callable[[Runner, Obj], bool | None],
                action: int | None) -> bool:
    """Face the object ``ref`` and do ``action`` on it, unless ``verdict(r, object)`` already
    decides the skill's result (False: cannot act; True: nothing to do)."""
    c = _obj_cell(r, ref)
    if c is None:
        return False
    v = verdict(r, r.objs[c])  # type: ignore[arg-type]
    if v is not None:
        return v
    if not _face_cell(r, c):
        return False
    if action is not None:
        r.act(action)
    return True


def _may_pick_up(r: Runner, o: Obj) -> bool | None:
    return False if r.held is not None or o.kind not in ("key", "ball", "box", "hammer", "shoes") else None


def _may_open_box(r: Runner, o: Obj) -> bool | None:
    return False if o.kind != "box" else None


def _may_open_door(r: Runner, o: Obj) -> bool | None:
    has_key = r.held is not None and r.held.kind == "key" and r.held.color == o.color
    if o.kind != "door" or (o.state == "locked" and not has_key):
        return False
    return True if o.state == "open" else None


def _may_fix_bridge(r: Runner, o: Obj) -> bool | None:
    if o.kind != "bridge" or o.state == "intact" or r.held is None or r.held.kind != "hammer":
        return o.kind == "bridge" and o.state == "intact"
    return None


def _go_adjacent_to_position(r: Runner, a: tuple) -> bool:
    return _face_cell(r, cell(a[0], a[1], r.size))


def _drop_at(r: Runner, a: tuple) -> bool:
    c = cell(a[0], a[1], r.size)
    if r.held is None or not _droppable(r, c):
        return False
    if not _face_cell(r, c):
        return False
    r.act(DROP)
    return True


def _empty_inventory(r: Runner, a: tuple) -> bool:
    if r.held is None:
        return False
    n = r.size
    if not _run(r, _navigate(r, lambda p, d: _droppable(r, front(p, d, n)))):
        return False
    r.act(DROP)
    return True


def _move_object(r: Runner, a: tuple) -> bool:
    return run_skill(r, Skill("get_object", (a[0],))) and run_skill(r, Skill("drop_at", (a[1], a[2])))


def _go_dir_n_steps(r: Runner, a: tuple) -> bool:
    steps, dname = a
    if dname not in DIR_NAMES or not _turn_to(r, DIR_NAMES.index(dname)):
        return False
    for _ in range(int(steps)):
        if r.over or (not _enterable(r, front(r.pos, r.d, r.size)) and not _deadly(r)):
            return False
        r.act(FORWARD)
        if r.dead:
            return False
    return True


def _go_dir_text(a: tuple) -> str:
    return f"go {a[1]} {a[0]} step{'s' if a[0] != 1 else ''}"


def _primitive_text(a: tuple) -> str:
    if a[0] not in PRIMITIVE_TEXT:
        raise MindgridError(f"unknown primitive action {a[0]!r}; allowed: {', '.join(PRIMITIVE_TEXT)}")
    return PRIMITIVE_TEXT[a[0]]


# ----- the registry: one entry per skill ------------------------------------------------------
def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


#: What each skill argument name holds (records from files are checked against it).
_ARG_TYPES: dict[str, tuple[Callable[[object], bool], str]] = {
    "object": (lambda v: isinstance(v, ObjRef) and isinstance(v.kind, str)
               and isinstance(v.color, str) and _is_int(v.x) and _is_int(v.y),
               "an object {kind, color, x, y} with integer x and y"),
    "x": (_is_int, "an integer"), "y": (_is_int, "an integer"), "steps": (_is_int, "an integer"),
    "action": (lambda v: isinstance(v, str), "an action name"),
    "direction": (lambda v: isinstance(v, str), "a direction name"),
}


def _arg_ok(name: str, value: object) -> bool:
    check = _ARG_TYPES.get(name)
    return check is None or check[0](value)


@dataclass(frozen=True)
class SkillKind:
    """One skill: its name, its argument names, its English rendering (a ``str.format`` template
    over the arguments — objects render as "the blue key at column 3 row 4" — or a function of
    them) and how it runs closed-loop (``run(runner, args) -> bool``; False = could not act)."""

    name: str
    args: tuple[str, ...]
    text: str | Callable[[tuple], str]
    run: Callable[[Runner, tuple], bool]

    def render(self, args: tuple) -> str:
        if callable(self.text):
            return self.text(args)
        return self.text.format(*(x.text() if isinstance(x, ObjRef) else x for x in args))


def _on_object(verdict: Callable[[Runner, Obj], bool | None], action: int | None
               ) -> Callable[[Runner, tuple], bool]:
    return lambda r, a: _use_object(r, a[0], verdict, action)


SKILLS: dict[str, SkillKind] = {k.name: k for k in (
    SkillKind("primitive", ("action",), _primitive_text, _primitive),
    SkillKind("go_to", ("x", "y"), "go to column {0} row {1}", _go_to),
    SkillKind("rotate_towards_object", ("object",), "turn towards {0}", _rotate_towards_object),
    SkillKind("rotate_towards_direction", ("direction",), "turn to face {0}",
              _rotate_towards_direction),
    SkillKind("go_adjacent_to_object", ("object",), "go next to {0}",
              _on_object(lambda r, o: None, None)),
    SkillKind("go_adjacent_to_position", ("x", "y"), "go next to column {0} row {1}",
              _go_adjacent_to_position),
    SkillKind("drop_at", ("x", "y"), "drop the carried object at column {0} row {1}", _drop_at),
    SkillKind("empty_inventory", (), "drop the carried object", _empty_inventory),
    SkillKind("get_object", ("object",), "get {0}", _on_object(_may_pick_up, PICKUP)),
    SkillKind("move_object", ("object", "x", "y"), "move {0} to column {1} row {2}", _move_object),
    SkillKind("go_dir_n_steps", ("steps", "direction"), _go_dir_text, _go_dir_n_steps),
    SkillKind("unblock", ("x", "y"), "unblock the opening at column {0} row {1}",
              lambda r, a: _unblock(r, cell(a[0], a[1], r.size))),
    SkillKind("open_box", ("object",), "open {0}", _on_object(_may_open_box, TOGGLE)),
    SkillKind("open_door", ("object",), "open {0}", _on_object(_may_open_door, TOGGLE)),
    SkillKind("fix_bridge", ("object",), "fix {0}", _on_object(_may_fix_bridge, TOGGLE)),
)}
SKILL_NAMES: tuple[str, ...] = tuple(SKILLS)


def run_skill(r: Runner, s: Skill) -> bool:
    """Execute one skill closed-loop; False if it could not act (its actions still count)."""
    if r.over or s.name not in SKILLS:
        return False
    return SKILLS[s.name].run(r, s.args)


def _deadly(r: Runner) -> bool:
    f = front(r.pos, r.d, r.size)
    o = r.objs[f]
    if o is not None:
        return o.kind == "bridge" and o.state == "damaged"
    return r.terrain[f] == LAVA


def _unblock(r: Runner, opening: int) -> bool:
    """Move whatever blocks an access cell of the opening to the nearest free cell."""
    n = r.size
    near = [opening + dy * n + dx for dx, dy in DIRS]
    blockers = [c for c in near if r.objs[c] is not None and r.objs[c].kind not in ("door", "bridge")]
    if r.held is not None or not blockers:
        return False
    b = blockers[0]
    if not _face_cell(r, b):
        return False
    r.act(PICKUP)
    if r.held is None:
        return False
    if not _run(r, _navigate(r, lambda p, d: _droppable(r, front(p, d, n))
                             and front(p, d, n) not in near)):
        return False
    r.act(DROP)
    return True
