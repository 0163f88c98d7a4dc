"""The prior over hypotheses (θ^H, E): how the benchmark draws the human's world and the differences.

The benchmark (``eval-reference``, spec "Fidelity to the reference"): the human's world is a base
world plus h = 2 edits, the real world that plus k more, all of distinct kinds, drawn in order
among the applicable kinds; k is uniform over 0..k_max per layout. Reading the draw as a random
ordered set of kinds, a hypothesis that the real world differs from θ^H by the kinds K (|K| = k)
has prior

    P(K, H ⊇ R) = P(k) · 1 / C(N, k) · C(N − k − r, 2 − r) / C(N − k, 2)

where N is the layout's number of edit kinds, R (r = |R| ≤ h) the kinds θ^H itself needs on top
of a base world (a passage, cool lava, shoes, a boxed target or tool, a second opening, a ball on
an opening's access cell, the agent inside the section, a door without its key / no hammer, the
section on the west side — generated worlds have it on the east), and
H the human's h kinds. Arguments of the visible edits cancel between hypotheses (the artifact is
explained either way), those of the invisible ones (which door was toggled, which colour the
target had, which tool vanished) enter as 1 / (number of choices).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from math import comb

from alignlab.mindgrid.edits import Edit
from alignlab.mindgrid.world import COOL_LAVA, PASSAGE, Obj, World

#: Edit kinds per layout (room_door_key cannot take the two lava edits).
N_KINDS = {"room_door_key": 10, "treasure_island": 12}
#: k_max of the reference evaluation set (spec: k uniform over 0..7 room_door_key, 0..9 treasure_island).
K_MAX_REFERENCE = {"room_door_key": 7, "treasure_island": 9}
#: Artifacts only undoing their own kind removes (a passage, cool lava, shoes, a boxed tool, the
#: agent inside): once that kind is used up, θ^H keeps needing it, which no hypothesis below allows.
UNDO_ONLY = frozenset({"add_passage", "make_lava_safe", "add_fireproof_shoes", "hide_tool_in_box",
                       "put_agent_inside_section"})
INVISIBLE = frozenset({"flip_vertical", "change_target_color", "toggle_opening", "remove_tool"})


@dataclass(frozen=True)
class Prior:
    """k ~ uniform over 0..k_max[layout]; the human's world is a base world + ``h`` edits."""

    k_max: dict[str, int] = field(default_factory=lambda: dict(K_MAX_REFERENCE))
    h: int = 2

    def p_k(self, layout: str, k: int) -> float:
        km = self.k_max.get(layout, max(self.k_max.values()))
        return 1.0 / (km + 1) if 0 <= k <= km else 0.0

    def __hash__(self) -> int:  # frozen dataclass with a dict field
        return hash((tuple(sorted(self.k_max.items())), self.h))


def required_kinds(w: World) -> frozenset[str]:
    """Edit kinds θ^H needs on top of a generated base world (R in the module docstring)."""
    req = set()
    if w.section.side == "west":  # generated base worlds have their section on the east side
        req.add("flip_vertical")
    if PASSAGE in w.terrain:
        req.add("add_passage")
    if COOL_LAVA in w.terrain:
        req.add("make_lava_safe")
    if w.inside(w.agent):
        req.add("put_agent_inside_section")
    openings = [i for i, k in w.openings() if k != "passage"]
    if len(openings) > 1:
        req.add("add_opening")
    access_outer = {w.section.access(i, w.size)[0] for i, _ in w.openings()}
    keys = set()
    hammer = False
    for i, o in w.all_objects():
        if o.kind == "shoes":
            req.add("add_fireproof_shoes")
        if o.kind == "box" and o.content is not None:
            c = o.content
            if c.kind == "ball" and c.color == w.target_color:
                req.add("hide_target_in_box")
                if o.color != c.color:
                    req.add("change_target_color")
            elif c.kind in ("key", "hammer"):
                req.add("hide_tool_in_box")
        if o.kind == "ball" and i in access_outer:
            req.add("block_opening")
        if o.kind == "key":
            keys.add(o.color)
        if o.kind == "hammer":
            hammer = True
    for _, o in w.placed():
        if (o.kind == "door" and o.color not in keys) or (o.kind == "bridge" and not hammer):
            req.add("remove_tool")
    return frozenset(req)


def n_choices(prev: World, e: Edit) -> int:
    """How many arguments the draw of an invisible edit could have taken on ``prev``."""
    if e.name == "change_target_color":
        return max(1, len(prev.palette) - 1)
    if e.name == "toggle_opening":
        return max(1, sum(k != "passage" for _, k in prev.openings()))
    if e.name == "remove_tool":
        return max(1, len({(o.kind, o.color) for _, o in _tools(prev)}))
    return 1


def _tools(w: World) -> list[tuple[int | None, Obj]]:
    out = []
    for i, o in w.all_objects():
        if o.kind in ("key", "hammer"):
            out.append((i, o))
    return out


def log_prior(prior: Prior, layout: str, theta_h: World, kinds: frozenset[str],
              choices: float) -> float | None:
    """log P of the hypothesis: differing kinds ``kinds``, θ^H, and the product of the invisible
    edits' argument counts ``choices``; None when impossible (k out of range, θ^H needs more than
    h edits, or needs a kind that the differences already use)."""
    n = N_KINDS.get(layout, 12)
    k = len(kinds)
    pk = prior.p_k(layout, k)
    req = required_kinds(theta_h)
    r = len(req)
    if pk == 0.0 or k > n or r > prior.h or req & kinds or n - k < prior.h:
        return None
    if not any(o.kind in ("door", "bridge") for _, o in theta_h.placed()):
        return None  # every base world has a door or bridge, and no edit removes one
    p = pk / comb(n, k) * comb(n - k - r, prior.h - r) / comb(n - k, prior.h)
    return math.log(p) - math.log(choices)
