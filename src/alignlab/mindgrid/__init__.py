"""Practical alignment in a MiniGrid world and the teaching benchmark (spec: shared/specs/mindgrid.md).

World half (this package's core): :class:`World` (compact, hashable state), layouts
(:func:`generate`), the 12 edits (:mod:`.edits`), skills and plans (:func:`optimal_plan`,
:func:`execute`), text (:func:`observation_text`, :func:`parse_sentence`), grid JSON / ASCII
(:mod:`.io`), pictures (:mod:`.render`) and Gymnasium environments (:mod:`.env`, imported on
demand because it loads gymnasium and minigrid).
"""

from alignlab.mindgrid.edits import (
    EDIT_NAMES,
    Edit,
    applicable,
    apply_edit,
    apply_edits,
    candidates,
    random_edits,
    sample,
)
from alignlab.mindgrid.engine import ACTIONS, STEP_CAP, run_actions
from alignlab.mindgrid.errors import EditError, MindgridError, WorldError
from alignlab.mindgrid.io import (
    load_world,
    world_from_ascii,
    world_from_json,
    world_to_ascii,
    world_to_json,
)
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.pair import WorldPair, make_pair
from alignlab.mindgrid.plans import UNSOLVABLE, Execution, Plan, execute, optimal_plan
from alignlab.mindgrid.skills import ObjRef, Skill
from alignlab.mindgrid.text import observation_text, parse_sentence, split_sentences, task_text
from alignlab.mindgrid.world import KINDS, LAYOUTS, Obj, Section, World

__all__ = [
    "ACTIONS", "EDIT_NAMES", "KINDS", "LAYOUTS", "STEP_CAP", "UNSOLVABLE", "Edit", "EditError",
    "Execution", "MindgridError", "Obj", "ObjRef", "Plan", "Section", "Skill", "World", "WorldError",
    "WorldPair", "applicable", "apply_edit", "apply_edits", "candidates", "execute", "generate",
    "load_world", "make_pair", "observation_text", "optimal_plan", "parse_sentence", "random_edits",
    "run_actions", "sample", "split_sentences", "task_text", "world_from_ascii", "world_from_json",
    "world_to_ascii", "world_to_json",
]
