"""Exactly optimal planning over primitive actions (A* with an admissible, consistent heuristic).

The search state is (agent cell, direction, carried object, all objects); object configurations
are interned so a state is one int. The heuristic is the exact cost, over agent *poses* (cell and
direction, so turns are counted), in a relaxation computed per distinct relevant configuration:
movable objects do not block (except objects on an opening's access cell, which must be "cleared"
for 2 actions: pickup and the later drop; 1 for an empty box), toggles are free, the inventory is
unbounded, and a tool (key of a locked door's colour, hammer for a damaged bridge, shoes for hot
lava) once picked up is kept — each pickup is charged 2 (pickup and its unavoidable later drop),
and whatever is carried costs 1 more. Every real action maps to relaxed moves of no larger cost,
so A* returns a minimum-length action sequence (checked against exhaustive BFS in the tests).
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass

from alignlab.mindgrid.engine import (
    DROP,
    FORWARD,
    LEFT,
    PICKUP,
    RIGHT,
    STEP_CAP,
    TOGGLE,
)
from alignlab.mindgrid.world import (
    COOL_LAVA,
    DIRS,
    FLOOR,
    LAVA,
    PASSAGE,
    PICKABLE,
    Obj,
    World,
)

INF = 1 << 30
GOAL = -1


class _Space:
    """Interned object configurations and their successor function."""

    def __init__(self, world: World, heuristic: bool) -> None:
        self.terrain = world.terrain
        self.n = world.size
        self.target = world.target_color
        self.cfgs: list[tuple[tuple[Obj | None, ...], Obj | None]] = []
        self.ids: dict[tuple, int] = {}
        self.hs: list[list[int] | None] = []
        self.hkeys: dict[tuple, list[int]] = {}
        self.mcache: dict[tuple, list[int]] = {}
        self.use_h = heuristic
        self.offsets = tuple(dy * self.n + dx for dx, dy in DIRS)
        self.has_lava = LAVA in self.terrain
        self.nbrs = [tuple(i + o for o in self.offsets if 0 <= i + o < self.n * self.n)
                     for i in range(self.n * self.n)]
        self.S = self.n * self.n * 4
        n2 = self.n * self.n
        # poses p = cell * 4 + dir; facing[g] = the poses that face cell g
        self.facing = [[(g - o) * 4 + d for d, o in enumerate(self.offsets) if 0 <= g - o < n2]
                       for g in range(n2)]
        # access cells of the openings: an object there must be moved to pass (heuristic bits)
        self.choke = frozenset(c for i, _ in world.openings()
                               for c in world.section.access(i, self.n))

    def intern(self, objs: tuple[Obj | None, ...], held: Obj | None) -> int:
        k = (objs, held)
        c = self.ids.get(k)
        if c is None:
            c = len(self.cfgs)
            self.ids[k] = c
            self.cfgs.append(k)
            self.hs.append(self._h(objs, held) if self.use_h else None)
        return c

    # ----- heuristic ----------------------------------------------------------------------
    def _h(self, objs: tuple[Obj | None, ...], held: Obj | None) -> list[int]:
        tools: dict[tuple, int] = {}
        locked: list[tuple[int, str]] = []
        damaged: list[int] = []
        placed = [(i, o) for i, o in enumerate(objs) if o is not None]
        for i, o in placed:
            if o.kind == "door" and o.state == "locked":
                locked.append((i, o.color))
            elif o.kind == "bridge" and o.state == "damaged":
                damaged.append(i)
        for _, c in locked:
            tools.setdefault(("key", c), len(tools))
        if damaged:
            tools.setdefault(("hammer", ""), len(tools))
        if self.has_lava:
            tools.setdefault(("shoes", ""), len(tools))
        sites: list[tuple[int, tuple, int]] = []  # (cell, tool type, cost)
        goals: list[tuple[int, int]] = []
        for i, o in placed:
            inner, extra = (o.content, 1) if o.kind == "box" else (o, 0)
            if inner is None:
                continue
            if inner.kind == "ball" and inner.color == self.target:
                goals.append((i, 1 + extra))
                continue
            t = (inner.kind, inner.color if inner.kind == "key" else "")
            if t in tools:
                sites.append((i, t, 2 + extra))
        # only tool types that can actually be obtained get a bit (others stay impassable)
        avail = {t for _, t, _ in sites}
        for h in (held, held.content if held is not None and held.kind == "box" else None):
            if h is not None:
                avail.add((h.kind, h.color if h.kind == "key" else ""))
        kept = [t for t in tools if t in avail]
        tools = {t: b for b, t in enumerate(kept)}
        sites = [(i, tools[t], c) for i, t, c in sites]  # type: ignore[misc]
        # objects on an opening's access cell block it until picked up (+ dropped later) or,
        # for an empty box, toggled away: each gets a "cleared" bit
        site_cells = {i for i, _, _ in sites} | {i for i, _ in goals}
        blockers = [i for i, o in placed if i in self.choke and i not in site_cells
                    and o.kind in PICKABLE]
        for k, i in enumerate(blockers):
            o = objs[i]
            cost = 1 if o.kind == "box" and o.content is None else 2  # type: ignore[union-attr]
            sites.append((i, len(kept) + k, cost))
        mask0 = 0
        offset = 0
        anywhere: list[tuple[int, int]] = []  # (bit or -1 for the goal, cost) from any cell
        if held is not None:
            offset = 1  # whatever is carried must be dropped before the final pickup
            b = tools.get((held.kind, held.color if held.kind == "key" else ""))
            if b is not None:
                mask0 = 1 << b
            inner = held.content if held.kind == "box" else None
            if inner is not None:  # drop (in offset) + toggle + pickup (+ drop for a tool)
                if inner.kind == "ball" and inner.color == self.target:
                    anywhere.append((-1, 2))
                else:
                    b = tools.get((inner.kind, inner.color if inner.kind == "key" else ""))
                    if b is not None:
                        anywhere.append((b, 3))
        key = (tuple(sites), tuple(goals), tuple(locked), tuple(damaged), mask0, offset,
               tuple(anywhere), tuple(kept), tuple(blockers))
        cached = self.hkeys.get(key)
        if cached is not None:
            return cached
        nb = len(tools) + len(blockers)
        key_bits = {c: tools.get(("key", c), -1) for _, c in locked}
        hammer_bit = tools.get(("hammer", ""))
        shoes_bit = tools.get(("shoes", ""))
        n2 = self.n * self.n
        terrain = self.terrain
        # enterability per cell: -1 never, -2 always, else the bit needed
        need = [-1] * n2
        for i in range(n2):
            o = objs[i]
            if o is not None:
                if o.kind == "door":
                    need[i] = key_bits[o.color] if o.state == "locked" else -2
                elif o.kind == "bridge":
                    need[i] = (-1 if hammer_bit is None else hammer_bit) if o.state == "damaged" else -2
                else:
                    need[i] = -2
            else:
                t = terrain[i]
                if t in (FLOOR, PASSAGE, COOL_LAVA):
                    need[i] = -2
                elif t == LAVA:
                    need[i] = -1 if shoes_bit is None else shoes_bit
        for k, i in enumerate(blockers):
            need[i] = len(kept) + k
        dists: dict[int, list[int]] = {}
        masks = [m for m in range(1 << nb) if m & mask0 == mask0]
        masks.sort(key=lambda m: -bin(m).count("1"))
        offs = self.offsets
        n4 = n2 * 4
        facing = self.facing
        goal_seed = [INF] * n4
        for g, c in goals:
            for p in facing[g]:
                if c < goal_seed[p]:
                    goal_seed[p] = c
        for b, c in anywhere:
            if b == -1:
                goal_seed = [min(v, c) for v in goal_seed]
        common = (tuple(goals), tuple(anywhere), tuple(locked), tuple(damaged), tuple(kept),
                  tuple(blockers))
        for m in masks:
            # dists[m] depends on the sites of the tools/blockers not yet in m, not on the others
            mkey = (m, tuple(x for x in sites if not m >> x[1] & 1), common)
            hit = self.mcache.get(mkey)
            if hit is not None:
                dists[m] = hit
                continue
            init = list(goal_seed)
            for b, c in anywhere:
                if b != -1 and not m >> b & 1:
                    dd = dists[m | (1 << b)]
                    init = [min(v, c + w) for v, w in zip(init, dd, strict=True)]
            for s, b, c in sites:
                if m >> b & 1:
                    continue
                dd = dists[m | (1 << b)]
                for p in facing[s]:
                    v = c + dd[p]
                    if v < init[p]:
                        init[p] = v
            enter = [nd == -2 or (nd >= 0 and (m >> nd) & 1) for nd in need]
            dist = init
            # unit-cost Dijkstra with a bucket queue (values are small integers)
            seeds = [(v, p) for p, v in enumerate(init) if v < INF]
            if seeds:
                buckets: list[list[int]] = [[] for _ in range(max(v for v, _ in seeds) + 2)]
                for v, p in seeds:
                    buckets[v].append(p)
                v = min(v for v, _ in seeds) - 1
                while v + 1 < len(buckets):
                    v += 1
                    bucket = buckets[v]
                    if not bucket:
                        continue
                    v1 = v + 1
                    if v1 == len(buckets):
                        buckets.append([])
                    nxt = buckets[v1]
                    for p in bucket:
                        if dist[p] != v:
                            continue
                        d = p & 3
                        base = p - d
                        q = base + ((d + 1) & 3)
                        if v1 < dist[q]:
                            dist[q] = v1
                            nxt.append(q)
                        q = base + ((d - 1) & 3)
                        if v1 < dist[q]:
                            dist[q] = v1
                            nxt.append(q)
                        c = p >> 2
                        if enter[c]:
                            b2 = c - offs[d]
                            if 0 <= b2 < n2:
                                q = b2 * 4 + d
                                if v1 < dist[q]:
                                    dist[q] = v1
                                    nxt.append(q)
            dists[m] = dist
            self.mcache[mkey] = dist
        res = dists[mask0]
        if offset:
            res = [v + offset if v < INF else INF for v in res]
        self.hkeys[key] = res
        return res

    # ----- successors ---------------------------------------------------------------------
    def successors(self, pos: int, d: int, cfg: int) -> list[tuple[int, int, int, int]]:
        """(action, pos, dir, cfg or GOAL) for every action that changes the state, alive."""
        objs, held = self.cfgs[cfg]
        out = [(LEFT, pos, (d - 1) & 3, cfg), (RIGHT, pos, (d + 1) & 3, cfg)]
        f = pos + self.offsets[d]
        o = objs[f]
        if o is None:
            t = self.terrain[f]
            if t in (FLOOR, PASSAGE, COOL_LAVA) or (t == LAVA and held is not None and held.kind == "shoes"):
                out.append((FORWARD, f, d, cfg))
            if held is not None and (t in (FLOOR, PASSAGE)):
                new = (*objs[:f], held, *objs[f + 1:])
                out.append((DROP, pos, d, self.intern(new, None)))
            return out
        k = o.kind
        if k == "door":
            if o.state == "open":
                out.append((FORWARD, f, d, cfg))
                new_o: Obj | None = o._replace(state="closed")
            elif o.state == "closed" or (held is not None and held.kind == "key"
                                         and held.color == o.color):
                new_o = o._replace(state="open")
            else:
                return out
            out.append((TOGGLE, pos, d, self.intern((*objs[:f], new_o, *objs[f + 1:]), held)))
            return out
        if k == "bridge":
            if o.state == "intact":
                out.append((FORWARD, f, d, cfg))
            elif held is not None and held.kind == "hammer":
                new_o = o._replace(state="intact")
                out.append((TOGGLE, pos, d, self.intern((*objs[:f], new_o, *objs[f + 1:]), held)))
            return out
        if held is None and k in PICKABLE:
            if k == "ball" and o.color == self.target:
                out.append((PICKUP, pos, d, GOAL))
            else:
                out.append((PICKUP, pos, d, self.intern((*objs[:f], None, *objs[f + 1:]), o)))
        if k == "box":
            out.append((TOGGLE, pos, d, self.intern((*objs[:f], o.content, *objs[f + 1:]), held)))
        return out


@dataclass(frozen=True)
class SearchResult:
    """The optimal primitive action sequence (None if unsolvable) and search statistics."""

    actions: tuple[int, ...] | None
    expanded: int
    configs: int

    @property
    def solved(self) -> bool:
        return self.actions is not None


def _path(parent: dict[int, tuple[int, int]], key: int) -> tuple[int, ...]:
    acts = []
    while True:
        p = parent.get(key)
        if p is None:
            break
        key, a = p
        acts.append(a)
    return tuple(reversed(acts))


def astar(world: World, cap: int = STEP_CAP) -> SearchResult:
    """Minimum number of primitive actions ending with the target picked up, alive (A*)."""
    sp = _Space(world, heuristic=True)
    c0 = sp.intern(world.objects, world.carrying)
    S = sp.S
    start = c0 * S + world.agent * 4 + world.agent_dir
    h0 = sp.hs[c0][world.agent * 4 + world.agent_dir]  # type: ignore[index]
    if h0 >= INF:
        return SearchResult(None, 0, 1)
    gbest = {start: 0}
    parent: dict[int, tuple[int, int]] = {}
    heap = [(h0, 0, 0, start)]
    counter = 0
    expanded = 0
    closed = set()
    goal_g = INF
    while heap:
        _f, ng, _, key = heapq.heappop(heap)
        if key == GOAL:
            return SearchResult(_path(parent, GOAL), expanded, len(sp.cfgs))
        if key in closed:
            continue
        closed.add(key)
        expanded += 1
        g = -ng
        if g >= cap:
            continue
        cfg, rem = divmod(key, S)
        pos, d = rem >> 2, rem & 3
        g1 = g + 1
        for a, p2, d2, c2 in sp.successors(pos, d, cfg):
            if c2 == GOAL:
                if g1 < goal_g:
                    goal_g = g1
                    parent[GOAL] = (key, a)
                    counter += 1
                    heapq.heappush(heap, (g1, -g1, counter, GOAL))
                continue
            k2 = c2 * S + p2 * 4 + d2
            if k2 in closed:
                continue
            old = gbest.get(k2)
            if old is not None and old <= g1:
                continue
            h = sp.hs[c2][p2 * 4 + d2]  # type: ignore[index]
            if h >= INF:
                continue
            gbest[k2] = g1
            parent[k2] = (key, a)
            counter += 1
            heapq.heappush(heap, (g1 + h, -g1, counter, k2))
    return SearchResult(None, expanded, len(sp.cfgs))


def bfs(world: World, cap: int = STEP_CAP, max_states: int = 2_000_000) -> SearchResult:
    """Exhaustive breadth-first search over the primitive state space (reference for tests)."""
    sp = _Space(world, heuristic=False)
    c0 = sp.intern(world.objects, world.carrying)
    S = sp.S
    start = c0 * S + world.agent * 4 + world.agent_dir
    parent: dict[int, tuple[int, int]] = {}
    seen = {start}
    q = deque([(start, 0)])
    while q:
        key, g = q.popleft()
        if g >= cap:
            continue
        cfg, rem = divmod(key, S)
        for a, p2, d2, c2 in sp.successors(rem >> 2, rem & 3, cfg):
            if c2 == GOAL:
                parent[GOAL] = (key, a)
                return SearchResult(_path(parent, GOAL), len(seen), len(sp.cfgs))
            k2 = c2 * S + p2 * 4 + d2
            if k2 not in seen:
                seen.add(k2)
                parent[k2] = (key, a)
                q.append((k2, g + 1))
        if len(seen) > max_states:
            raise RuntimeError(f"exhaustive search exceeded {max_states} states")
    return SearchResult(None, len(seen), len(sp.cfgs))
