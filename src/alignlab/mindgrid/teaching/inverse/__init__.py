"""A teacher without an LLM: Bayesian inverse planning (``--teacher inverse``).

The human's plan π0 is optimal in the human's world θ^H, and θ^H is the real world θ* with some
edits undone. :mod:`.evidence` reads what π0 pins down (the frame, the start cell, removed tools,
cheap replay checks), :mod:`.prior` is the benchmark's distribution of differences, :mod:`.posterior`
enumerates θ^H by undoing edits (:mod:`alignlab.mindgrid.undo`) and weighs them by prior and by
whether π0 is optimal there (the exact planner), :mod:`.choice` picks the sentences that minimise
the expected gap by simulating the human, and :mod:`.teacher` is the registered teacher.
:mod:`.identify` analyses which single edits a plan can reveal.
"""

from alignlab.mindgrid.teaching.inverse.choice import CHOICES, Choice, choose
from alignlab.mindgrid.teaching.inverse.evidence import Evidence, Frame, frames, replay
from alignlab.mindgrid.teaching.inverse.posterior import Budget, Hypothesis, Posterior, posterior
from alignlab.mindgrid.teaching.inverse.prior import Prior
from alignlab.mindgrid.teaching.inverse.teacher import InverseTeacher, plausible_differences

__all__ = ["CHOICES", "Budget", "Choice", "Evidence", "Frame", "Hypothesis", "InverseTeacher",
           "Posterior", "Prior", "choose", "frames", "plausible_differences", "posterior", "replay"]
