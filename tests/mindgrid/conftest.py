"""Small generated worlds shared by the mindgrid tests."""

from __future__ import annotations

import contextlib

from alignlab.mindgrid.edits import random_edits
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.world import World
from alignlab.runtime import rng

LAYOUTS = ("room_door_key", "treasure_island")


def small_world(seed: int, size: int = 7) -> World:
    """A generated world on a size×size grid with 0–3 random edits (mixes openings and tools)."""
    lay = LAYOUTS[seed % 2]
    w = generate(lay, seed, size=size, max_distractors=3)
    k = int(rng(seed).integers(0, 4))
    with contextlib.suppress(EditError):
        w, _ = random_edits(w, k, rng(seed + 10_000))
    return w
