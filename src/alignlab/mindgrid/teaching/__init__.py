"""The teaching benchmark on top of the mindgrid world (paper §6, Appendix B–D).

An instance (:mod:`.instances`: presets ``fewshot``, ``eval``, ``eval-reference``; JSONL schema
``alignlab.mindgrid.instance/1``) holds the human's imagined world, the real world and the edits
between them. A teacher (:mod:`.teachers`, prompt in :mod:`.prompt`) describes the edits in template
sentences; the simulated human (:mod:`.human`) parses them, updates its world and replans (the ``inverse`` teacher, :mod:`.inverse`,
infers the edits from the human's plan without an LLM); the gap
of its new plan is scored (:mod:`.metrics`) by the resumable evaluation (:mod:`.evaluate`) and shown
in the HTML report (:mod:`.report`). :mod:`.inspect_task` runs the benchmark as an Inspect task
(imported on demand because it loads inspect-ai).

This package builds on :mod:`alignlab.mindgrid`; the world modules never import it.
"""

from alignlab.mindgrid.teaching.evaluate import evaluate_file, evaluate_instance
from alignlab.mindgrid.teaching.human import understand
from alignlab.mindgrid.teaching.instances import (
    PRESETS,
    Instance,
    generate_instances,
    load_instances,
    validate_file,
    write_instances,
)
from alignlab.mindgrid.teaching.inverse import InverseTeacher
from alignlab.mindgrid.teaching.teacher import Answer, Teacher, TeacherView
from alignlab.mindgrid.teaching.teachers import TEACHERS, make_teacher, teach

__all__ = [
    "PRESETS",
    "TEACHERS",
    "Answer",
    "Instance",
    "InverseTeacher",
    "Teacher",
    "TeacherView",
    "evaluate_file",
    "evaluate_instance",
    "generate_instances",
    "load_instances",
    "make_teacher",
    "teach",
    "understand",
    "validate_file",
    "write_instances",
]
