"""A world pair: the human's imagined world and the real world = imagined + edits."""

from __future__ import annotations

from dataclasses import dataclass

from alignlab.mindgrid.edits import Edit, apply_edit, parse_edit_names, sample
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.plans import Plan, optimal_plan
from alignlab.mindgrid.render import Panel, draw_panels
from alignlab.mindgrid.world import World
from alignlab.runtime import derive_seed, rng


@dataclass(frozen=True)
class WorldPair:
    """Imagined world, real world, the edits between them (in order) and both optimal plans."""

    imagined: World
    real: World
    edits: tuple[Edit, ...]
    plan_imagined: Plan
    plan_real: Plan

    def sentences(self) -> list[str]:
        return [e.sentence() for e in self.edits]


def make_pair(layout: str, seed: int, edits: str | list[str] | tuple = (), *, split: str = "train",
              base: World | None = None) -> WorldPair:
    """Generate the imagined world from (layout, seed) — or take ``base`` (e.g. a hand-written
    world) — and apply ``edits`` (names → random mode seeded from ``seed``; :class:`Edit` objects →
    argument mode) to get the real world."""
    base = generate(layout, seed, split=split) if base is None else base
    items = parse_edit_names(edits) if isinstance(edits, str) else list(edits)
    g = rng(derive_seed(seed, "edits"))
    w = base
    done = []
    for e in items:
        ed = sample(w, parse_edit_names(e)[0], g) if isinstance(e, str) else e
        w = apply_edit(w, ed)
        done.append(ed)
    return WorldPair(base, w, tuple(done), optimal_plan(base), optimal_plan(w))


def reward_text(plan: Plan) -> str:
    return f"{plan.reward} ({len(plan.actions)} actions)" if plan.solvable else "unsolvable"


def draw_pair(pair: WorldPair, path: str) -> str:
    """Imagined (with the human's optimal plan) beside real (with the real optimal plan); a pair
    without edits is one panel, the world with its optimal plan."""
    pi0, pstar = pair.plan_imagined, pair.plan_real
    if not pair.edits:
        return str(draw_panels([Panel(pair.real, f"optimal plan reward {reward_text(pstar)}",
                                      pstar.actions)], path))
    return str(draw_panels([
        Panel(pair.imagined, f"imagined — π0 reward {reward_text(pi0)}", pi0.actions),
        Panel(pair.real, f"real — π* reward {reward_text(pstar)}", pstar.actions)], path))
