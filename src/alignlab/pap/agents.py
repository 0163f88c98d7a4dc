"""AEAP agents: explicit parameters θ^Z_t = (ψ^Z_t, ω^Z_t), a speaking and a listening policy.

One communication round: the AI *speaks* (its teaching policy turns the state into a message ω̂),
the human *listens* (ω^H ← (1−η) ω^H + η ω̂, a convex step of the credulity rate η ∈ (0,1]), then
the AI *listens* (its learning policy updates θ^A from the human).  After ``rounds`` rounds the
plan is chosen on the **solver** path (the AI executes π_opt(θ^A_T)) or the **advisor** path (the
human compares the AI's plan with its own π_opt(θ^H_T) under its descriptive parameters θ^H_T and
executes the better one, ties to the AI's plan — §5.3).

The human's descriptive reward stays ψ^H (only its beliefs about the world are taught).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from alignlab.config import as_int, as_number
from alignlab.pap.distance import theta_distance
from alignlab.pap.errors import PapError
from alignlab.pap.mdp import policy_iteration, state_values

TEACHING = ("truthful", "ola", "none")
LEARNING = ("ostensible", "desire", "none")
PATHS = ("solver", "advisor")


@dataclass(frozen=True, eq=False)
class Params:
    """θ = (ψ, ω): reward ``r`` (S×A) and transitions ``P`` (S×A×S)."""

    r: np.ndarray
    P: np.ndarray


@dataclass(frozen=True)
class Protocol:
    """The agents' policies: AI teaching (speaking), AI learning (listening), plan path, η, rounds.

    teaching: ``truthful`` (message ω*), ``ola`` (omnipotent language agent, Def. 5.1: message
    argmax_ω R_opt(ψ^H, ω) over the PAP's world hypotheses), ``none`` (silent).
    learning: ``ostensible`` (perfect RLHF: θ^A ← θ^H), ``desire`` (ψ^A ← ψ^H, keep ω^A), ``none``.
    """

    teaching: str = "truthful"
    learning: str = "ostensible"
    path: str = "solver"
    rate: float = 1.0
    rounds: int = 1

    def __post_init__(self) -> None:
        for field, allowed in (("teaching", TEACHING), ("learning", LEARNING), ("path", PATHS)):
            if getattr(self, field) not in allowed:
                raise PapError(
                    f"protocol: field '{field}' must be one of {', '.join(allowed)}, got {getattr(self, field)!r}"
                )
        as_number(self.rate, "rate", where="protocol", lo=0, hi=1, lo_open=True, error=PapError)
        as_int(self.rounds, "rounds", where="protocol", lo=1, error=PapError)

    @property
    def label(self) -> str:
        return f"{self.teaching}/{self.learning}/{self.path}"


class Planner:
    """Memoised π_opt(θ) and V*_θ for one discount γ (θ keyed by the arrays' bytes)."""

    def __init__(self, gamma: float) -> None:
        self.gamma = gamma
        self._cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
        self._values: dict[bytes, np.ndarray] = {}

    def solve(self, th: Params) -> tuple[np.ndarray, np.ndarray]:
        """(π_opt(θ) one-hot S×A, V*_θ)."""
        key = th.r.tobytes() + th.P.tobytes()
        hit = self._cache.get(key)
        if hit is None:
            hit = policy_iteration(th.P, th.r, self.gamma)
            self._cache[key] = hit
        return hit

    def value(self, th: Params, pi: np.ndarray, s0: int) -> float:
        """R(π; θ) = V^π_θ(s0) (memoised on θ and π)."""
        key = th.r.tobytes() + th.P.tobytes() + np.asarray(pi, dtype=float).tobytes()
        v = self._values.get(key)
        if v is None:
            v = state_values(th.P, th.r, self.gamma, pi)
            self._values[key] = v
        return float(v[s0])

    def optimum(self, th: Params, s0: int) -> float:
        """R_opt(θ)."""
        return float(self.solve(th)[1][s0])


def ola_message(
    psi_h: np.ndarray, truth: np.ndarray, hypotheses: dict[str, np.ndarray], planner: Planner, s0: int
) -> np.ndarray:
    """Def. 5.1: the world ω maximising R_opt(ψ^H, ω) over ``hypotheses``.

    The OLA is indifferent among maximisers (within 1e-12); we resolve ties in the worst case for
    the human — the maximiser farthest from ω* in eq. (5), then by name — so that Theorem 5.2's
    construction is realised.
    """
    scored = []
    for name, P in sorted(hypotheses.items()):
        v = planner.optimum(Params(psi_h, P), s0)
        far = float(theta_distance(psi_h, P, psi_h, truth))
        scored.append((v, far, name, P))
    best = max(v for v, *_ in scored)
    ties = [t for t in scored if t[0] >= best - 1e-12 * max(1.0, abs(best))]
    ties.sort(key=lambda t: (-t[1], t[2]))
    return ties[0][3]


@dataclass(frozen=True, eq=False)
class Outcome:
    """The end of one episode: final parameters, both plans, the executed plan and whether it is the AI's."""

    human: Params  # θ^H_T
    ai: Params  # θ^A_T
    pi_h: np.ndarray  # π_opt(θ^H_T)
    pi_a: np.ndarray  # π_opt(θ^A_T)
    executed: np.ndarray
    accepted_ai_plan: bool


Speaker = Callable[[Params, Params], np.ndarray]


def run_protocol(
    protocol: Protocol,
    human0: Params,
    ai0: Params,
    truth: np.ndarray,
    hypotheses: dict[str, np.ndarray],
    planner: Planner,
    s0: int,
) -> Outcome:
    """Play ``protocol`` from θ^H_0 = ``human0`` and θ^A_0 = ``ai0`` in the real world ω* = ``truth``."""
    human, ai = human0, ai0
    eta = float(protocol.rate)
    for _ in range(protocol.rounds):
        if protocol.teaching == "truthful":
            msg = truth
        elif protocol.teaching == "ola":
            msg = ola_message(human.r, truth, hypotheses, planner, s0)
        else:
            msg = None
        if msg is not None:
            human = Params(human.r, msg if eta == 1.0 else (1 - eta) * human.P + eta * msg)
        if protocol.learning == "ostensible":
            ai = Params(human.r, human.P)
        elif protocol.learning == "desire":
            ai = Params(human.r, ai.P)
    pi_h = planner.solve(human)[0]
    pi_a = planner.solve(ai)[0]
    if protocol.path == "solver":
        accept = True
    else:
        accept = planner.value(human, pi_a, s0) >= planner.value(human, pi_h, s0) - 1e-12
    return Outcome(human, ai, pi_h, pi_a, pi_a if accept else pi_h, accept)
