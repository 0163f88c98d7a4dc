"""The appendix lemmas and §4–5 theorems as executable checks that return both sides.

Notation: L = 1/(1−γ)², d = ‖θ1 − θ2‖ (eq. 5).  Every ``*_sides`` function is batched over
leading axes (B MDP pairs) and returns (lhs, rhs); the inequality claimed is lhs ≤ rhs unless said.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from alignlab import progress
from alignlab.pap.agents import Params, Planner, Protocol, run_protocol
from alignlab.pap.distance import reward_distance, theta_distance, transition_distance
from alignlab.pap.mdp import policy_iteration, state_values
from alignlab.pap.metrics import PapResult, analyze_pap
from alignlab.pap.process import PAP
from alignlab.pap.worlds import (
    diamond_lava_pap,
    grid_world,
    ola_ceiling_pap,
    perturb,
    random_mdps,
    random_pap,
    random_policies,
    theorem_5_2_pap,
    trajectory,
)

#: Slack for floating-point round-off when checking an inequality.
ATOL = 1e-9


def _g(gamma: np.ndarray | float) -> np.ndarray:
    return np.asarray(gamma, dtype=float)


def lemma_a1_sides(P1, r1, P2, r2, gamma, pi) -> tuple[np.ndarray, np.ndarray]:
    """Lemma A.1 (simulation lemma, App. A.2, eq. 12): ‖V^π_θ1 − V^π_θ2‖∞ ≤ ‖r1−r2‖∞/(1−γ) + γ‖P1−P2‖_{1,∞}/(2(1−γ)²).

    The ½ comes from span(V^π_θ2) ≤ 1/(1−γ) for rewards in [0,1].
    """
    g = _g(gamma)
    lhs = np.abs(state_values(P1, r1, g, pi) - state_values(P2, r2, g, pi)).max(axis=-1)
    rhs = reward_distance(r1, r2) / (1 - g) + g * transition_distance(P1, P2) / (2 * (1 - g) ** 2)
    return lhs, rhs


def lemma_a2_sides(P1, r1, P2, r2, gamma, pi) -> tuple[np.ndarray, np.ndarray]:
    """Lemma A.2 (App. A.2, eq. 41): ‖V^π_θ1 − V^π_θ2‖∞ ≤ L‖θ1 − θ2‖ (from A.1 since 1/(1−γ), γ/(2(1−γ)²) ≤ L)."""
    g = _g(gamma)
    lhs = np.abs(state_values(P1, r1, g, pi) - state_values(P2, r2, g, pi)).max(axis=-1)
    return lhs, theta_distance(r1, P1, r2, P2) / (1 - g) ** 2


def lemma_a3_sides(P1, r1, P2, r2, gamma) -> tuple[np.ndarray, np.ndarray]:
    """Lemma A.3: ‖V*_θ1 − V^{π_opt(θ2)}_θ1‖∞ ≤ 2L‖θ1 − θ2‖ (App. A.2, eqs. 47–51).

    The printed proof is valid: (47) = |V^{π1}_1 − V^{π2}_1| with V^{π1}_1 − V^{π2}_1 ≥ 0 (π1 is
    optimal for θ1); (48) adds V^{π2}_2 − V^{π1}_2 ≥ 0 (π2 optimal for θ2) inside, so it can only
    grow; (49)–(51) are the triangle inequality and Lemma A.2 twice.
    """
    g = _g(gamma)
    _, v1 = policy_iteration(P1, r1, g)
    pi2, _ = policy_iteration(P2, r2, g)
    lhs = np.abs(v1 - state_values(P1, r1, g, pi2)).max(axis=-1)
    return lhs, 2 * theta_distance(r1, P1, r2, P2) / (1 - g) ** 2


def lemma_a4_sides(P1, r1, P2, r2, gamma, pi, s0: int = 0) -> tuple[np.ndarray, ...]:
    """Lemma A.4 (App. A.2, eqs. 52–53): |R(π;θ1) − R(π;θ2)| ≤ L d and |R_opt(θ1) − R_opt(θ2)| ≤ 3L d.

    Returns (lhs_policy, rhs_policy, lhs_opt, rhs_opt).  The 3L of the paper is loose (L suffices);
    both are checked as stated.
    """
    g = _g(gamma)
    d = theta_distance(r1, P1, r2, P2) / (1 - g) ** 2
    lhs_pi = np.abs(state_values(P1, r1, g, pi)[..., s0] - state_values(P2, r2, g, pi)[..., s0])
    v1 = policy_iteration(P1, r1, g)[1][..., s0]
    v2 = policy_iteration(P2, r2, g)[1][..., s0]
    return lhs_pi, d, np.abs(v1 - v2), 3 * d


def theorem_4_1_sides(res: PapResult, agent: str = "A") -> tuple[float, float]:
    """Theorem 4.1 (§4, proof App. A.2, eq. 80) for the agent Z = ``agent`` ("A" or "H"):
    ΔJ ≤ 4L·ε^Z_norm + ε^Z_in, with ε^Z_norm = d*_Z and ε^Z_in = J^Z_opt − J^Z.

    The theorem holds for whichever agent achieves the two alignments, so both are checked.
    Constant: ΔJ = E[R*−R_opt(θ^Z)] + E[R_opt(θ^Z)−R(π;θ^Z)] + E[R(π;θ^Z)−R(π;θ*)] ≤ 3L d + ε_in + L d
    (eqs. 67–79, Lemma A.4 twice).
    """
    if agent == "A":
        return res.gap, 4 * res.L * res.d_star_A + res.eps_in_A
    if agent == "H":
        return res.gap, 4 * res.L * res.d_star_H + res.eps_in_H
    raise ValueError(f"agent must be 'A' or 'H', got {agent!r}")


def theorem_5_1_sides(res: PapResult) -> tuple[float, float]:
    """Theorem 5.1 (§5.1, App. A.3, eq. 84): ΔJ ≤ 4L(ε^A_desc + ε^H_norm) + ε^A_in (Theorem 4.1 and d*_A ≤ d^H_A + d*_H)."""
    return res.gap, 4 * res.L * (res.d_H_A + res.d_star_H) + res.eps_in_A


def theorem_5_3_sides(pap: PAP, path: str = "solver") -> tuple[float, float, float, float]:
    """Theorem 5.3 (§5.2, proof App. A.5, eqs. 86–89): OLA vs the truthful teacher (perfect RLHF).

    δ = J^H_opt(OLA) − J^H_opt(truthful) (the optimism the OLA plants). Claim: if δ > 0 and the
    truthful policy always leads to θ^H_T = θ*, then ε^H_norm(OLA) = d*_H ≥ δ(1−γ)²/3 — Lemma A.4's
    |R_opt(θ1)−R_opt(θ2)| ≤ 3L d applied per episode. Returns (d*_H, δ(1−γ)²/3, δ, d*_H of the
    truthful policy); the hypotheses hold iff δ > 0 and the last value is 0.
    """
    ola = analyze_pap(pap, Protocol("ola", "ostensible", path))
    tru = analyze_pap(pap, Protocol("truthful", "ostensible", path))
    delta = ola.J_H_opt - tru.J_H_opt
    return ola.d_star_H, delta * (1 - pap.gamma) ** 2 / 3, delta, tru.d_star_H


@dataclass(frozen=True)
class Check:
    """One printed theorem check: both sides, the relation claimed and whether it held.

    ``hypothesis_met`` = False marks a row whose premises fail (e.g. Theorem 5.3 with δ = 0): the
    theorem says nothing there, so the row neither passes nor fails (status "hypothesis not met").
    """

    name: str
    where: str
    lhs: float
    rel: str
    rhs: float
    holds: bool
    note: str = ""
    hypothesis_met: bool = True

    @property
    def status(self) -> str:
        if not self.hypothesis_met:
            return "hypothesis not met"
        return "PASS" if self.holds else "FAIL"

    @property
    def failed(self) -> bool:
        return self.hypothesis_met and not self.holds

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "where": self.where, "lhs": self.lhs, "rel": self.rel,
                "rhs": self.rhs, "holds": self.holds and self.hypothesis_met, "status": self.status,
                "hypothesis_met": self.hypothesis_met, "note": self.note}


def lemma_checks(seed: int, n: int = 2000, S: int = 4, A: int = 3) -> list[Check]:
    """Lemmas A.1–A.4 on ``n`` random MDP pairs; reported at the pair with the largest lhs/rhs."""
    from alignlab import limits
    from alignlab.pap.errors import PapError
    from alignlab.runtime import rng as make_rng

    limits.check_count(n, "n (random MDP pairs)", limits.CELLS, error=PapError)
    limits.check_product(n * S * S * A, f"{n} random MDP pairs × {S}×{S}×{A} transitions",
                         limits.CELLS, error=PapError)
    rng = make_rng(seed)
    P1, r1 = random_mdps(rng, n, S, A)
    P2, r2 = perturb(rng, P1, r1)
    gamma = rng.uniform(0.0, 0.99, n)
    pi = random_policies(rng, n, S, A)
    where = f"{n} random MDP pairs (S={S}, A={A}, seed {seed})"
    out = []
    sides = {
        "Lemma A.1": lemma_a1_sides(P1, r1, P2, r2, gamma, pi),
        "Lemma A.2": lemma_a2_sides(P1, r1, P2, r2, gamma, pi),
        "Lemma A.3": lemma_a3_sides(P1, r1, P2, r2, gamma),
    }
    a4 = lemma_a4_sides(P1, r1, P2, r2, gamma, pi)
    sides["Lemma A.4 (policy)"] = a4[:2]
    sides["Lemma A.4 (optimum)"] = a4[2:]
    for name, (lhs, rhs) in sides.items():
        ratio = np.where(rhs > 0, lhs / np.where(rhs > 0, rhs, 1), 0.0)
        k = int(np.argmax(ratio))
        ok = bool(np.all(lhs <= rhs + ATOL))
        out.append(Check(name, where, float(lhs[k]), "≤", float(rhs[k]), ok,
                         f"max lhs/rhs = {ratio[k]:.3f}"))
    return out


#: The ΔJ bounds checked on every measured protocol (``pap run`` rows, :func:`gap_checks`):
#: (record key, check name, ``res`` → (ΔJ, bound)).
GAP_BOUNDS = (
    ("theorem_4_1", "Theorem 4.1 (Z = AI)", partial(theorem_4_1_sides, agent="A")),
    ("theorem_4_1_H", "Theorem 4.1 (Z = human)", partial(theorem_4_1_sides, agent="H")),
    ("theorem_5_1", "Theorem 5.1", theorem_5_1_sides),
)


def gap_checks(seed: int, n_random: int = 6) -> list[Check]:
    """Theorems 4.1 (for Z = AI and Z = human) and 5.1 on the built-in PAPs and ``n_random``
    random PAPs, every protocol."""
    from alignlab.runtime import rng as make_rng

    paps = {"diamond-lava": diamond_lava_pap(), "thm-5.2 (γ=0.9)": theorem_5_2_pap(0.9)}
    rng = make_rng(seed)
    for i in range(n_random):
        paps[f"random #{i}"] = random_pap(rng, S=3, A=2, n_worlds=3 if i % 2 else 2)
    protocols = [Protocol(t, lrn, p) for t in ("truthful", "ola", "none")
                 for lrn in ("ostensible", "desire", "none") for p in ("solver", "advisor")]
    worst: dict[str, tuple[float, float, float, str]] = {}
    ok = {tname: True for _, tname, _ in GAP_BOUNDS}
    for pname, pap in paps.items():
        for proto in protocols:
            res = analyze_pap(pap, proto)
            for _, tname, sides in GAP_BOUNDS:
                lhs, rhs = sides(res)
                ok[tname] &= lhs <= rhs + ATOL
                ratio = lhs / rhs if rhs > 0 else 0.0
                if tname not in worst or ratio > worst[tname][0]:
                    worst[tname] = (ratio, lhs, rhs, f"{pname}, {proto.label}")
    n = len(paps) * len(protocols)
    return [Check(t, f"{n} (PAP, protocol) pairs; tightest: {w[3]}", w[1], "≤", w[2], ok[t],
                  f"max ΔJ/bound = {w[0]:.3f}") for t, w in worst.items()]


THEOREM_5_2_PROTOCOL = Protocol("none", "ostensible", "solver")


def theorem_5_2_result(gamma: float) -> PapResult:
    """Theorem 5.2's PAP (App. A.4) with the AI outputting the human's optimal plan: no teaching,
    perfect ostensible learning (θ^A ← θ^H), solver path."""
    return analyze_pap(theorem_5_2_pap(gamma), THEOREM_5_2_PROTOCOL)


def theorem_5_2_checks(gammas: tuple[float, ...] = (0.5, 0.9, 0.99)) -> list[Check]:
    """Theorem 5.2 (§5.1, App. A.4): the AI maximises the ostensible objective (J^H_opt − J^H = 0,
    ε^A_desc = ε^A_in = 0) and ΔJ = 1/(1−γ), returns counted from t = 0 (eq. 2)."""
    out = []
    for g in gammas:
        res = theorem_5_2_result(g)
        ostensible = res.J_H_opt - res.J_H
        note = (f"J^H_opt − J^H = {ostensible:g} (ostensible objective maximised), ε^A_desc = {res.d_H_A:g}, "
                f"ε^A_in = {res.eps_in_A:g}")
        ok = abs(res.gap - 1 / (1 - g)) <= 1e-9 / (1 - g) and abs(ostensible) <= ATOL and res.d_H_A <= ATOL
        out.append(Check("Theorem 5.2 (ΔJ)", f"γ = {g}", res.gap, "=", 1 / (1 - g), ok, note + "; rhs 1/(1−γ)"))
    return out


def ola_gap_ceiling_check(seed: int, n_random: int = 8) -> Check:
    """Ours, not in the paper: for OLA + perfect RLHF (η = 1), ΔJ ≤ γ/(1−γ) always.

    Per episode the executed plan π is optimal in the OLA's world ω' with R_opt(ψ^H, ω') ≥ R*, so
    its first reward r(s0, π(s0)) = V'(s0) − γ E V'(s1) ≥ R* − γ/(1−γ), and R(π; θ*) ≥ r(s0, π(s0)).
    Checked on random PAPs (lhs = largest ΔJ·(1−γ)/γ, rhs = 1) and attained by
    :func:`~alignlab.pap.worlds.ola_ceiling_pap`.
    """
    from alignlab.runtime import rng as make_rng

    rng = make_rng(seed + 2)
    worst = 0.0
    paps = [random_pap(rng, S=3, A=2, n_worlds=4, n_desires=2) for _ in range(n_random)]
    for pap in [*paps, ola_ceiling_pap(0.9)]:
        for path in ("solver", "advisor"):
            res = analyze_pap(pap, Protocol("ola", "ostensible", path))
            worst = max(worst, res.gap * (1 - pap.gamma) / pap.gamma)
    return Check("(ours) OLA gap ceiling", f"{2 * n_random} random OLA + RLHF runs and ola_ceiling_pap",
                 worst, "≤", 1.0, worst <= 1.0 + ATOL, "ΔJ·(1−γ)/γ ≤ 1 (our statement), attained by ola_ceiling_pap")


def theorem_5_3_checks(seed: int, n_random: int = 8) -> list[Check]:
    """Theorem 5.3 on the OLA examples (diamond-lava, the OLA-ceiling PAP, random PAPs); rows whose
    hypotheses fail (δ = 0, or truthful teaching not reaching θ*) are "hypothesis not met"."""
    from alignlab.runtime import rng as make_rng

    rng = make_rng(seed + 1)
    paps = {"diamond-lava": diamond_lava_pap(), "ola-ceiling (γ=0.9)": ola_ceiling_pap(0.9)}
    for i in range(n_random):
        paps[f"random #{i}"] = random_pap(rng, S=3, A=2, n_worlds=4, n_desires=1)
    out = []
    for name, pap in paps.items():
        lhs, rhs, delta, truthful_gap = theorem_5_3_sides(pap)
        met = delta > ATOL and truthful_gap <= ATOL
        why = "" if met else ("; δ = 0: the theorem needs δ > 0" if delta <= ATOL
                              else "; the truthful policy does not reach θ^H_T = θ*")
        out.append(Check("Theorem 5.3", name, lhs, "≥", rhs, lhs >= rhs - ATOL, f"δ = {delta:.4g}{why}", met))
    return out


def figure_2(gamma: float = 0.9) -> dict[str, dict[str, float]]:
    """Figure 2 on the diamond-and-lava grid: P(death in lava), P(diamond) and ΔJ per protocol."""
    grid = grid_world()
    pap = diamond_lava_pap(gamma, grid=grid)
    out = {}
    for proto in (Protocol("ola", "ostensible", "solver"), Protocol("truthful", "ostensible", "solver"),
                  Protocol("none", "ostensible", "solver")):
        res = analyze_pap(pap, proto)
        planner = Planner(gamma)
        dead = diamond = 0.0
        for e in res.episodes:
            # Replay the episode to get the executed plan's path in the (deterministic) real world.
            o = run_protocol(proto, Params(grid.reward, pap.worlds[e.episode.human_world]),
                             Params(grid.reward, grid.real), grid.real, dict(pap.worlds), planner, grid.start)
            path = trajectory(grid.real, o.executed, grid.start, 4 * len(grid.cells))
            dead += e.episode.prob * (path[-1] in grid.lava)
            diamond += e.episode.prob * (path[-1] in grid.diamonds)
        out[proto.label] = {"p_lava": dead, "p_diamond": diamond, "gap": res.gap, "J": res.J,
                            "J_star": res.J_star, "eps_desc_A": res.d_H_A}
    return out


def figure_2_checks(gamma: float = 0.9) -> list[Check]:
    """OLA + perfect RLHF dies in lava with probability 1; truthful teaching never does."""
    f = figure_2(gamma)
    ola, tru = f["ola/ostensible/solver"], f["truthful/ostensible/solver"]
    return [
        Check("Figure 2 (OLA + RLHF)", "diamond-lava, P(lava)", ola["p_lava"], "=", 1.0,
              ola["p_lava"] == 1.0, f"ΔJ = {ola['gap']:.4f}, ε^A_desc = {ola['eps_desc_A']:g}"),
        Check("Figure 2 (truthful)", "diamond-lava, P(lava)", tru["p_lava"], "=", 0.0,
              tru["p_lava"] == 0.0, f"ΔJ = {tru['gap']:.4f}, P(diamond) = {tru['p_diamond']:g}"),
    ]


def run_all(seed: int = 0, *, n_lemma: int = 2000) -> list[Check]:
    """Every check printed by ``alignlab pap theorems``."""
    steps = (("Lemmas A.1–A.4", lambda: lemma_checks(seed, n_lemma)),
             ("Theorems 4.1, 5.1", lambda: gap_checks(seed)),
             ("Theorem 5.2", theorem_5_2_checks),
             ("OLA gap ceiling", lambda: [ola_gap_ceiling_check(seed)]),
             ("Theorem 5.3", lambda: theorem_5_3_checks(seed)),
             ("Figure 2", figure_2_checks))
    out: list[Check] = []
    with progress.bar("pap theorems", len(steps)) as shown:
        for name, step in steps:
            shown.update(description=f"pap theorems: {name}")
            out.extend(step())
            shown.advance()
    return out
