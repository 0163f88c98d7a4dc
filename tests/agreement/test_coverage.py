"""Reward hacking (Prop. 5): miss rate (1−ν)^K, and a per-slice budget that finds the needle."""

import numpy as np
import pytest

from alignlab.agreement.coverage import needle_hunt
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.instances import needle_prior


@pytest.mark.parametrize("nu,K", [(0.01, 100), (0.002, 300), (0.05, 20)])
def test_miss_rate_matches_one_minus_nu_to_the_K(nu, K):
    res = needle_hunt(needle_prior(40, 5, mass=nu), 5, K, np.random.default_rng(K), trials=3000)
    u = res["uniform"]
    assert u["predicted"] == pytest.approx((1 - nu) ** K)
    assert u["ci"][0] <= u["predicted"] <= u["ci"][1]


def test_targeted_budget_finds_the_needle_uniform_misses():
    D = 14
    prior = needle_prior(D, 3)  # ν = e^{-14} ≈ 8e-7
    res = needle_hunt(prior, 3, 60, np.random.default_rng(0), slice_states=[0, 1, 2, 3, 4],
                      slice_budget=0.5, trials=2000)
    assert res["nu"] == pytest.approx(np.exp(-D), rel=1e-9)
    assert res["uniform"]["miss_rate"] > 0.99  # K = 60 ≪ e^D: uniform sampling misses it
    t = res["targeted"]
    assert t["miss_rate"] < 0.01 and t["needle_in_slice"] and t["slice_draws"] == 30
    assert t["ci"][0] <= t["predicted"] <= t["ci"][1]


def test_coverage_errors():
    with pytest.raises(AgreementError, match="needle 9 is not a state"):
        needle_hunt(np.ones(4), 9, 10, np.random.default_rng(0))
    with pytest.raises(AgreementError, match="needle mass"):
        needle_prior(5, 0, mass=1.5)
