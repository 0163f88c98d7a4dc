import math

import pytest

from alignlab.agreement import bounds
from alignlab.agreement.errors import AgreementError


def test_corollary1_worked_example_both_numbers():
    # N = 2, M = 1, ε = δ = ρ = 1/2, α = 1/100
    without = bounds.corollary1_log10log10(1, 2, 0.5, 0.5, 0.01, 0.5, with_rho=False)
    printed = bounds.corollary1_log10log10(1, 2, 0.5, 0.5, 0.01, 0.5)
    assert abs(without - 13.27979) < 1e-4  # the paper's ≈ 10^(10^13.27979)
    assert abs(printed - 11110.4) < 0.05  # the printed formula, ρ factor included
    # the gap is exactly the ρ exponent: 18 M² N⁷/(δε)² · log10(1/ρ)
    assert abs(printed - without - 18 * 2**7 / 0.25**2 * math.log10(2)) < 1e-6


def test_theorem1_terms_and_monotonicity():
    assert bounds.theorem1_messages(1, 2, 10, 0.5, 0.5) == 4 * 10 + 2**7 / (0.25**2)
    assert bounds.theorem1_messages(2, 2, 10, 0.5, 0.5) > bounds.theorem1_messages(1, 2, 10, 0.5, 0.5)
    assert bounds.theorem1_messages(1, 3, 10, 0.1, 0.1) > bounds.theorem1_messages(1, 3, 10, 0.2, 0.1)
    assert bounds.bbf_messages(1, 2, 10, 0.5, 0.5, 0.1) > bounds.theorem1_messages(1, 2, 10, 0.5, 0.5)


def test_lower_bounds():
    assert bounds.prop1_bits(1, 2, 0.25) == 8
    assert bounds.prop2_bits(1, 2, 0.25, 1.0) == 12
    assert bounds.prop3_bits(1, 2, 10, 0.25, 0.5, beta=4) == 4 * (5 + 2) / 2
    assert abs(bounds.prop5_log10(1, 100) - 100 / math.log(10)) < 1e-9
    assert bounds.aaronson_messages(0.1, 0.5) == pytest.approx(200)


def test_table_and_errors():
    t = bounds.table(1, 2, 100, 0.5, 0.5, 0.1).as_dict()
    assert set(t) >= {"theorem1_messages", "prop1_bits", "corollary1_log10log10", "prop5_log10"}
    with pytest.raises(AgreementError, match="eps"):
        bounds.table(1, 2, 100, 1.5, 0.5)
    with pytest.raises(AgreementError, match="N ≥ 2"):
        bounds.theorem1_messages(1, 1, 10, 0.1, 0.1)
