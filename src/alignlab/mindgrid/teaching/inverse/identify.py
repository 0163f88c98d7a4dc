"""Which single edits a human's plan can reveal — an analysis of the inverse problem, not a teacher.

Build a world pair with one edit (θ* = θ^H + e) and ask which one-step explanations of θ* are
consistent with π0 = π_opt(θ^H): θ* itself (nothing changed) and every world from which one edit of
any kind produces θ* (:func:`~alignlab.mindgrid.undo.undo`, given the true agent cell and tools,
which the teacher never has). The plan *distinguishes* e when θ^H is the only consistent one; then
the inverse teacher's most probable hypothesis should be exactly e (the tests check it). When θ*
itself is consistent, π0 is optimal in the real world too — the edit does not matter to the plan,
and nothing needs saying.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignlab.mindgrid.edits import EDIT_NAMES, Edit, apply_edit, candidates
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.planner import astar
from alignlab.mindgrid.plans import Plan, optimal_plan
from alignlab.mindgrid.teaching.inverse.evidence import Evidence, replay
from alignlab.mindgrid.undo import UndoHints, undo
from alignlab.mindgrid.world import World
from alignlab.runtime import rng

LAVA_KINDS = ("make_lava_safe", "add_fireproof_shoes")


@dataclass(frozen=True)
class SingleEdit:
    """One single-edit case: θ^H, e, θ*, π0 and the one-step explanations consistent with π0
    (None = θ* itself, i.e. nothing changed)."""

    imagined: World
    edit: Edit
    real: World
    plan: Plan
    consistent: tuple[Edit | None, ...]

    @property
    def distinguished(self) -> bool:
        return self.consistent == (self.edit,)

    @property
    def irrelevant(self) -> bool:
        """π0 is optimal in θ* as well: the edit does not change what the human should do."""
        return None in self.consistent


def single_edit(kind: str, seed: int, split: str = "test") -> SingleEdit | None:
    """A base world (treasure_island for the lava edits, else alternating layouts by seed) with
    one random edit of ``kind``; None if the kind does not apply to it."""
    layout = "treasure_island" if kind in LAVA_KINDS else ("room_door_key", "treasure_island")[seed % 2]
    base = generate(layout, seed, split=split)
    cands = candidates(base, kind)
    if not cands:
        return None
    e = cands[int(rng(seed).integers(len(cands)))]
    real = apply_edit(base, e)
    plan = optimal_plan(base)
    return SingleEdit(base, e, real, plan, explanations(real, plan, base))


def explanations(real: World, plan: Plan, truth: World) -> tuple[Edit | None, ...]:
    """The one-step explanations of ``real`` in which ``plan`` is optimal (hints from ``truth``)."""
    hints = UndoHints(agent_origins=(truth.agent,),
                      tools=tuple((i, o) for i, o in truth.placed() if o.kind in ("key", "hammer", "box")))
    ev = Evidence.of(plan)
    out: list[Edit | None] = []
    for w, e in [(real, None), *((p, e) for k in EDIT_NAMES for p, e in undo(real, k, hints))]:
        if replay(w, ev).ok:
            res = astar(w)
            if res.actions is not None and len(res.actions) == len(plan.actions) and e not in out:
                out.append(e)
    return tuple(out)


__all__ = ["SingleEdit", "explanations", "single_edit"]
