"""The bounds as the paper prints them (constants 1), checked against hand-computed values."""

import math

import pytest

from alignlab.agreement import bounds
from alignlab.agreement.bounds import BoundParams, table
from alignlab.agreement.errors import AgreementError

SET_A = dict(M=1, N=2, D=1000, eps=0.1, delta=0.1)  # the comparison set


def test_corollary1_worked_example_of_section_5_2():
    """§5.2: N = 2, M = 1, ε = δ = ρ = 1/2, α = 1/100, common prior → ≈ 10^(10^13.27979)."""
    t = table(M=1, N=2, D=1000, eps=0.5, delta=0.5, rho=0.5, alpha=0.01, common_prior=True)
    assert round(t.values["corollary1_log10log10"], 5) == 13.27979
    # by hand: x2 = 9·1·2⁷/(1/4)² = 18432; (11/α)^(x2³) · ρ^(−2·x2) · M·T_{N,q} (T = 4)
    x2 = 9 * 2**7 / 0.25**2
    lg = math.log10(4) + x2**3 * math.log10(1100) + 2 * x2 * math.log10(2)
    assert t.values["corollary1_log10"] == pytest.approx(lg, rel=1e-12)
    assert t.values["theorem2_x1"] is None  # common prior: no first term
    # ρ multiplies: its power adds 2·x2·log10 2 ≈ 11097 to log10 of the count, not to log10 log10
    no_rho = table(M=1, N=2, D=1000, eps=0.5, delta=0.5, rho=1.0, alpha=0.01, common_prior=True)
    assert t.values["corollary1_log10"] - no_rho.values["corollary1_log10"] == pytest.approx(
        2 * x2 * math.log10(2), rel=1e-3)


def test_set_a_values():
    t = table(**SET_A, theta=0.1).values
    assert t["theorem1_messages"] == pytest.approx(4000 + 128 / 1e-4)
    # App. F: M N² D + M³ N⁷ ln(M N²/δ) / ((1−2θ) ε² δ) = 4000 + 128·ln 40/0.0008
    assert t["bbf_messages"] == pytest.approx(4000 + 128 * math.log(40) / 0.0008)
    assert round(t["bbf_messages"]) == 594221
    assert t["bbf_beta"] == pytest.approx(8)
    # Theorem 2 with α = ε/50, B = 1/α, δ_find = δ_agree = δ/3: B^x2 dominates
    x1 = 4000 * math.log(3 * 4000 / (0.1 / 3)) / math.log(500)
    x2 = 9 * 128 / (0.1 / 3 * 0.1) ** 2
    assert t["theorem2_x1"] == pytest.approx(x1) and t["theorem2_x2"] == pytest.approx(x2)
    lg = math.log10(4) + x2 * math.log10(500)
    assert t["theorem2_log10"] == pytest.approx(lg)
    assert t["theorem2_log10log10"] == pytest.approx(math.log10(lg))
    # Prop. 5: M (q T_sample,H + (N−q) T_sample,AI) e^D with q = 1: log10 2 + D log10 e
    assert t["prop5_log10"] == pytest.approx(math.log10(2) + 1000 / math.log(10))


def test_prop5_sums_sampling_times_over_agents():
    one = bounds.prop5_log10(1, 50, bounds.t_nq_sample(4, 1, 10.0, 1.0))
    assert one == pytest.approx(math.log10(1 * 10 + 3 * 1) + 50 / math.log(10))


def test_eq11_tree_draws():
    assert bounds.tree_draws(2, 10) == 2046 == sum(2**k for k in range(1, 11))
    assert bounds.tree_draws(3, 1) == 3 and bounds.tree_draws(1, 5) == 5 and bounds.tree_draws(7, 0) == 0


def test_one_row_per_numbered_result_with_locations():
    t = table(**SET_A)
    names = [r.result for r in t.rows]
    want = ["Prop. 1", "Prop. 2", "Prop. 3", "Theorem 1", "Lemma 1", "Lemma 2", "Lemma 3", "Prop. 4",
            "Theorem 2", "Corollary 1", "Prop. 5", "App. B", "App. F", "Lemma 4", "Lemma 5", "Lemma 6",
            "Lemma 8", "Lemma 9", "Lemma 10"]
    assert names == want
    assert all(r.where and r.statement and r.display for r in t.rows)
    d = t.as_dict()
    for k in ("theorem1_messages", "bbf_messages", "theorem2_log10log10", "corollary1_log10log10", "prop5_log10"):
        assert k in d
    assert [r["result"] for r in d["rows"]] == want


def _warned(t, result):
    return " ".join(next(r for r in t.rows if r.result == result).warnings)


def test_hypothesis_warnings():
    ok = table(**{**SET_A, "M": 2}, theta=0.25, nu=0.5)
    assert all(not r.warnings for r in ok.rows), [(r.result, r.warnings) for r in ok.rows if r.warnings]
    assert "not BBF(3)" in _warned(table(**SET_A, theta=0.1), "App. F")
    assert "0 < θ ≤ 1/3" in _warned(table(**SET_A, theta=0.4), "App. F")
    assert "ε/50 ≤ α ≤ ε/40" in _warned(table(**SET_A, alpha=0.01), "Theorem 2")
    assert "B ≥ 1/α" in _warned(table(**SET_A, B=10), "Corollary 1")
    assert "1 ≤ q < N" in _warned(table(**SET_A, q=2), "Theorem 2")
    assert "1 ≤ q < N" in _warned(table(**SET_A, q=0), "Prop. 5")
    assert "δ_find + δ_agree < δ" in _warned(table(**SET_A, delta_find=0.05, delta_agree=0.05), "Theorem 2")
    assert "δ < ν/2" in _warned(table(**SET_A, nu=0.1), "Prop. 2")
    assert "M ≥ 2" in _warned(table(**SET_A, nu=0.5), "Prop. 3")


def test_defaults_and_common_prior():
    p = BoundParams(**SET_A).resolved()
    assert p.alpha == pytest.approx(0.002) and pytest.approx(500) == p.B
    assert p.delta_find == pytest.approx(0.1 / 3) and p.delta_agree == pytest.approx(0.1 / 3)
    cp = BoundParams(**SET_A, common_prior=True).resolved()
    assert cp.delta_agree == 0.1
    t = table(**SET_A, common_prior=True).values
    x2 = 9 * 128 / (0.1 * 0.1) ** 2
    assert t["theorem2_log10"] == pytest.approx(math.log10(4) + x2 * math.log10(500))


def test_lower_bounds_and_aaronson():
    assert bounds.prop1_bits(1, 2, 0.25) == 8
    assert bounds.prop2_bits(1, 2, 0.25, 1.0) == 12
    assert bounds.prop3_bits(1, 2, 10, 0.25, 0.5, beta=4) == 4 * (5 + 2) / 2
    assert bounds.aaronson_messages(0.1, 0.5) == pytest.approx(200)
    assert bounds.theorem1_messages(1, 2, 10, 0.5, 0.5) == 4 * 10 + 2**7 / (0.25**2)


def test_bad_parameters():
    with pytest.raises(AgreementError, match="eps"):
        table(M=1, N=2, D=100, eps=1.5, delta=0.5)
    with pytest.raises(AgreementError, match="N ≥ 2"):
        bounds.theorem1_messages(1, 1, 10, 0.1, 0.1)
    with pytest.raises(AgreementError, match="theta"):
        table(**SET_A, theta=0.5)
    with pytest.raises(AgreementError, match="q"):
        table(**SET_A, q=3)
    with pytest.raises(AgreementError, match="B must be"):
        table(**SET_A, B=1)
