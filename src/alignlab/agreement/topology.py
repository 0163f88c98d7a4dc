"""Communication graphs and the speaking schedule (Lemma 1).

Strong connectivity, min-diameter spanning trees at agent 0, and the schedule: one cycle of edges
(speaker → receiver), the outward BFS arborescence from agent 0 (shortest paths, hence minimum
depth) in order of increasing depth, then the inward BFS arborescence (shortest paths *to* agent 0)
in order of decreasing depth. The tail of an edge speaks. With ``broadcast`` delivery the cycle is
the sequence of tails, each heard by everyone; an explicit ``order`` overrides the topology.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from alignlab.agreement.errors import AgreementError

TOPOLOGIES = ("complete", "ring", "line", "star")
#: ``broadcast``: every message reaches every agent; ``tree``: one edge, one receiver (App. B).
DELIVERIES = ("broadcast", "tree")


def edges_of(topology: str | Sequence[Sequence[int]], N: int) -> list[tuple[int, int]]:
    """Directed edges (0-based) of a named topology or an explicit edge list."""
    if isinstance(topology, str):
        if topology == "complete":
            return [(i, k) for i in range(N) for k in range(N) if i != k]
        if topology == "ring":
            return [(i, (i + 1) % N) for i in range(N)]
        if topology == "line":
            return [(i, i + 1) for i in range(N - 1)] + [(i + 1, i) for i in range(N - 1)]
        if topology == "star":
            return [(0, i) for i in range(1, N)] + [(i, 0) for i in range(1, N)]
        raise AgreementError(f"unknown topology {topology!r} (allowed: {', '.join(TOPOLOGIES)} or an edge list)")
    out = []
    for e in topology:
        if len(e) != 2 or not all(isinstance(x, int) and 0 <= x < N for x in e) or e[0] == e[1]:
            shown = [x + 1 if isinstance(x, int) else x for x in e]
            raise AgreementError(f"topology edge {shown!r} must be two different agents among 1..{N}")
        out.append((int(e[0]), int(e[1])))
    return out


def _bfs(adj: dict[int, list[int]], root: int, N: int) -> dict[int, tuple[int, int]]:
    """parent and depth of every node reachable from root."""
    seen = {root: (-1, 0)}
    q = deque([root])
    while q:
        u = q.popleft()
        for v in adj.get(u, []):
            if v not in seen:
                seen[v] = (u, seen[u][1] + 1)
                q.append(v)
    return seen


def check_strongly_connected(edges: Sequence[tuple[int, int]], N: int) -> None:
    """Raise naming an unreachable (from, to) pair (1-based agents) if not strongly connected."""
    fwd: dict[int, list[int]] = {}
    bwd: dict[int, list[int]] = {}
    for u, v in edges:
        fwd.setdefault(u, []).append(v)
        bwd.setdefault(v, []).append(u)
    out = _bfs(fwd, 0, N)
    for v in range(N):
        if v not in out:
            raise AgreementError(f"topology is not strongly connected: agent {v + 1} is unreachable from agent 1")
    inn = _bfs(bwd, 0, N)
    for v in range(N):
        if v not in inn:
            raise AgreementError(f"topology is not strongly connected: agent 1 is unreachable from agent {v + 1}")


def spanning_schedule(edges: Sequence[tuple[int, int]], N: int) -> list[tuple[int, int]]:
    """One cycle of (speaker, receiver): outward tree by depth, then inward tree leaves-first."""
    check_strongly_connected(edges, N)
    fwd: dict[int, list[int]] = {}
    bwd: dict[int, list[int]] = {}
    for u, v in sorted(set(edges)):
        fwd.setdefault(u, []).append(v)
        bwd.setdefault(v, []).append(u)
    out = _bfs(fwd, 0, N)
    inn = _bfs(bwd, 0, N)
    outward = sorted(((p, v) for v, (p, d) in out.items() if p >= 0), key=lambda e: (out[e[1]][1], e))
    inward = sorted(((v, p) for v, (p, d) in inn.items() if p >= 0), key=lambda e: (-inn[e[0]][1], e))
    return outward + inward


def tree_depths(edges: Sequence[tuple[int, int]], N: int) -> tuple[int, int]:
    """Depths (diameters from the root) of the outward and inward BFS trees."""
    fwd: dict[int, list[int]] = {}
    bwd: dict[int, list[int]] = {}
    for u, v in edges:
        fwd.setdefault(u, []).append(v)
        bwd.setdefault(v, []).append(u)
    return (max(d for _, d in _bfs(fwd, 0, N).values()), max(d for _, d in _bfs(bwd, 0, N).values()))


def schedule(delivery: str, topology: str | Sequence[Sequence[int]], order: Sequence | None,
             N: int) -> list[tuple[int, tuple[int, ...]]]:
    """The speaking cycle as (speaker, receivers), 0-based, from ``order`` or the topology's trees."""
    everyone = tuple(range(N))
    if order is not None:
        if delivery == "broadcast":
            out = []
            for s in order:
                if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s < N:
                    shown = s + 1 if isinstance(s, int) and not isinstance(s, bool) else s
                    raise AgreementError(f"order: speaker {shown!r} is not an agent (1..{N})")
                out.append((s, tuple(r for r in everyone if r != s)))
            return out
        pairs = []
        for e in order:
            if (not isinstance(e, (list, tuple)) or len(e) != 2
                    or not all(isinstance(x, int) and 0 <= x < N for x in e) or e[0] == e[1]):
                shown = [x + 1 if isinstance(x, int) else x for x in e] if isinstance(e, (list, tuple)) else e
                raise AgreementError(f"order: {shown!r} must be a [speaker, receiver] pair of agents 1..{N} "
                                     "for tree delivery")
            pairs.append((e[0], (e[1],)))
        check_strongly_connected([(s, r[0]) for s, r in pairs], N)
        return pairs
    sched = spanning_schedule(edges_of(topology, N), N)
    if delivery == "tree":
        return [(s, (r,)) for s, r in sched]
    speakers: list[int] = []
    for s, _ in sched:
        if not speakers or speakers[-1] != s:
            speakers.append(s)
    return [(s, tuple(r for r in everyone if r != s)) for s in speakers]


def schedule_for(settings, N: int) -> list[tuple[int, tuple[int, ...]]]:
    """:func:`schedule` from a run's settings (anything with ``delivery``, ``topology``, ``order``)."""
    return schedule(settings.delivery, settings.topology, settings.order, N)
