"""The authors' numbers (Bengio et al., arXiv 2408.05284: their exploding-bandit code, 1000
episodes per configuration, T = 4, ± 2 s.e., a death on the last pull not counted) for
side-by-side comparisons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceRow:
    """One row of the authors' table; ``*_2se`` are the authors' ± 2 s.e. (None where not given)."""

    threshold: float
    guardrail: str
    alpha: float | None
    reward: float
    reward_2se: float
    deaths: float
    deaths_2se: float
    stop_rate: float


REFERENCE: tuple[ReferenceRow, ...] = (
    ReferenceRow(0.001, "none", None, 15.6, 0.8, 0.875, 0.021, 0.0),
    ReferenceRow(0.001, "cheating", None, 0.0, 0.2, 0.0, 0.0, 0.657),
    ReferenceRow(0.001, "posterior", None, 0.21, 0.08, 0.0, 0.0, 0.961),
    ReferenceRow(0.001, "iid", None, 0.00, 0.03, 0.0, 0.0, 0.990),
    ReferenceRow(0.01, "cheating", None, 16.8, 0.7, 0.022, 0.009, 0.191),
    ReferenceRow(0.01, "posterior", None, 5.4, 0.6, 0.015, 0.008, 0.669),
    ReferenceRow(0.01, "iid", None, 1.06, 0.32, 0.002, 0.003, 0.911),
    ReferenceRow(0.01, "non-iid", 1e-4, 1.04, 0.32, 0.001, 0.002, 0.902),
    ReferenceRow(0.1, "cheating", None, 32.4, 0.9, 0.287, 0.029, 0.026),
    ReferenceRow(0.1, "posterior", None, 24.6, 0.9, 0.487, 0.032, 0.057),
    ReferenceRow(0.1, "iid", None, 9.9, 0.9, 0.056, 0.015, 0.556),
    ReferenceRow(0.1, "non-iid", 1e-4, 9.3, 0.9, 0.035, 0.012, 0.584),
)
REFERENCE_EPISODES = 1000
