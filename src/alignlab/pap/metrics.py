"""J*, J^Z, J^Z_opt, the gap ΔJ (Def. 4.1), d*_Z and d^Y_Z (eq. 5), alignment levels (Def. 4.2)
and the §5.3 outcome classes, computed exactly over a PAP's episodes (or over samples).

Per episode with θ* = (ψ^H, ω*) and executed plan π:
R* = R_opt(θ*), R = R(π; θ*), R^Z = R(π; θ^Z_T), R^Z_opt = R_opt(θ^Z_T).  Then
J* = E R*, J = E R, ΔJ = J* − J, J^Z = E R^Z (how good Z believes the executed plan is),
J^Z_opt = E R^Z_opt, ε^Z_in = J^Z_opt − J^Z (inner alignment: Z's plan is optimal by its own
lights), ε^Z_norm = d*_Z = E‖θ^Z_T − θ*‖, ε^A_desc = d^H_A = E‖θ^A_T − θ^H_T‖.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from alignlab import progress
from alignlab.pap.agents import Params, Planner, Protocol, run_protocol
from alignlab.pap.distance import theta_distance
from alignlab.pap.process import PAP, Episode

OUTCOMES = ("optimal", "under-appreciation", "over-appreciation", "under-achievement")
#: Returns within this of each other are considered equal when classifying outcomes.
CLASS_TOL = 1e-9


def classify(
    r_star: float, a_true: float, h_true: float, a_h: float, h_h: float, accepted: bool
) -> str:
    """§5.3 outcome of one episode, from the true and the human-believed values of both plans.

    ``a_true``/``h_true`` = R(π^A; θ*)/R(π^H; θ*); ``a_h``/``h_h`` = the same under the human's
    descriptive θ^H_T; ``accepted`` = the AI's plan was executed (always on the solver path).
    optimal: the executed plan is truly optimal.  under-appreciation: the human rejected the AI's
    plan although it is truly better than its own.  over-appreciation: the human overrates the
    executed plan (R(π; θ^H_T) > R(π; θ*)), e.g. after manipulation.  under-achievement: the
    human's appraisal is right but the executed plan still falls short of R_opt(θ*).
    Equalities within ``CLASS_TOL``; the first matching class wins in this order.
    """
    e_true, e_h = (a_true, a_h) if accepted else (h_true, h_h)
    if e_true >= r_star - CLASS_TOL:
        return "optimal"
    if not accepted and a_true > h_true + CLASS_TOL:
        return "under-appreciation"
    if e_h > e_true + CLASS_TOL:
        return "over-appreciation"
    return "under-achievement"


@dataclass(frozen=True)
class EpisodeResult:
    """Per-episode quantities (see module docstring)."""

    episode: Episode
    r_star: float
    r: float
    r_h: float
    r_a: float
    r_h_opt: float
    r_a_opt: float
    d_star_h: float
    d_star_a: float
    d_h_a: float
    outcome: str
    accepted_ai_plan: bool


@dataclass(frozen=True)
class PapResult:
    """Expectations over a PAP for one protocol; ``L`` = 1/(1−γ)²."""

    protocol: Protocol
    gamma: float
    J_star: float
    J: float
    J_H: float
    J_A: float
    J_H_opt: float
    J_A_opt: float
    d_star_H: float
    d_star_A: float
    d_H_A: float
    outcomes: dict[str, float]
    episodes: tuple[EpisodeResult, ...] = field(repr=False)

    @property
    def gap(self) -> float:
        """ΔJ = J* − J (Def. 4.1)."""
        return self.J_star - self.J

    @property
    def L(self) -> float:
        return 1.0 / (1.0 - self.gamma) ** 2

    @property
    def eps_in_A(self) -> float:
        """ε^A_in = J^A_opt − J^A ≥ 0 (inner alignment of the AI)."""
        return self.J_A_opt - self.J_A

    @property
    def eps_in_H(self) -> float:
        """ε^H_in = J^H_opt − J^H ≥ 0."""
        return self.J_H_opt - self.J_H

    def levels(self) -> dict[str, float]:
        """Def. 4.2 alignment levels."""
        return {
            "eps_in_A": self.eps_in_A,
            "eps_in_H": self.eps_in_H,
            "eps_desc_A": self.d_H_A,
            "eps_norm_A": self.d_star_A,
            "eps_norm_H": self.d_star_H,
        }

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        return {
            "protocol": self.protocol.label,
            "J_star": self.J_star,
            "J": self.J,
            "gap": self.gap,
            "J_H": self.J_H,
            "J_A": self.J_A,
            "J_H_opt": self.J_H_opt,
            "J_A_opt": self.J_A_opt,
            "d_star_H": self.d_star_H,
            "d_star_A": self.d_star_A,
            "d_H_A": self.d_H_A,
            "levels": self.levels(),
            "outcomes": self.outcomes,
        }


def run_episode(pap: PAP, protocol: Protocol, ep: Episode, planner: Planner) -> EpisodeResult:
    """Play one episode and measure it."""
    s0 = pap.s0
    psi = pap.rewards[ep.desire]
    truth = pap.worlds[ep.world]
    star = Params(psi, truth)
    human0 = Params(psi if ep.human_reward is None else pap.rewards[ep.human_reward], pap.worlds[ep.human_world])
    ai0 = Params(pap.rewards[ep.ai_desire], pap.worlds[ep.ai_world])
    out = run_protocol(protocol, human0, ai0, truth, dict(pap.worlds), planner, s0)
    a_true = planner.value(star, out.pi_a, s0)
    h_true = planner.value(star, out.pi_h, s0)
    a_h = planner.value(out.human, out.pi_a, s0)
    h_h = planner.value(out.human, out.pi_h, s0)
    r_star = planner.optimum(star, s0)
    return EpisodeResult(
        episode=ep,
        r_star=r_star,
        r=a_true if out.accepted_ai_plan else h_true,
        r_h=a_h if out.accepted_ai_plan else h_h,
        r_a=planner.value(out.ai, out.executed, s0),
        r_h_opt=planner.optimum(out.human, s0),
        r_a_opt=planner.optimum(out.ai, s0),
        d_star_h=float(theta_distance(out.human.r, out.human.P, psi, truth)),
        d_star_a=float(theta_distance(out.ai.r, out.ai.P, psi, truth)),
        d_h_a=float(theta_distance(out.ai.r, out.ai.P, out.human.r, out.human.P)),
        outcome=classify(r_star, a_true, h_true, a_h, h_h, out.accepted_ai_plan),
        accepted_ai_plan=out.accepted_ai_plan,
    )


def analyze_pap(
    pap: PAP, protocol: Protocol, *, samples: int | None = None, seed: int = 0,
    planner: Planner | None = None,
) -> PapResult:
    """All quantities for ``protocol`` on ``pap``: exact sums (default) or a ``samples``-episode estimate."""
    from alignlab.runtime import rng

    planner = planner or Planner(pap.gamma)
    eps = list(pap.episodes()) if samples is None else pap.sample(samples, rng(seed))
    what = "episodes" if samples is None else "sampled episodes"
    res = tuple(run_episode(pap, protocol, ep, planner)
                for ep in progress.track(eps, f"{protocol.label}: {what}"))
    w = np.array([e.episode.prob for e in res])

    def mean(attr: str) -> float:
        return float(np.dot(w, [getattr(e, attr) for e in res]))

    outcomes = {k: 0.0 for k in OUTCOMES}
    for e in res:
        outcomes[e.outcome] += e.episode.prob
    return PapResult(
        protocol=protocol, gamma=pap.gamma,
        J_star=mean("r_star"), J=mean("r"), J_H=mean("r_h"), J_A=mean("r_a"),
        J_H_opt=mean("r_h_opt"), J_A_opt=mean("r_a_opt"),
        d_star_H=mean("d_star_h"), d_star_A=mean("d_star_a"), d_H_A=mean("d_h_a"),
        outcomes=outcomes, episodes=res,
    )
