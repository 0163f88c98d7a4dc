"""Choosing what to say: the set of edit sentences that minimises the expected gap under the posterior.

For a message M (edits, said in order) and a hypothesis θ^H, the simulated human of the benchmark
applies each sentence it can to θ^H (one that does not apply is skipped), replans
π1 = π_opt(θ^H + M) — or keeps π0 when nothing applied — and executes π1 in the real world θ*;
Gap = R(π*; θ*) − R(π1; θ*) (the paper's eq. 7). The teacher minimises

    J(M) = Σ_h P(h | π0, θ*) · ½ (Gap_skills(M; h) + Gap_actions(M; h))

over messages of at most ``max_sentences`` sentences: the full difference sets of the most
probable hypotheses are scored, then improved by removing and adding single sentences while J
falls (fewer sentences win ties). J(∅) needs no hypothesis: it is π0's own gap.

Two simpler rules are kept for the ablation: ``map`` says the most probable hypothesis's
differences, ``greedy`` says, one by one, every sentence that is more likely true than not
(posterior marginal ≥ ½), most probable first — neither simulates the human.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from alignlab.mindgrid.edits import Edit, apply_edit
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.plans import EXEC_MODES, Plan, execute, optimal_plan
from alignlab.mindgrid.teaching.inverse.posterior import Hypothesis, Posterior
from alignlab.mindgrid.world import World

CHOICES = ("expected", "greedy", "map")
#: Edits whose sentence is relative to the human's world (flip it again, cycle the door once more):
#: said wrongly they change it for the worse. Every other sentence states a fact of the real world.
RELATIVE = frozenset({"flip_vertical", "toggle_opening"})


def plan_gaps(real: World, plan: Plan, r_star: int, on_death: str) -> dict[str, int]:
    """R(π*; θ*) − R(π; θ*) per execution mode, scored as the benchmark scores π in θ*."""
    return {m: r_star - execute(real, plan, m, on_death=on_death).reward for m in EXEC_MODES}


@dataclass(frozen=True)
class Choice:
    """The chosen sentences (as edits, in order), their expected gap per execution mode under the
    posterior (None when not simulated) and how many messages were scored."""

    edits: tuple[Edit, ...]
    expected_gap: dict[str, float] | None
    scored: int


class Simulator:
    """The benchmark's simulated human on every hypothesis, with plans cached per world."""

    def __init__(self, real: World, plan0: Plan, hyps: tuple[Hypothesis, ...], on_death: str) -> None:
        self.real = real
        self.on_death = on_death
        self.hyps = hyps
        self.r_star = optimal_plan(real).reward
        self.gap0 = self._gaps(plan0)
        self.plans: dict[World, dict[str, int]] = {}
        self.applied: dict[tuple[World, Edit], World | None] = {}
        self.scored = 0

    def _gaps(self, plan: Plan) -> dict[str, int]:
        return plan_gaps(self.real, plan, self.r_star, self.on_death)

    def understood(self, theta: World, msg: tuple[Edit, ...]) -> World:
        """θ^H after the human applied every sentence of ``msg`` it could, in order."""
        w = theta
        for e in msg:
            k = (w, e)
            if k not in self.applied:
                try:
                    self.applied[k] = apply_edit(w, e)
                except EditError:
                    self.applied[k] = None
            w2 = self.applied[k]
            if w2 is not None:
                w = w2
        return w

    def gaps(self, theta: World, msg: tuple[Edit, ...]) -> dict[str, int]:
        w = self.understood(theta, msg)
        if w == theta:
            return self.gap0
        if w not in self.plans:
            self.plans[w] = self._gaps(optimal_plan(w))
        return self.plans[w]

    def expected(self, msg: tuple[Edit, ...]) -> dict[str, float]:
        """Expected gap per execution mode under the (renormalised) hypotheses."""
        self.scored += 1
        if not msg:
            return {m: float(v) for m, v in self.gap0.items()}
        out = dict.fromkeys(EXEC_MODES, 0.0)
        for h in self.hyps:
            g = self.gaps(h.world, msg)
            for m in EXEC_MODES:
                out[m] += h.prob * g[m]
        return out


def _objective(g: dict[str, float], n: int) -> tuple[float, int]:
    return (round(sum(g.values()) / len(g), 9), n)


def pool_order(post: Posterior) -> list[Edit]:
    """Every sentence any hypothesis would say, in one order consistent with the most probable
    hypotheses' own orders (the flip first: later coordinates are real-world ones)."""
    order: list[Edit] = []
    for h in post.hypotheses:
        prev = -1
        for e in h.edits:
            if e in order:
                prev = order.index(e)
            else:
                order.insert(prev + 1, e)
                prev += 1
    flips = [e for e in order if e.name == "flip_vertical"]
    return flips + [e for e in order if e.name != "flip_vertical"]


def choose(post: Posterior, real: World, plan0: Plan, *, max_sentences: int | None = None,
           rule: str = "expected", top: int = 24, max_scored: int = 80, on_death: str) -> Choice:
    """The message to say (see the module docstring); ``top`` hypotheses enter the expectation;
    gaps are scored with the benchmark's ``on_death`` replay rule."""
    hyps = _top(post, top)
    order = pool_order(post)
    budget = len(order) if max_sentences is None else max_sentences
    if rule == "map":
        best = hyps[0].edits if hyps else ()
        ranked = sorted(best, key=lambda e: -post.marginal(e))[:budget]
        return Choice(tuple(e for e in order if e in ranked), None, 0)
    if rule == "greedy":
        ranked = sorted((e for e in order if post.marginal(e) >= 0.5), key=lambda e: -post.marginal(e))
        keep = ranked[:budget]
        return Choice(tuple(e for e in order if e in keep), None, 0)
    sim = Simulator(real, plan0, hyps, on_death)
    if not hyps:  # nothing explains π0: say nothing rather than guess
        return Choice((), sim.expected(()), 1)

    def key(msg: tuple[Edit, ...]) -> tuple[float, int]:
        if msg not in scores:
            scores[msg] = sim.expected(msg)
        return _objective(scores[msg], len(msg))

    def ordered(s: set[Edit] | list[Edit]) -> tuple[Edit, ...]:
        return tuple(e for e in order if e in s)

    scores: dict[tuple[Edit, ...], dict[str, float]] = {}
    # the full difference sets of the likeliest hypotheses, and the "safe union": every sentence
    # any hypothesis would say whose falsehood leaves the human's world alone (it restates the
    # real world, so it does not apply where it is not news), plus the relative ones — the flip
    # and toggles — only when more likely than not
    safe = {e for e in order if e.name not in RELATIVE or post.marginal(e) > 0.5}
    cands = [(), *(ordered(h.edits) for h in hyps[:8]), ordered(safe)]
    best = min(cands, key=lambda m: key(_clip(m, budget, key, ordered)))
    best = _clip(best, budget, key, ordered)
    # local search: drop, add or swap one sentence while J falls (ties: fewer sentences)
    improved = True
    while improved and sim.scored < max_scored:
        improved = False
        moves = [ordered(set(best) - {e}) for e in best]
        rest = [e for e in order if e not in best]
        if len(best) < budget:
            moves += [ordered(set(best) | {e}) for e in rest]
        else:
            moves += [ordered((set(best) - {e}) | {f}) for e in best for f in rest]
        for m in moves:
            if sim.scored >= max_scored:
                break
            if key(m) < key(best):
                best, improved = m, True
    return Choice(best, scores.get(best) or sim.expected(best), sim.scored)


def _clip(msg: tuple[Edit, ...], budget: int, key, ordered) -> tuple[Edit, ...]:
    """Drop the sentences whose loss costs least until ``msg`` fits the sentence budget."""
    while len(msg) > budget:
        msg = min((ordered(set(msg) - {e}) for e in msg), key=key)
    return msg


def _top(post: Posterior, top: int) -> tuple[Hypothesis, ...]:
    hyps = [h for h in post.hypotheses[:top] if h.prob > 0]
    z = sum(h.prob for h in hyps)
    return tuple(replace(h, prob=h.prob / z) for h in hyps) if z > 0 else ()
