"""What the human's plan π0 says about the human's world θ^H (cheap, before any planning).

π0 is optimal in θ^H, so every primitive action of it changes the state (no wasted action) and the
last one picks up the target. That pins down a lot:

- the trajectory's shape is known from the actions alone; it ends facing the target, whose cell the
  edits never move (``change_target_color`` swaps colours in place, ``hide_target_in_box`` boxes it
  in place, ``flip_vertical`` mirrors it), so the human's start cell follows exactly — in the
  unflipped and in the flipped frame (:func:`frames`);
- the cells the plan picks up from or toggles must hold objects in θ^H; one missing from the real
  world was a removed tool (:func:`tool_hints`);
- objects the skills name (kind, colour, cell) must be there when the plan runs
  (:func:`replay` checks them with the actions).
"""

from __future__ import annotations

from dataclasses import dataclass

from alignlab.mindgrid.edits import EDIT_NAMES, Edit
from alignlab.mindgrid.engine import DEAD, FORWARD, LEFT, PICKUP, RIGHT, SUCCESS, TOGGLE, step
from alignlab.mindgrid.plans import Plan
from alignlab.mindgrid.skills import ObjRef
from alignlab.mindgrid.undo import effect
from alignlab.mindgrid.world import DIRS, FLOOR, HAMMER_COLOR, WALL, Obj, World, cell, xy

#: Which edit kinds, undone later, could repair a replay failure; failures not listed (walking
#: into a wall or hot lava, leaving the grid, picking up a door …) no undo can repair.
_TOOLS = frozenset({"toggle_opening", "hide_tool_in_box", "remove_tool"})
REPAIRS: dict[str, frozenset[str]] = {
    # a closed/locked door or a damaged bridge in the way, or one that does not open: its state
    # differed, or the tool the plan should be holding was boxed or elsewhere
    "door": _TOOLS, "bridge": _TOOLS, "toggle_door": _TOOLS, "toggle_bridge": _TOOLS,
    "ball": frozenset({"block_opening"}),              # a blocking ball in the way / on a drop cell
    "shoes": frozenset({"add_fireproof_shoes"}),
    "nothing": frozenset({"remove_tool"}),             # picking up / opening an empty cell
    # the wrong ball (or a box) ends — or misses — the task
    "colour": frozenset({"change_target_color", "hide_target_in_box"}),
    "ref": frozenset(EDIT_NAMES),                      # a named object differs
}


@dataclass(frozen=True)
class Frame:
    """One reading of the plan: ``flipped`` (θ^H is the real world's mirror image, so the grid was
    flipped), and ``origin`` — the human's start cell in real-world coordinates, or None when the
    plan does not tell (no plan)."""

    flipped: bool
    origin: int | None


@dataclass(frozen=True)
class Evidence:
    """The human's plan as evidence: its actions, the objects its skills name, its length."""

    actions: tuple[int, ...]
    refs: tuple[ObjRef, ...]
    solvable: bool

    @staticmethod
    def of(plan: Plan) -> Evidence:
        refs = tuple(a for s in plan.skills for a in s.args if isinstance(a, ObjRef))
        return Evidence(tuple(plan.actions), refs, plan.solvable and bool(plan.actions))

    def mirrored(self, size: int) -> Evidence:
        """The same plan seen in the mirror: π0 in flip(θ) ≡ the mirrored plan in θ (left and
        right swap, columns x ↔ size − 1 − x), so the flipped frame needs no flipped worlds."""
        swap = {LEFT: RIGHT, RIGHT: LEFT}
        return Evidence(tuple(swap.get(a, a) for a in self.actions),
                        tuple(ObjRef(r.kind, r.color, size - 1 - r.x, r.y) for r in self.refs),
                        self.solvable)


def mirror(i: int, size: int) -> int:
    x, y = xy(i, size)
    return cell(size - 1 - x, y, size)


def flipped(world: World) -> World:
    return effect(world, Edit("flip_vertical"))


def target_cells(world: World) -> list[int]:
    """Cells holding a ball of the target colour, loose or in a box."""
    out = []
    for i, o in world.placed():
        inner = o.content if o.kind == "box" else o
        if inner is not None and inner.kind == "ball" and inner.color == world.target_color:
            out.append(i)
    return out


def _shape(actions: tuple[int, ...], d0: int) -> tuple[list[tuple[int, int, int]], int, int]:
    """Relative trajectory: per action (dx, dy, dir) of the agent *before* it, and the final pose."""
    x = y = 0
    d = d0
    poses = []
    for a in actions:
        poses.append((x, y, d))
        if a == LEFT:
            d = (d - 1) % 4
        elif a == RIGHT:
            d = (d + 1) % 4
        elif a == FORWARD:
            x, y = x + DIRS[d][0], y + DIRS[d][1]
    return poses, x, y


def frames(real: World, ev: Evidence) -> list[Frame]:
    """The readings of π0 that are geometrically possible: for each frame (as is / flipped) the
    human's start cell = target cell − facing offset − the trajectory's displacement."""
    if not ev.solvable or ev.actions[-1] != PICKUP:
        return [Frame(False, None), Frame(True, None)]
    out = []
    n = real.size
    for flip in (False, True):
        w = flipped(real) if flip else real
        poses, _, _ = _shape(ev.actions, w.agent_dir)
        fx, fy, fd = poses[-1]
        for t in target_cells(w):
            tx, ty = xy(t, n)
            sx, sy = tx - DIRS[fd][0] - fx, ty - DIRS[fd][1] - fy
            if not (0 < sx < n - 1 and 0 < sy < n - 1):
                continue
            s = cell(sx, sy, n)
            origin = mirror(s, n) if flip else s
            if origin != real.agent and not real.inside(real.agent):
                continue  # only put_agent_inside_section moves the agent, and only inside
            f = Frame(flip, origin)
            if f not in out:
                out.append(f)
    return out


def _start(real: World, frame: Frame) -> tuple[int, int, int]:
    """The human's start pose in the frame's own coordinates: (column, row, direction)."""
    n = real.size
    d0 = (2 - real.agent_dir) % 4 if frame.flipped and real.agent_dir in (0, 2) else real.agent_dir
    x, y = xy(mirror(frame.origin, n) if frame.flipped else frame.origin, n)  # type: ignore[arg-type]
    return x, y, d0


def interactions(real: World, ev: Evidence, frame: Frame) -> list[tuple[int, int, int]]:
    """(action index, action, faced cell in real coordinates) for every pickup and toggle of π0."""
    if frame.origin is None:
        return []
    n = real.size
    sx, sy, d0 = _start(real, frame)
    poses, _, _ = _shape(ev.actions, d0)
    out = []
    for k, (a, (dx, dy, d)) in enumerate(zip(ev.actions, poses, strict=True)):
        if a in (PICKUP, TOGGLE):
            fx, fy = sx + dx + DIRS[d][0], sy + dy + DIRS[d][1]
            if 0 < fx < n - 1 and 0 < fy < n - 1:
                f = cell(fx, fy, n)
                out.append((k, a, mirror(f, n) if frame.flipped else f))
    return out


@dataclass(frozen=True)
class ToolHints:
    """Candidate removed tools in real coordinates: ``observed`` (cell, object) where π0 picks up
    or opens something the real world lacks; ``unobserved`` (tool, cells) for a missing tool π0
    does not touch — a few representative cells where it may have lain."""

    observed: tuple[tuple[int, Obj], ...] = ()
    unobserved: tuple[tuple[Obj, tuple[int, ...]], ...] = ()


def path_cells(real: World, ev: Evidence, frame: Frame) -> tuple[int, ...]:
    """The cells (real coordinates) the agent stands on along π0 in the given frame."""
    if frame.origin is None or not ev.solvable:
        return ()
    n = real.size
    sx, sy, d0 = _start(real, frame)
    poses, fx, fy = _shape(ev.actions, d0)
    out = []
    for dx, dy in [(p[0], p[1]) for p in poses] + [(fx, fy)]:
        x, y = sx + dx, sy + dy
        if 0 < x < n - 1 and 0 < y < n - 1:
            c = cell(x, y, n)
            c = mirror(c, n) if frame.flipped else c
            if c not in out:
                out.append(c)
    return tuple(out)


def tool_hints(real: World, ev: Evidence, frame: Frame, *, representatives: int = 3) -> ToolHints:
    """Where removed tools were: where π0 picks up or opens something the real world lacks
    (identified by the skills' object names); else — for a door colour without its key, or a
    bridge without the hammer — ``representatives`` free cells spread over the outer area (the
    plan does not reveal where an unused tool lay; the likelihood weeds out cells where the human
    would have used it)."""
    n = real.size
    out: list[tuple[int, Obj]] = []
    acts = interactions(real, ev, frame)
    toggled = {f for _, a, f in acts if a == TOGGLE}
    refs_at: dict[int, list[ObjRef]] = {}
    for r in ev.refs:
        if 0 < r.x < n - 1 and 0 < r.y < n - 1:
            c = cell(r.x, r.y, n)
            refs_at.setdefault(mirror(c, n) if frame.flipped else c, []).append(r)
    tools = _tool_kinds(real)
    for _, a, f in acts:
        if real.objects[f] is not None or real.terrain[f] != FLOOR or f == real.agent:
            continue
        named = [r for r in refs_at.get(f, []) if r.kind in ("key", "hammer", "box")]
        cands: list[Obj] = []
        for r in named:
            if r.kind == "box":  # a box holding a tool has the tool's colour
                cands.extend(Obj("box", r.color, "", t) for t in tools if t.color == r.color)
            else:
                cands.append(Obj(r.kind, r.color))
        if not named:
            boxed = f in toggled and a == TOGGLE
            cands = [Obj("box", t.color, "", t) if boxed else t for t in tools]
        for o in cands:
            if (f, o) not in out:
                out.append((f, o))
    observed = {o if o.kind != "box" else o.content for _, o in out}
    missing = [t for t in missing_tools(real) if t not in observed]
    avoid = path_cells(real, ev, frame)  # the human walked there: no tool lay on those cells
    cells = tuple(spread_cells(real, representatives, avoid)) if missing and representatives > 0 else ()
    return ToolHints(tuple(out), tuple((t, cells) for t in missing if cells))


def _tool_kinds(real: World) -> list[Obj]:
    """The tools a world of this kind uses: the hammer (bridges) or keys of the palette (doors)."""
    if real.layout == "treasure_island" or any(o.kind == "bridge" for _, o in real.placed()):
        return [Obj("hammer", HAMMER_COLOR)]
    return [Obj("key", c) for c in real.palette]


def _present_tools(real: World) -> set[Obj]:
    out = set()
    for _, o in real.all_objects():
        if o.kind in ("key", "hammer"):
            out.add(Obj(o.kind, o.color))
    return out


def missing_tools(real: World) -> list[Obj]:
    """Tools whose absence matters: the key of a door's colour, or the hammer of a bridge world."""
    have = _present_tools(real)
    out = []
    for _, o in real.placed():
        if o.kind == "door" and Obj("key", o.color) not in have and Obj("key", o.color) not in out:
            out.append(Obj("key", o.color))
    if any(o.kind == "bridge" for _, o in real.placed()) and Obj("hammer", HAMMER_COLOR) not in have:
        out.append(Obj("hammer", HAMMER_COLOR))
    return out


def spread_cells(real: World, k: int, avoid: tuple[int, ...] = ()) -> list[int]:
    """k free cells outside the section spread by walking distance from the agent (nearest,
    middle, farthest …), where a generated tool could lie (not touching other objects)."""
    from collections import deque

    n = real.size
    access = {c for i, _ in real.openings() for c in real.section.access(i, n)}
    div = set(real.divider())

    def ok(i: int) -> bool:
        if real.objects[i] is not None or real.terrain[i] != FLOOR or i == real.agent or i in avoid:
            return False
        if real.inside(i) or i in access or i in div:
            return False
        x, y = xy(i, n)
        return not any(real.objects[cell(x + dx, y + dy, n)] is not None for dx, dy in DIRS)

    dist = {real.agent: 0}
    q = deque([real.agent])
    while q:
        i = q.popleft()
        x, y = xy(i, n)
        for dx, dy in DIRS:
            j = cell(x + dx, y + dy, n)
            if j not in dist and (real.terrain[j] != WALL or real.objects[j] is not None):
                dist[j] = dist[i] + 1
                q.append(j)
    cells = sorted((c for c in dist if ok(c)), key=lambda c: (dist[c], c))
    if len(cells) <= k:
        return cells
    if k == 1:
        return [cells[-1]]
    return [cells[round(j * (len(cells) - 1) / (k - 1))] for j in range(k)]


def human_target_color(real: World, ev: Evidence, frame: Frame) -> str | None:
    """The target colour the human's plan names (the ball it finally picks up), if it names one."""
    if not ev.solvable or frame.origin is None:
        return None
    acts = interactions(real, ev, frame)
    if not acts or acts[-1][1] != PICKUP:
        return None
    t = acts[-1][2]
    n = real.size
    tc = mirror(t, n) if frame.flipped else t
    x, y = xy(tc, n)
    names = [r.color for r in ev.refs if r.kind == "ball" and (r.x, r.y) == (x, y)]
    return names[-1] if names else None


@dataclass(frozen=True)
class Replay:
    """Outcome of replaying π0 in a hypothesised θ^H: ``ok``, or the failure ``reason`` at
    ``step`` (:data:`REPAIRS` says which undos could still repair it)."""

    ok: bool
    reason: str = ""
    step: int = -1

    def repairable(self, used: frozenset[str]) -> bool:
        """Could undoing edits of kinds not in ``used`` make the replay succeed?"""
        return self.ok or bool(REPAIRS.get(self.reason, frozenset()) - used)


def replay(world: World, ev: Evidence) -> Replay:
    """π0's actions in ``world``: every action must change the state, nobody dies, the target is
    picked up by the last action exactly, and every object the skills name is met on its cell."""
    if not ev.solvable:
        return Replay(False, "no_plan")
    terrain, n, target = world.terrain, world.size, world.target_color
    pos, d, held, objs = world.agent, world.agent_dir, world.carrying, world.objects
    seen: set[tuple[int, str, str]] = set()
    last = len(ev.actions) - 1
    for k, a in enumerate(ev.actions):
        f = pos + DIRS[d][1] * n + DIRS[d][0]
        before = objs[f] if 0 <= f < n * n else None
        if before is not None:
            seen.add((f, before.kind, before.color))
        pos2, d2, held2, objs2, out, changed = step(terrain, n, target, pos, d, held, objs, a)
        if out == DEAD:
            return Replay(False, "lava" if before is None else "bridge", k)
        if not changed:
            return Replay(False, _why(world, f, a, before, held), k)
        if out == SUCCESS and k != last:
            return Replay(False, "colour", k)
        pos, d, held, objs = pos2, d2, held2, objs2
        if objs[f] is not None:
            seen.add((f, objs[f].kind, objs[f].color))  # type: ignore[union-attr]
    if out != SUCCESS:
        return Replay(False, "colour", last)
    for r in ev.refs:
        if 0 < r.x < n - 1 and 0 < r.y < n - 1:
            c = cell(r.x, r.y, n)
            o = world.objects[c]
            if (c, r.kind, r.color) not in seen and not (o is not None and r.matches(o)):
                return Replay(False, "ref", -1)
    return Replay(True)


def _why(world: World, f: int, a: int, o: Obj | None, held: Obj | None) -> str:
    """Why an action of π0 changes nothing in θ^H (a key of :data:`REPAIRS`, or irreparable)."""
    n = world.size
    if a == FORWARD:
        if not 0 <= f < n * n:
            return "outside"
        if o is None:
            return "wall"
        return o.kind  # door / ball / shoes are repairable, other objects not
    if a == PICKUP:
        if held is not None:
            return "carrying"
        return "nothing" if o is None else "non_pickable"
    if a == TOGGLE:
        return "nothing" if o is None else f"toggle_{o.kind}"
    return "drop_blocked" if o is None else o.kind
