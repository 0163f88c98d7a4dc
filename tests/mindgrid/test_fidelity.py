"""World rules that follow the reference toolkit (spec, "Fidelity to the reference")."""

from __future__ import annotations

from alignlab.mindgrid.edits import apply_edit, candidates
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.world import REFERENCE_COLORS, SPLITS


def test_a_new_door_takes_the_colour_of_the_sections_first_door():
    seen_distractor_first = 0
    for seed in range(40):
        w = generate("room_door_key", seed)
        door = next(w.objects[i] for i in w.listed() if w.objects[i] and w.objects[i].kind == "door")
        keys = [o for _, o in w.placed() if o.kind == "key"]
        seen_distractor_first += keys[0].color != door.color  # the first key in cell order
        for e in candidates(w, "add_opening")[:3]:
            new = apply_edit(w, e).at(e.get("col"), e.get("row"))
            assert new.kind == "door" and new.color == door.color
    assert seen_distractor_first  # the case the former rule (first key's colour) got wrong


def test_the_reference_palettes_are_disjoint_and_use_its_colour_names():
    ref = [SPLITS[k] for k in ("ref_train", "ref_val_out", "ref_test_out")]
    assert sorted(c for p in ref for c in p) == sorted(REFERENCE_COLORS)
    w = generate("treasure_island", 1, split="ref_test_out")
    assert w.palette == ("purple", "lime", "saffron", "grey") and w.target_color in w.palette
