"""Tabular practical and ostensible alignment processes and the paper's theorems as checks (paper 002 §3–5, App. A; docs/pap.md).

θ = (ψ, ω) ↔ (``r``, ``P``); M(θ) ↔ :class:`MDP`; R(π; θ) ↔ :func:`value`; R_opt(θ) ↔
:func:`optimal_value`; ‖θ1 − θ2‖ ↔ :func:`theta_distance`; a PAP ↔ :class:`PAP`; the AEAP agents'
policies ↔ :class:`Protocol`; J*, J^Z, J^Z_opt, ΔJ, d*_Z, d^Y_Z ↔ :class:`PapResult`.
"""

from alignlab.pap.agents import Protocol
from alignlab.pap.distance import theta_distance
from alignlab.pap.errors import PapError
from alignlab.pap.mdp import (
    MDP,
    optimal_value,
    plan,
    policy_iteration,
    state_values,
    value,
    value_iteration,
)
from alignlab.pap.metrics import OUTCOMES, PapResult, analyze_pap
from alignlab.pap.process import PAP, Support

__all__ = [
    "MDP", "OUTCOMES", "PAP", "PapError", "PapResult", "Protocol", "Support", "analyze_pap",
    "optimal_value", "plan", "policy_iteration", "state_values", "theta_distance", "value",
    "value_iteration",
]
