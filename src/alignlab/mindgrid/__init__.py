"""Practical alignment in a MiniGrid world and the teaching benchmark (spec: shared/specs/mindgrid.md).

World half (this package's core): :class:`World` (compact, hashable state), layouts
(:func:`generate`), the 12 edits (:mod:`.edits`), skills and plans (:func:`optimal_plan`,
:func:`execute`), text (:func:`observation_text`, :func:`parse_sentence`), grid JSON / ASCII
(:mod:`.io`), pictures (:mod:`.render`) and Gymnasium environments (:mod:`.env`, imported on
demand because it loads gymnasium and minigrid).

Benchmark half: teaching instances (:mod:`.instances`: presets ``fewshot``, ``eval``,
``eval-reference``; JSONL schema ``alignlab.mindgrid.instance/1``), the simulated human
(:mod:`.human`), teachers (:mod:`.teachers`, prompt in :mod:`.prompt`), metrics (:mod:`.metrics`),
resumable evaluation (:mod:`.evaluate`), the HTML report (:mod:`.report`) and the Inspect task
(:mod:`.inspect_task`, imported on demand because it loads inspect-ai).
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
from alignlab.mindgrid.errors import EditError, InstanceError, MindgridError, WorldError
from alignlab.mindgrid.evaluate import evaluate_file, evaluate_instance
from alignlab.mindgrid.human import understand
from alignlab.mindgrid.instances import (
    PRESETS,
    Instance,
    generate_instances,
    load_instances,
    validate_file,
    write_instances,
)
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
from alignlab.mindgrid.teachers import TeacherSpec
from alignlab.mindgrid.text import observation_text, parse_sentence, split_sentences, task_text
from alignlab.mindgrid.world import KINDS, LAYOUTS, Obj, Section, World

__all__ = [
    "ACTIONS",
    "EDIT_NAMES",
    "KINDS",
    "LAYOUTS",
    "PRESETS",
    "STEP_CAP",
    "UNSOLVABLE",
    "Edit",
    "EditError",
    "Execution",
    "Instance",
    "InstanceError",
    "MindgridError",
    "Obj",
    "ObjRef",
    "Plan",
    "Section",
    "Skill",
    "TeacherSpec",
    "World",
    "WorldError",
    "WorldPair",
    "applicable",
    "apply_edit",
    "apply_edits",
    "candidates",
    "evaluate_file",
    "evaluate_instance",
    "execute",
    "generate",
    "generate_instances",
    "load_instances",
    "load_world",
    "make_pair",
    "observation_text",
    "optimal_plan",
    "parse_sentence",
    "random_edits",
    "run_actions",
    "sample",
    "split_sentences",
    "task_text",
    "understand",
    "validate_file",
    "world_from_ascii",
    "world_from_json",
    "world_to_ascii",
    "world_to_json",
    "write_instances",
]
