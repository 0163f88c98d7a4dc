"""The posterior over the human's world: P(θ^H | π0, θ*) ∝ P(θ^H, E) · P(π0 | θ^H).

Hypotheses are the worlds from which a sequence E of edits of distinct kinds produces the real
world θ*; they are enumerated backwards from θ* by undoing one edit at a time
(:mod:`alignlab.mindgrid.undo`), breadth first (fewest differences first), once per frame of the
plan (as is / flipped, :func:`~alignlab.mindgrid.teaching.inverse.evidence.frames`). Cheap necessary
conditions prune first: π0's actions must replay in θ^H without a wasted action and end picking up
the target, and the objects its skills name must be there; a failure no further undo can repair
(walking into a wall or hot lava …) cuts the whole branch. Survivors are scored by the prior
(:mod:`.prior`) and the likelihood — π0 must be optimal in θ^H, checked with the exact planner,
or, with a finite rationality β, P(π0 | θ^H) ∝ exp(−β · (|π0| − |π*(θ^H)|)) (Boltzmann in the
plan's regret; β = ∞ is exact optimality, the benchmark's human).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from alignlab.mindgrid.edits import EDIT_NAMES, Edit
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.planner import astar
from alignlab.mindgrid.teaching.inverse.evidence import (
    Evidence,
    Frame,
    flipped,
    frames,
    human_target_color,
    missing_tools,
    replay,
    spread_cells,
    tool_hints,
)
from alignlab.mindgrid.teaching.inverse.prior import (
    UNDO_ONLY,
    Prior,
    log_prior,
    n_choices,
    required_kinds,
)
from alignlab.mindgrid.undo import UndoHints, effect, undo
from alignlab.mindgrid.world import WALL, World


@dataclass(frozen=True)
class Hypothesis:
    """A candidate human world θ^H, the edits E (in order, θ^H + E = θ*), its log prior, the
    plan's regret in it (|π0| − optimum; None = not planned) and its posterior probability."""

    world: World
    edits: tuple[Edit, ...]
    log_prior: float
    regret: int | None = None
    prob: float = 0.0


@dataclass(frozen=True)
class Budget:
    """Search budget per instance: hypotheses visited (undo steps) and exact plans computed.
    ``tolerance``: stop planning once the unplanned hypotheses' prior mass is below this share of
    the posterior mass found. ``tool_cells``: representative cells tried for a removed tool the
    plan never touches."""

    nodes: int = 4000
    plans: int = 150
    tolerance: float = 1e-3
    tool_cells: int = 3


#: Representative cells when the first search found no exact explanation (all candidate cells).
WIDE = 121


@dataclass(frozen=True)
class Posterior:
    """Hypotheses with positive posterior, most probable first, and how the search went."""

    hypotheses: tuple[Hypothesis, ...]
    nodes: int = 0
    plans: int = 0
    candidates: int = 0
    complete: bool = True
    fallback: str = ""
    frames: tuple[Frame, ...] = field(default=())

    def marginal(self, e: Edit) -> float:
        """Posterior probability that edit ``e`` is one of the differences."""
        return sum(h.prob for h in self.hypotheses if e in h.edits)


def layout_of(w: World) -> str:
    if w.layout in ("room_door_key", "treasure_island"):
        return w.layout
    return "room_door_key" if w.divider_kind() == WALL else "treasure_island"


#: The order in which kinds are undone (a set of differences is undone once, in this order, not
#: in every order). Kinds with the same rank depend on each other's order and are undone in any
#: order among themselves: a ball blocking an opening, a boxed target and the target's colour
#: (the colour swap recolours balls, boxed or not, but not their boxes); a boxed tool and a
#: removed one (the same tool may be boxed, then removed). Blockers go before the openings they
#: block, toggles before the doors they toggle, the agent first.
UNDO_ORDER = {
    "flip_vertical": -1,
    "put_agent_inside_section": 0,
    "block_opening": 1, "hide_target_in_box": 1, "change_target_color": 1,
    "add_fireproof_shoes": 2,
    "toggle_opening": 3,
    "remove_tool": 4, "hide_tool_in_box": 4,
    "add_opening": 5,
    "add_passage": 6,
    "make_lava_safe": 7,
}
#: Artifacts of θ^H that only undoing their own kind removes: passed in the order, they stay.
STUCK = UNDO_ONLY | {"add_opening"}


@dataclass
class _Stats:
    nodes: int = 0
    limit: int = 0
    complete: bool = True


def _candidates(real: World, ev: Evidence, frame: Frame, prior: Prior, budget: Budget,
                stats: _Stats, use_plan: bool) -> list[Hypothesis]:
    """Breadth-first undo search in one frame; returns the hypotheses the replay accepts."""
    layout = layout_of(real)
    k_max = prior.k_max.get(layout, max(prior.k_max.values()))
    need_agent = frame.origin is not None and frame.origin != real.agent
    origins: tuple[int, ...] = (frame.origin,) if need_agent else ()
    if frame.origin is None and real.inside(real.agent):  # no plan: where the agent stood is open
        origins = tuple(spread_cells(real, budget.tool_cells))
    th = tool_hints(real, ev, frame, representatives=budget.tool_cells)
    # an untouched missing tool is searched at its first representative cell; the others are
    # variants of each accepted hypothesis (below)
    hints = UndoHints(agent_origins=origins,
                      tools=th.observed + tuple((cells[0], t) for t, cells in th.unobserved))
    moves = {(cells[0], t): cells for t, cells in th.unobserved}
    color = human_target_color(real, ev, frame) if use_plan else None
    skip = {"flip_vertical"}
    if not origins:
        skip.add("put_agent_inside_section")
    if color is not None and color == real.target_color:
        skip.add("change_target_color")
    # the human's target colour, when π0 names it, fixes the colour undo too
    keep = (lambda prev: prev.target_color == color) if color is not None else (lambda prev: True)
    extra = frozenset({"flip_vertical"}) if frame.flipped else frozenset()
    ev_f = ev.mirrored(real.size) if frame.flipped else ev
    out: list[Hypothesis] = []
    frontier: list[tuple[World, frozenset[str], tuple[Edit, ...], float, int]] = [
        (real, frozenset(), (), 1.0, -1)]
    seen = {(real, frozenset())}
    for depth in range(k_max + 1 - len(extra)):
        nxt = []
        for w, kinds, undone, choices, last in frontier:
            stuck = [k for k in required_kinds(w) & STUCK if k in kinds or UNDO_ORDER[k] < last]
            expand = len(stuck) <= prior.h and not (set(stuck) & kinds)
            placed = not need_agent or "put_agent_inside_section" in kinds
            ok = expand and placed and (color is None or w.target_color == color)
            if use_plan and ev.solvable and placed and expand:
                rep = replay(w, ev_f)  # π0 in flip(w) ≡ the mirrored π0 in w
                expand = rep.repairable(kinds)
                ok = ok and rep.ok
            if ok:
                edits = (Edit("flip_vertical"),) * frame.flipped + tuple(reversed(undone))
                for wv, share in _tool_variants(w, undone, moves, ev_f, real, edits, frame.flipped):
                    theta = flipped(wv) if frame.flipped else wv
                    lp = log_prior(prior, layout, theta, kinds | extra, choices * share)
                    if lp is not None:
                        out.append(Hypothesis(theta, edits, lp))
            if not expand or depth == k_max - len(extra):
                continue
            for name in EDIT_NAMES:  # an edit without a rank here is never hypothesised
                if name in kinds or name in skip or UNDO_ORDER.get(name, -2) < last:
                    continue
                if stats.nodes >= stats.limit:
                    stats.complete = False
                    break
                for prev, e in undo(w, name, hints):
                    stats.nodes += 1
                    if name == "change_target_color" and not keep(prev):
                        continue
                    key = (prev, kinds | {name})
                    if key in seen:
                        continue
                    seen.add(key)
                    share = len(origins) if name == "put_agent_inside_section" else 1
                    nxt.append((prev, kinds | {name}, (*undone, e),
                                choices * n_choices(prev, e) * share, UNDO_ORDER[name]))
        frontier = nxt
        if not frontier:
            break
    return out


def _tool_variants(w: World, undone: tuple[Edit, ...], moves: dict, ev: Evidence, real: World,
                   edits: tuple[Edit, ...], flip: bool) -> list[tuple[World, int]]:
    """θ^H (in real coordinates) and its share of the prior: when the hypothesis restored an
    untouched tool at its first representative cell, one variant per representative cell."""
    for e in undone:
        if e.name != "remove_tool":
            continue
        spot = next(((c, t) for (c, t) in moves if w.objects[c] == t), None)
        if spot is None:
            break
        cells = moves[spot]
        out = []
        for c in cells:
            if c != spot[0] and (w.objects[c] is not None or c == w.agent):
                continue
            wv = w if c == spot[0] else w.with_objects({spot[0]: None, c: spot[1]})
            if c != spot[0] and not (replay(wv, ev).ok and _reproduces(wv, edits, real, flip)):
                continue
            out.append((wv, len(cells)))
        return out
    return [(w, 1)]


def _reproduces(w: World, edits: tuple[Edit, ...], real: World, flip: bool) -> bool:
    """Do the edits, applied to θ^H (flipped first in the flipped frame), give back θ*?"""
    x = flipped(w) if flip else w
    try:
        for e in edits:
            x = effect(x, e)
    except EditError:
        return False
    return x == real


def _dedupe(hyps: list[Hypothesis]) -> list[Hypothesis]:
    """One hypothesis per θ^H: prior masses add up, the most probable edit sequence is kept."""
    best: dict[World, Hypothesis] = {}
    mass: dict[World, float] = {}
    for h in hyps:
        mass[h.world] = mass.get(h.world, 0.0) + math.exp(h.log_prior)
        if h.world not in best or h.log_prior > best[h.world].log_prior:
            best[h.world] = h
    return [Hypothesis(w, h.edits, math.log(mass[w])) for w, h in best.items()]


def posterior(real: World, ev: Evidence, *, prior: Prior = Prior(), budget: Budget = Budget(),
              beta: float = math.inf, use_plan: bool = True) -> Posterior:
    """The posterior over θ^H given the real world and the human's plan (see the module doc)."""
    stats = _Stats()
    fr = tuple(frames(real, ev)) if use_plan else (Frame(False, None), Frame(True, None))
    cands: list[Hypothesis] = []
    for k, f in enumerate(fr):  # each frame gets its share of the node budget
        stats.limit = budget.nodes * (k + 1) // len(fr)
        cands.extend(_candidates(real, ev, f, prior, budget, stats, use_plan))
    cands = _dedupe(cands)
    cands.sort(key=lambda h: (-h.log_prior, len(h.edits), _key(h)))
    if not use_plan:
        return _normalise(cands, Posterior((), stats.nodes, 0, len(cands), stats.complete, "", fr),
                          beta=0.0)
    planned: list[Hypothesis] = []
    plans = 0
    mass_found = 0.0
    rest = sum(math.exp(h.log_prior) for h in cands)
    length = len(ev.actions)
    for h in cands:
        if plans >= budget.plans:
            stats.complete = False
            break
        if mass_found > 0 and rest < budget.tolerance * mass_found:
            break
        rest -= math.exp(h.log_prior)
        res = astar(h.world)
        plans += 1
        if ev.solvable:
            if res.actions is None:
                continue
            regret = length - len(res.actions)
        else:
            regret = 0 if res.actions is None else 1
        h = Hypothesis(h.world, h.edits, h.log_prior, regret)
        planned.append(h)
        mass_found += math.exp(h.log_prior - (0 if regret == 0 else (beta * regret if beta < math.inf
                                                                         else math.inf)))
    post = Posterior((), stats.nodes, plans, len(cands), stats.complete, "", fr)
    exact = [h for h in planned if h.regret == 0]
    if beta == math.inf and exact:
        return _normalise(exact, post, beta=math.inf)
    if budget.tool_cells < WIDE and missing_tools(real):
        # a removed tool may have lain where the plan says nothing directly — e.g. on the short
        # way the human did not take: try every cell it could have been on
        wide = posterior(real, ev, prior=prior, budget=replace(budget, tool_cells=WIDE), beta=beta)
        if not wide.fallback:
            return replace(wide, nodes=wide.nodes + post.nodes, plans=wide.plans + post.plans)
    if beta < math.inf and planned:
        return _normalise(planned, post, beta=beta)
    if planned:  # nobody plans exactly like the human: a boundedly rational human
        return _normalise(planned, replace(post, fallback="boltzmann"), beta=1.0)
    return _normalise(cands[:budget.plans], replace(post, fallback="prior"), beta=0.0)


def _key(h: Hypothesis) -> str:
    return "|".join(f"{e.name}{e.args}" for e in h.edits)


def _normalise(hyps: list[Hypothesis], post: Posterior, *, beta: float) -> Posterior:
    if not hyps:
        return post
    logs = [h.log_prior - (beta * h.regret if beta not in (0.0, math.inf) and h.regret else 0.0)
            for h in hyps]
    m = max(logs)
    ws = [math.exp(v - m) for v in logs]
    z = math.fsum(ws)
    out = [replace(h, prob=w / z) for h, w in zip(hyps, ws, strict=True)]
    out.sort(key=lambda h: (-h.prob, len(h.edits), _key(h)))
    return replace(post, hypotheses=tuple(out))


__all__ = ["Budget", "Hypothesis", "Posterior", "layout_of", "posterior"]
