"""Random worlds from a seed: the paper's ``room_door_key`` and ``treasure_island`` layouts.

Both place an L-shaped divider (thickness one) that cuts off a section in the bottom-right corner
with an interior of 3..6 × 3..6 cells; one opening on a straight divider cell; the target ball
inside the section, not adjacent to the divider; the agent outside, facing a random direction; a
tool outside (key of the door's colour / hammer) and 2–5 distractors. Objects never sit on the
agent, on an opening's access cells, or next to each other, and every free cell stays connected.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from alignlab.mindgrid.errors import WorldError
from alignlab.mindgrid.world import (
    COOL_LAVA,
    DIRS,
    FLOOR,
    LAVA,
    LAYOUTS,
    PASSAGE,
    SIZE,
    SPLITS,
    WALL,
    Obj,
    Section,
    World,
    bridge,
    cell,
    door,
    hammer,
    validate,
    xy,
)
from alignlab.runtime import rng as make_rng

WALL_BLOCK = "wall"  # distractor kind that is terrain, not an object


def _nbrs4(i: int, n: int) -> list[int]:
    x, y = xy(i, n)
    return [cell(x + dx, y + dy, n) for dx, dy in DIRS if 0 <= x + dx < n and 0 <= y + dy < n]


def free_cells_connected(w: World) -> bool:
    """Every walkable, object-free cell (and every opening) is reachable from every other one,
    and every object has such a cell next to it."""
    n = w.size
    ok = set()
    for i in range(n * n):
        o = w.objects[i]
        if o is not None:
            if o.kind in ("door", "bridge"):
                ok.add(i)
        elif w.terrain[i] in (FLOOR, PASSAGE, COOL_LAVA):
            ok.add(i)
    if not ok:
        return False
    start = w.agent if w.agent in ok else next(iter(ok))
    seen = {start}
    q = deque([start])
    while q:
        i = q.popleft()
        for j in _nbrs4(i, n):
            if j in ok and j not in seen:
                seen.add(j)
                q.append(j)
    if seen != ok:
        return False
    return all(any(j in ok for j in _nbrs4(i, n)) for i, o in w.placed() if o.kind not in ("door", "bridge"))


def empty_world(section: Section, divider_kind: int, target_color: str, layout: str,
                palette: tuple[str, ...], size: int = SIZE) -> list[int]:
    """Terrain with the border wall and the divider."""
    ter = [FLOOR] * (size * size)
    for i in range(size * size):
        x, y = xy(i, size)
        if x in (0, size - 1) or y in (0, size - 1):
            ter[i] = WALL
    for i in section.divider(size):
        ter[i] = divider_kind
    return ter


def generate(layout: str, seed: int, *, split: str = "train", size: int = SIZE,
             max_distractors: int = 5) -> World:
    """A random world of ``layout`` from ``seed`` (same arguments → the same world)."""
    if layout not in LAYOUTS:
        raise WorldError(f"unknown layout {layout!r}; allowed: {', '.join(LAYOUTS)}")
    if split not in SPLITS:
        raise WorldError(f"unknown split {split!r}; allowed: {', '.join(SPLITS)}")
    if size < 7:
        raise WorldError(f"grid size must be at least 7, got {size}")
    rng = make_rng(seed)
    for _ in range(1000):
        w = _attempt(layout, rng, SPLITS[split], size, max_distractors)
        if w is not None:
            return validate(w)
    raise WorldError(f"could not generate a {layout} world from seed {seed}")  # pragma: no cover


def _attempt(layout: str, rng: np.random.Generator, palette: tuple[str, ...], size: int,
             max_distractors: int) -> World | None:
    n = size
    lo, hi = (3, 6) if n == SIZE else (2, max(2, min(6, n - 5)))
    w_in, h_in = int(rng.integers(lo, hi + 1)), int(rng.integers(lo, hi + 1))
    sec = Section((n - 2 - w_in, n - 2 - h_in), "east")
    dk = WALL if layout == "room_door_key" else LAVA
    target = str(palette[int(rng.integers(len(palette)))])
    ter = empty_world(sec, dk, target, layout, palette, n)
    objs: list[Obj | None] = [None] * (n * n)
    straight = sec.straight(n)
    op = int(straight[int(rng.integers(len(straight)))])
    if layout == "room_door_key":
        dcolor = str(palette[int(rng.integers(len(palette)))])
        objs[op] = door(dcolor, ("closed", "locked", "open")[int(rng.integers(3))])
    else:
        objs[op] = bridge(("intact", "damaged")[int(rng.integers(2))])
    outer, inner = sec.access(op, n)
    reserved = {outer, inner}
    divider = set(sec.divider(n))
    inside = [i for i in range(n * n) if ter[i] == FLOOR and sec.inside(*xy(i, n))]
    outside = [i for i in range(n * n) if ter[i] == FLOOR and not sec.inside(*xy(i, n))]
    far = [i for i in inside if not any(j in divider for j in _nbrs4(i, n))]
    if not far:
        return None
    taken: set[int] = set()

    def ok(i: int) -> bool:
        return i not in reserved and i not in taken and not any(j in taken for j in _nbrs4(i, n))

    def pick(cands: list[int]) -> int | None:
        c = [i for i in cands if ok(i)]
        return int(c[int(rng.integers(len(c)))]) if c else None

    agent_cands = [i for i in outside if i not in reserved]
    agent = int(agent_cands[int(rng.integers(len(agent_cands)))])
    reserved.add(agent)
    t = pick(far)
    if t is None:
        return None
    objs[t] = Obj("ball", target)
    taken.add(t)
    tool_cell = pick(outside)
    if tool_cell is None:
        return None
    if layout == "room_door_key":
        objs[tool_cell] = Obj("key", objs[op].color)  # type: ignore[union-attr]
    else:
        objs[tool_cell] = hammer()
    taken.add(tool_cell)
    others = [c for c in palette if c != target]
    n_dis = int(rng.integers(2, max_distractors + 1))
    kinds = ("key", "ball", WALL_BLOCK) if layout == "room_door_key" else ("ball", WALL_BLOCK)
    distractors = []
    for _ in range(n_dis):
        kind = kinds[int(rng.integers(len(kinds)))]
        c = pick(inside + outside)
        if c is None:
            return None
        taken.add(c)
        distractors.append(c)
        if kind == WALL_BLOCK:
            ter[c] = WALL
        elif kind == "key":
            keycols = [k for k in palette if k != objs[op].color]  # type: ignore[union-attr]
            objs[c] = Obj("key", str(keycols[int(rng.integers(len(keycols)))]))
        else:
            objs[c] = Obj("ball", str(others[int(rng.integers(len(others)))]))
    # the reference's object order: target, opening, tool, distractors (observation text)
    order = (t, op, tool_cell, *distractors)
    w = World(terrain=tuple(ter), objects=tuple(objs), agent=agent,
              agent_dir=int(rng.integers(4)), target_color=target, section=sec, layout=layout,
              palette=tuple(palette), size=n, order=order)
    return w if free_cells_connected(w) else None
