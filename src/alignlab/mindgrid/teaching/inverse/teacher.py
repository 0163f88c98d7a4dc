"""The inverse-planning teacher (``--teacher inverse``): infer the human's world from its plan, then say
what minimises the expected gap.

It gets the same :class:`~alignlab.mindgrid.teaching.teacher.TeacherView` as the LLM teacher — the
real world θ* (which holds the goal, the target colour) and the human's plan π0 as skills and
primitive actions — never the imagined world, the edits or the gold sentences. Steps: (1) if π0 is
already optimal in θ*, say nothing; (2) the posterior over θ^H (:mod:`.posterior`); (3) the
sentences that minimise the expected gap under it (:mod:`.choice`), in the benchmark's templates
(:meth:`~alignlab.mindgrid.edits.Edit.sentence`, which the simulated human parses back exactly),
one per line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from alignlab.mindgrid.edits import EDIT_NAMES, Edit
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.plans import Plan, optimal_plan
from alignlab.mindgrid.teaching.inverse.choice import CHOICES, Choice, choose, plan_gaps
from alignlab.mindgrid.teaching.inverse.evidence import Evidence, Frame, tool_hints
from alignlab.mindgrid.teaching.inverse.posterior import Budget, Posterior, posterior
from alignlab.mindgrid.teaching.inverse.prior import Prior
from alignlab.mindgrid.teaching.teacher import Answer, TeacherView
from alignlab.mindgrid.undo import UndoHints, undo
from alignlab.mindgrid.world import FLOOR, World


@dataclass(frozen=True)
class InverseTeacher:
    """Bayesian inverse planning. Options: ``max_sentences`` (None = no limit); ``choice``:
    ``expected`` (simulate the human, minimise the expected gap), ``greedy`` or ``map``
    (ablations, :mod:`.choice`); ``likelihood`` False = ignore the plan and say every plausible
    difference (ablation); ``rationality`` β of a Boltzmann-rational human (None = exactly
    optimal, the benchmark's human); ``search_nodes`` / ``search_plans``: the search budget per
    instance (undo steps, exact plans); ``human_edits``: h of the prior (edits from a generated
    world to the human's)."""

    name: ClassVar[str] = "inverse"
    max_sentences: int | None = None
    choice: str = "expected"
    likelihood: bool = True
    rationality: float | None = None
    search_nodes: int = 4000
    search_plans: int = 150
    human_edits: int = 2

    def __post_init__(self) -> None:
        if self.choice not in CHOICES:
            raise MindgridError(f"--choice must be one of {', '.join(CHOICES)}, got {self.choice!r}")
        if self.max_sentences is not None and self.max_sentences < 0:
            raise MindgridError(f"--max-sentences must be at least 0, got {self.max_sentences}")
        if self.rationality is not None and not self.rationality > 0:
            raise MindgridError(f"--rationality must be positive, got {self.rationality}")
        if self.search_nodes < 1 or self.search_plans < 1:
            raise MindgridError("--search-nodes and --search-plans must be at least 1")
        if not 0 <= self.human_edits <= 4:
            raise MindgridError(f"--human-edits must be 0..4, got {self.human_edits}")

    def config(self) -> dict[str, Any]:
        return {"teacher": self.name, "max_sentences": self.max_sentences, "choice": self.choice,
                "likelihood": self.likelihood, "rationality": self.rationality,
                "search_nodes": self.search_nodes, "search_plans": self.search_plans,
                "human_edits": self.human_edits}

    @property
    def budget(self) -> Budget:
        return Budget(nodes=self.search_nodes, plans=self.search_plans)

    @property
    def prior(self) -> Prior:
        return Prior(h=self.human_edits)

    def teach(self, view: TeacherView) -> Answer:
        text, _edits, info = self.answer(view.real, view.plan_human, on_death=view.on_death)
        return Answer(text, info=info)

    def answer(self, real: World, plan: Plan, *, on_death: str = "stop"
               ) -> tuple[str, tuple[Edit, ...], dict[str, Any]]:
        """(answer text, its edits, diagnostics) from θ* and π0 alone; gaps are scored as the
        benchmark scores them, with ``on_death`` for the open-loop replay."""
        r_star = optimal_plan(real).reward
        gap0 = plan_gaps(real, plan, r_star, on_death)
        if all(g <= 0 for g in gap0.values()):
            return "", (), {"reason": "plan already optimal", "gap_plan": gap0}
        if not self.likelihood:
            edits = plausible_differences(real)[:self.max_sentences]
            return _text(edits), edits, {"reason": "every plausible difference", "gap_plan": gap0}
        beta = math.inf if self.rationality is None else self.rationality
        post = posterior(real, Evidence.of(plan), prior=self.prior, budget=self.budget, beta=beta)
        ch = choose(post, real, plan, max_sentences=self.max_sentences, rule=self.choice,
                    on_death=on_death)
        return _text(ch.edits), ch.edits, _info(post, ch, gap0)


def _text(edits: tuple[Edit, ...]) -> str:
    return "\n".join(e.sentence() for e in edits)


def _info(post: Posterior, ch: Choice, gap0: dict[str, int]) -> dict[str, Any]:
    return {
        "reason": "expected gap" if ch.expected_gap is not None else "posterior",
        "gap_plan": gap0,
        "hypotheses": len(post.hypotheses), "candidates": post.candidates, "nodes": post.nodes,
        "plans": post.plans, "complete": post.complete, "fallback": post.fallback or None,
        "frames": [{"flipped": f.flipped, "origin": f.origin} for f in post.frames],
        "top": [{"p": round(h.prob, 6), "edits": [e.to_json() for e in h.edits]}
                for h in post.hypotheses[:3]],
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


__all__ = ["InverseTeacher", "plausible_differences"]
