"""Practical alignment in a MiniGrid world and the teaching benchmark (paper §6, Appendix B–D).

The world (this package): :class:`World` (compact, hashable state), layouts (:func:`generate`), the
12 edits (:mod:`.edits`), skills and plans (:func:`optimal_plan`, :func:`execute`), text
(:func:`observation_text`, :func:`parse_sentence`), grid JSON / ASCII (:mod:`.io`), pictures
(:mod:`.render`) and Gymnasium environments (:mod:`.env`, imported on demand because it loads
gymnasium and minigrid).

The teaching benchmark lives in :mod:`alignlab.mindgrid.teaching` (instances, the simulated human,
teachers, metrics, evaluation, report, Inspect task). The world never imports it; its main names
are re-exported here on first use (PEP 562), so importing the world does not load the benchmark.
"""

from alignlab.mindgrid.edits import (
    EDIT_NAMES,
    EDITS,
    Edit,
    EditKind,
    applicable,
    apply_edit,
    apply_edits,
    candidates,
    random_edits,
    sample,
)
from alignlab.mindgrid.engine import ACTIONS, STEP_CAP, run_actions
from alignlab.mindgrid.errors import EditError, InstanceError, MindgridError, WorldError
from alignlab.mindgrid.io import (
    load_world,
    world_from_ascii,
    world_from_json,
    world_to_ascii,
    world_to_json,
)
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.observation import observation_text
from alignlab.mindgrid.pair import WorldPair, make_pair
from alignlab.mindgrid.plans import UNSOLVABLE, Execution, Plan, execute, optimal_plan
from alignlab.mindgrid.skills import SKILLS, ObjRef, Skill, SkillKind
from alignlab.mindgrid.text import parse_sentence, split_sentences, task_text
from alignlab.mindgrid.world import KINDS, LAYOUTS, Obj, Section, World

_TEACHING = ("PRESETS", "TEACHERS", "Instance", "InverseTeacher", "evaluate_file", "evaluate_instance",
             "generate_instances", "load_instances", "make_teacher", "understand", "validate_file",
             "write_instances")


def __getattr__(name: str):
    """The teaching benchmark's names, imported from :mod:`alignlab.mindgrid.teaching` on first use."""
    if name in _TEACHING:
        from alignlab.mindgrid import teaching

        return getattr(teaching, name)
    raise AttributeError(f"module 'alignlab.mindgrid' has no attribute {name!r}")


__all__ = [
    "ACTIONS",
    "EDITS",
    "EDIT_NAMES",
    "KINDS",
    "LAYOUTS",
    "PRESETS",
    "SKILLS",
    "STEP_CAP",
    "TEACHERS",
    "UNSOLVABLE",
    "Edit",
    "EditError",
    "EditKind",
    "Execution",
    "Instance",
    "InstanceError",
    "InverseTeacher",
    "MindgridError",
    "Obj",
    "ObjRef",
    "Plan",
    "Section",
    "Skill",
    "SkillKind",
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
    "make_teacher",
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
