"""AEAP protocols: teaching, learning, solver/advisor paths, metrics and §5.3 outcome classes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.pap import PAP, PapError, Protocol, Support, analyze_pap
from alignlab.pap.metrics import OUTCOMES, classify
from alignlab.pap.theorems import ATOL, theorem_4_1_sides, theorem_5_1_sides
from alignlab.pap.worlds import diamond_lava_pap, random_pap, theorem_5_2_pap


def test_protocol_validation():
    with pytest.raises(PapError, match="teaching"):
        Protocol("lying")
    with pytest.raises(PapError, match="rate"):
        Protocol(rate=0.0)
    with pytest.raises(PapError, match="rounds"):
        Protocol(rounds=0)


def test_truthful_teaching_with_ostensible_learning_reaches_the_optimum():
    pap = random_pap(np.random.default_rng(2))
    res = analyze_pap(pap, Protocol("truthful", "ostensible", "solver"))
    assert res.gap == pytest.approx(0.0, abs=1e-9)
    assert res.d_star_H == pytest.approx(0.0, abs=1e-12)
    assert res.d_H_A == 0.0
    assert res.outcomes["optimal"] == pytest.approx(1.0)


def test_partial_truthful_teaching_shrinks_the_human_error_geometrically():
    pap = random_pap(np.random.default_rng(3), n_desires=1)
    d0 = analyze_pap(pap, Protocol("none", "none", "advisor")).d_star_H
    d1 = analyze_pap(pap, Protocol("truthful", "none", "advisor", rate=0.5, rounds=1)).d_star_H
    d3 = analyze_pap(pap, Protocol("truthful", "none", "advisor", rate=0.5, rounds=3)).d_star_H
    assert d1 == pytest.approx(d0 / 2)
    assert d3 == pytest.approx(d0 / 8)


def test_ola_plants_the_world_with_the_highest_optimal_value():
    pap = diamond_lava_pap()
    res = analyze_pap(pap, Protocol("ola", "none", "advisor"))
    cool = analyze_pap(
        PAP(rewards=pap.rewards, worlds=pap.worlds, s0=pap.s0, gamma=pap.gamma, desire=pap.desire,
            world=pap.world, human_belief={"real": Support.point("cool")}, ai_belief=pap.ai_belief),
        Protocol("none", "none", "advisor"),
    )
    assert res.J_H_opt == pytest.approx(cool.J_H_opt)
    assert res.J_H_opt > res.J_star


def test_ostensible_learning_gives_perfect_descriptive_alignment():
    pap = random_pap(np.random.default_rng(4))
    for teaching in ("truthful", "ola", "none"):
        res = analyze_pap(pap, Protocol(teaching, "ostensible", "solver"))
        assert res.d_H_A == 0.0
        assert res.d_star_A == pytest.approx(res.d_star_H)
        assert res.eps_in_A == pytest.approx(0.0, abs=1e-9)


def test_outcome_classes_on_the_diamond_lava_world():
    pap = diamond_lava_pap(p_human_wrong=1.0)
    cases = {
        Protocol("ola", "ostensible", "solver"): "over-appreciation",
        Protocol("truthful", "ostensible", "solver"): "optimal",
        Protocol("ola", "desire", "advisor"): "under-appreciation",
    }
    for proto, expected in cases.items():
        assert analyze_pap(pap, proto).outcomes[expected] == pytest.approx(1.0), proto.label


def test_classify_covers_every_class():
    assert classify(5, 5, 3, 4, 4, True) == "optimal"
    assert classify(5, 4, 2, 1, 3, False) == "under-appreciation"
    assert classify(5, 1, 4, 6, 2, True) == "over-appreciation"
    assert classify(5, 3, 2, 3, 2, True) == "under-achievement"
    assert set(OUTCOMES) == {"optimal", "under-appreciation", "over-appreciation", "under-achievement"}


def test_advisor_human_keeps_its_plan_when_the_ai_plan_looks_worse():
    # Theorem 5.2's PAP: the AI knows the real MDP and proposes a1 forever; in the human's swapped
    # model that plan is worth 0, its own (a0 forever) 1/(1−γ), so the human keeps its plan.
    pap = theorem_5_2_pap(0.8)
    res = analyze_pap(pap, Protocol("none", "none", "advisor"))
    assert res.gap == pytest.approx(1 / 0.2, rel=1e-12)
    assert not any(e.accepted_ai_plan for e in res.episodes)
    assert res.outcomes["under-appreciation"] == 1.0


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31), teaching=st.sampled_from(["truthful", "ola", "none"]),
       learning=st.sampled_from(["ostensible", "desire", "none"]), path=st.sampled_from(["solver", "advisor"]),
       rate=st.sampled_from([1.0, 0.5]))
def test_theorems_4_1_and_5_1_on_random_paps(seed, teaching, learning, path, rate):
    pap = random_pap(np.random.default_rng(seed), S=3, A=2, n_worlds=2, n_desires=2)
    res = analyze_pap(pap, Protocol(teaching, learning, path, rate=rate))
    assert res.eps_in_A >= -ATOL and res.gap >= -ATOL
    assert sum(res.outcomes.values()) == pytest.approx(1.0)
    lhs, rhs = theorem_4_1_sides(res)
    assert lhs <= rhs + ATOL
    lhs, rhs = theorem_5_1_sides(res)
    assert lhs <= rhs + ATOL
