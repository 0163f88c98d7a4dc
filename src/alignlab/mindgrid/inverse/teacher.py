"""The inverse-planning teacher: infer the human's world from its plan, then say what minimises the gap.

It sees exactly what an LLM teacher sees (:class:`TeacherView`: the real world θ* — which holds
the goal, the target colour — and the human's plan π0 as skills and primitive actions) and never
the imagined world, the edits or the gold sentences. Steps: (1) if π0 is already optimal in θ*,
say nothing; (2) the posterior over θ^H (:mod:`.posterior`); (3) the sentences that minimise the
expected gap under it (:mod:`.choice`), written with the benchmark's templates
(:meth:`~alignlab.mindgrid.edits.Edit.sentence`), one per line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from alignlab.mindgrid.edits import EDIT_NAMES, Edit
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.inverse.choice import CHOICES, Choice, choose
from alignlab.mindgrid.inverse.evidence import Evidence, tool_hints, Frame
from alignlab.mindgrid.inverse.posterior import Budget, Posterior, posterior
from alignlab.mindgrid.inverse.prior import Prior
from alignlab.mindgrid.plans import EXEC_MODES, Plan, execute, optimal_plan
from alignlab.mindgrid.undo import UndoHints, undo
from alignlab.mindgrid.world import FLOOR, World


@dataclass(frozen=True)
class TeacherView:
    """What a teacher may see of an instance: the real world (with the goal) and the human's plan.
    No imagined world, no edits, no gold sentences — by construction."""

    real: World
    plan: Plan


@dataclass(frozen=True)
class InverseOptions:
    """``max_sentences`` (None = no limit); ``choice``: expected (simulate the human, minimise the
    expected gap), greedy or map (ablations); ``likelihood`` False = ignore the plan and say every
    plausible difference (ablation); ``beta``: the human's rationality (∞ = exactly optimal);
    ``budget``: the search budget per instance; ``prior``: the benchmark's distribution."""

    max_sentences: int | None = None
    choice: str = "expected"
    likelihood: bool = True
    beta: float = math.inf
    budget: Budget = field(default_factory=Budget)
    prior: Prior = field(default_factory=Prior)
    top: int = 24

    def __post_init__(self) -> None:
        if self.choice not in CHOICES:
            raise MindgridError(f"unknown choice rule {self.choice!r}; allowed: {', '.join(CHOICES)}")
        if self.max_sentences is not None and self.max_sentences < 0:
            raise MindgridError(f"max_sentences must be at least 0, got {self.max_sentences}")
        if not self.beta > 0:
            raise MindgridError(f"the rationality beta must be positive, got {self.beta}")


@dataclass(frozen=True)
class InverseAnswer:
    """The answer text, its edits, and how it was found (deterministic diagnostics)."""

    text: str
    edits: tuple[Edit, ...]
    info: dict[str, Any]


def answer(view: TeacherView, options: InverseOptions = InverseOptions()) -> InverseAnswer:
    """The inverse-planning teacher's answer for one instance (see the module docstring)."""
    real, plan = view.real, view.plan
    r_star = optimal_plan(real).reward
    gap0 = {m: r_star - execute(real, plan, m).reward for m in EXEC_MODES}
    if all(g <= 0 for g in gap0.values()):
        return InverseAnswer("", (), {"reason": "plan already optimal", "gap_plan": gap0})
    if not options.likelihood:
        edits = plausible_differences(real)[:options.max_sentences]
        return InverseAnswer(_text(edits), edits, {"reason": "every plausible difference",
                                                   "gap_plan": gap0})
    post = posterior(real, Evidence.of(plan), prior=options.prior, budget=options.budget,
                     beta=options.beta)
    ch = choose(post, real, plan, max_sentences=options.max_sentences, rule=options.choice,
                top=options.top)
    return InverseAnswer(_text(ch.edits), ch.edits, _info(post, ch, gap0))


def _text(edits: tuple[Edit, ...] | list[Edit]) -> str:
    return "\n".join(e.sentence() for e in edits)


def _info(post: Posterior, ch: Choice, gap0: dict[str, int]) -> dict[str, Any]:
    top = post.hypotheses[:3]
    return {
        "reason": "expected gap" if ch.expected_gap is not None else "posterior",
        "gap_plan": gap0,
        "hypotheses": len(post.hypotheses), "candidates": post.candidates, "nodes": post.nodes,
        "plans": post.plans, "complete": post.complete, "fallback": post.fallback or None,
        "frames": [{"flipped": f.flipped, "origin": f.origin} for f in post.frames],
        "top": [{"p": round(h.prob, 6), "edits": [e.to_json() for e in h.edits]} for h in top],
        "expected_gap": None if ch.expected_gap is None
        else {m: round(v, 6) for m, v in ch.expected_gap.items()},
        "messages_scored": ch.scored,
    }


def plausible_differences(real: World) -> tuple[Edit, ...]:
    """Every edit that could have produced the real world (one step back), the flip first — what a
    teacher that ignores the plan would say (the likelihood-off ablation)."""
    n = real.size
    outside = [i for i in range(n * n) if real.terrain[i] == FLOOR and real.objects[i] is None
               and not real.inside(i) and i not in real.divider()]
    th = tool_hints(real, Evidence((), (), False), Frame(False, None), representatives=1)
    hints = UndoHints(agent_origins=tuple(outside[:1]),
                      tools=th.observed + tuple((c[0], t) for t, c in th.unobserved))
    out: list[Edit] = []
    for name in EDIT_NAMES:
        for _prev, e in undo(real, name, hints):
            if e not in out:
                out.append(e)
    return tuple(out)
