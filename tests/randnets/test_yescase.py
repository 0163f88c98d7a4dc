"""The YES-case estimate: exhaustive over {0,1}^{2n}, baselines and the ReLU contrast."""

import itertools

import numpy as np
import pytest

from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.yescase import all_inputs, yes_case_fraction


def test_all_inputs_enumerates_every_bit_string():
    x = all_inputs(2)
    assert x.shape == (16, 5)
    bits = {tuple(((row[:4] + 1) / 2).astype(int)) for row in x}
    assert bits == set(itertools.product((0, 1), repeat=4))
    assert np.all(x[:, -1] == 1)


def test_failing_inputs_average_two_to_the_n_and_relu_makes_yes_common():
    n = 2
    tanh = yes_case_fraction("tanh", n, width=32, depth=8, nets=1500, seed=1)
    relu = yes_case_fraction("relu", n, width=32, depth=8, nets=1500, seed=1)
    # each input fails with probability exactly 2^-n whatever σ: mean failing count = 2^n
    for r in (tanh, relu):
        assert r.mean_failing_inputs == pytest.approx(2**n, rel=0.12)
    assert relu.ci_low > 0.3  # correlated outputs: P(C) is common for plain ReLU
    assert tanh.ci_high < 0.1  # mean-zero: far rarer, towards the independent value
    assert tanh.independent_prob == pytest.approx((3 / 4) ** 16)


def test_yes_fraction_is_a_real_count():
    r = yes_case_fraction("relu-center", 1, width=16, depth=2, nets=200, seed=3)
    assert r.fraction == r.yes_count / r.nets
    assert r.ci_low <= r.fraction <= r.ci_high


@pytest.mark.parametrize(("n", "fragment"), [(0, "n must be"), (7, "n must be"), (1.5, "n must be")])
def test_bad_n(n, fragment):
    with pytest.raises(RandnetsError, match=fragment):
        yes_case_fraction("tanh", n, nets=2)
