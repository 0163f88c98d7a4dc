"""Can a Bayesian oracle prevent harm from an agent? Guardrails on the exploding bandit.

Bengio et al. (arXiv 2408.05284): the four guardrails as seed 000 quotes them ("Safety
guardrails", docs/papers.md); the experiment — the exploding bandit, its posterior, agent and
figures — is the authors' public code, which 000 does not quote (docs/guardrails.md, "The
experiment"). A guardrail maps a posterior over a finite theory set and a harm
table to accept/reject per action (:mod:`alignlab.guardrails.guardrails`, one registry entry
each); the simulator runs the Boltzmann agent on the exploding bandit, vectorised over episodes.

>>> from alignlab.guardrails import Setting, simulate, summarise
>>> s = summarise(simulate(Setting("cheating", 0.01), episodes=200, seed=0))
>>> s.episodes, 0 <= s.death_rate <= 1
(200, True)
"""

from alignlab.guardrails.bandit import Episodes, arm_means, draw_episodes, harm_levels, harm_table
from alignlab.guardrails.config import DEATH_RULES, TIE_RULES, Bandit, Setting
from alignlab.guardrails.errors import GuardrailsError
from alignlab.guardrails.exact import cheating_stop_rate, first_pull_stop_rate, max_accepted_mean
from alignlab.guardrails.guardrails import (
    GUARDRAILS,
    Guardrail,
    accept,
    get_guardrail,
    harm_estimate,
    plausible_set,
    plausible_sets,
)
from alignlab.guardrails.simulate import Outcomes, Summary, Tally, run_block, simulate, summarise
from alignlab.guardrails.theories import theory_matrix

__all__ = [
    "DEATH_RULES", "GUARDRAILS", "TIE_RULES", "Bandit", "Episodes", "Guardrail", "GuardrailsError",
    "Outcomes", "Setting", "Summary", "Tally", "accept", "arm_means", "cheating_stop_rate",
    "draw_episodes", "first_pull_stop_rate", "get_guardrail", "harm_estimate", "harm_levels",
    "harm_table", "max_accepted_mean", "plausible_set", "plausible_sets", "run_block", "simulate",
    "summarise", "theory_matrix",
]
