"""Theorems 5.2 and 5.3 and Figure 2, and the full check list."""

from __future__ import annotations

import pytest

from alignlab.pap.theorems import (
    figure_2,
    ola_gap_ceiling_check,
    run_all,
    theorem_5_2_result,
    theorem_5_3_checks,
    theorem_5_3_sides,
)
from alignlab.pap.worlds import diamond_lava_pap


@pytest.mark.parametrize("gamma", [0.1, 0.5, 0.75, 0.9, 0.99])
def test_theorem_5_2_gap(gamma):
    res = theorem_5_2_result(gamma)
    assert res.d_H_A == 0.0 and res.eps_in_A == 0.0  # perfect RLHF, perfectly inner-aligned
    assert res.J_star == pytest.approx(1 / (1 - gamma), rel=1e-12)
    assert res.gap == pytest.approx(gamma / (1 - gamma), rel=1e-12)
    # Returns counted from the first transition (the shared first reward removed): 1/(1−γ).
    assert res.gap / gamma == pytest.approx(1 / (1 - gamma), rel=1e-12)


def test_theorem_5_2_attains_the_ola_ceiling():
    c = ola_gap_ceiling_check(seed=5, n_random=4)
    assert c.holds and c.lhs <= 1.0


def test_theorem_5_3_on_ola_examples():
    checks = theorem_5_3_checks(seed=0, n_random=4)
    assert checks and all(c.holds for c in checks)
    lhs, rhs, delta = theorem_5_3_sides(diamond_lava_pap(0.9))
    assert delta > 0 and lhs >= rhs


def test_figure_2_ola_dies_truthful_does_not():
    f = figure_2(0.9)
    ola, tru, none = f["ola/ostensible/solver"], f["truthful/ostensible/solver"], f["none/ostensible/solver"]
    assert ola["p_lava"] == 1.0 and ola["eps_desc_A"] == 0.0
    assert tru["p_lava"] == 0.0 and tru["p_diamond"] == 1.0 and tru["gap"] == pytest.approx(0.0, abs=1e-12)
    assert none["p_lava"] == 0.5


def test_every_check_holds():
    checks = run_all(seed=3, n_lemma=500)
    assert len(checks) >= 20
    failed = [c for c in checks if not c.holds]
    assert not failed, failed
