"""Theorems 5.2 and 5.3 and Figure 2, and the full check list."""

from __future__ import annotations

import pytest

from alignlab.pap.agents import Protocol
from alignlab.pap.metrics import analyze_pap
from alignlab.pap.theorems import (
    Check,
    figure_2,
    ola_gap_ceiling_check,
    run_all,
    theorem_5_2_checks,
    theorem_5_2_result,
    theorem_5_3_checks,
    theorem_5_3_sides,
)
from alignlab.pap.worlds import diamond_lava_pap, ola_ceiling_pap, theorem_5_2_pap


@pytest.mark.parametrize("gamma", [0.1, 0.5, 0.75, 0.9, 0.99])
def test_theorem_5_2_gap_is_one_over_one_minus_gamma(gamma):
    """App. A.4: a0 pays 0 and stays, a1 pays 1 and moves to the absorbing s1 (1 forever); the
    human's model swaps the actions; the AI outputs the human's optimal plan. ΔJ = 1/(1−γ)."""
    res = theorem_5_2_result(gamma)
    assert res.d_H_A == 0.0 and res.eps_in_A == 0.0  # perfect RLHF, perfectly inner-aligned
    assert res.J_H_opt - res.J_H == 0.0  # the ostensible objective is maximised
    assert res.J_star == pytest.approx(1 / (1 - gamma), rel=1e-12)
    assert res.J == 0.0
    assert res.gap == pytest.approx(1 / (1 - gamma), rel=1e-12)


def test_theorem_5_2_rows_and_the_construction():
    rows = theorem_5_2_checks()
    assert [round(c.lhs, 9) for c in rows] == [2, 10, 100] and all(c.status == "PASS" for c in rows)
    pap = theorem_5_2_pap(0.9)
    r, P = pap.rewards["real"], pap.worlds["real"]
    assert r.tolist() == [[0, 1], [1, 1]] and P[0, 0, 0] == P[0, 1, 1] == P[1, 0, 1] == P[1, 1, 1] == 1
    assert (pap.rewards["swapped"] == r[:, ::-1]).all() and (pap.worlds["swapped"] == P[:, ::-1]).all()
    # a transitions-only swap would not fool the human: a1 stays optimal in that model
    only_world = analyze_pap(theorem_5_2_pap(0.9).__class__(
        rewards={"real": r}, worlds=dict(pap.worlds), s0=0, gamma=0.9, desire=pap.desire, world=pap.world,
        human_belief=dict(pap.human_belief), ai_belief=dict(pap.ai_belief)), Protocol("none", "ostensible", "solver"))
    assert only_world.gap == pytest.approx(0.0, abs=1e-12)


def test_ola_ceiling_is_ours_and_attained():
    c = ola_gap_ceiling_check(seed=5, n_random=4)
    assert c.holds and c.lhs == pytest.approx(1.0) and c.name.startswith("(ours)")
    res = analyze_pap(ola_ceiling_pap(0.9), Protocol("ola", "ostensible", "solver"))
    assert res.gap == pytest.approx(0.9 / 0.1)


def test_theorem_5_3_on_ola_examples():
    checks = theorem_5_3_checks(seed=0, n_random=4)
    assert checks and not any(c.failed for c in checks)
    lhs, rhs, delta, truthful = theorem_5_3_sides(diamond_lava_pap(0.9))
    assert delta > 0 and truthful == 0 and lhs >= rhs


def test_theorem_5_3_with_delta_zero_is_not_a_pass():
    """δ = 0 breaks the hypothesis δ > 0: the row is "hypothesis not met", never PASS."""
    (row,) = [c for c in theorem_5_3_checks(seed=0, n_random=0) if "ola-ceiling" in c.where]
    assert row.rhs == 0 and not row.hypothesis_met and row.status == "hypothesis not met"
    assert not row.failed and row.as_dict()["holds"] is False
    assert Check("x", "y", 1.0, "≥", 0.0, True, hypothesis_met=False).status == "hypothesis not met"


def test_figure_2_ola_dies_truthful_does_not():
    f = figure_2(0.9)
    ola, tru, none = f["ola/ostensible/solver"], f["truthful/ostensible/solver"], f["none/ostensible/solver"]
    assert ola["p_lava"] == 1.0 and ola["eps_desc_A"] == 0.0
    assert tru["p_lava"] == 0.0 and tru["p_diamond"] == 1.0 and tru["gap"] == pytest.approx(0.0, abs=1e-12)
    assert none["p_lava"] == 0.5


def test_every_check_holds():
    checks = run_all(seed=3, n_lemma=500)
    assert len(checks) >= 20
    failed = [c for c in checks if c.failed]
    assert not failed, failed
    vacuous = [c for c in checks if not c.hypothesis_met]
    assert all(c.status == "hypothesis not met" for c in vacuous)
    names = {c.name for c in checks}
    assert {"Theorem 4.1 (Z = AI)", "Theorem 4.1 (Z = human)", "(ours) OLA gap ceiling"} <= names
