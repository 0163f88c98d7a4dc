"""The sampling rule: shortcut equals the definition; χ² over thousands of keys via the NumPy API."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from alignlab.watermark.evaluate import chi_square, distortion, marked_choices
from alignlab.watermark.generate import generate_batch
from alignlab.watermark.sampling import RULES, WRONG_RULES, gumbel_choice, gumbel_choice_reference
from alignlab.watermark.synthetic import distributions_with_entropy


@settings(max_examples=80, deadline=None)
@given(
    w=arrays(np.float64, st.integers(1, 40), elements=st.floats(0.0, 1.0)),
    seed=st.integers(0, 2**32 - 1),
)
def test_shortcut_equals_definition(w: np.ndarray, seed: int) -> None:
    if w.sum() == 0:
        w = w + 1.0
    p = w / w.sum()
    r = (np.random.default_rng(seed).random((50, p.size)) + 2.0**-60).clip(max=1 - 2.0**-53)
    pb = np.broadcast_to(p, r.shape)
    assert np.array_equal(gumbel_choice(pb, r), gumbel_choice_reference(pb, r))
    assert np.all(p[gumbel_choice(pb, r)] > 0)  # zero-probability ids are never chosen


@pytest.mark.parametrize(("vocab", "entropy"), [(8, 0.7), (32, 2.0), (200, 4.0)])
def test_correct_rule_not_rejected_wrong_rules_rejected(vocab: int, entropy: float) -> None:
    p = distributions_with_entropy(1, vocab, entropy, np.random.default_rng(vocab))[0]
    for name, rule in {**RULES, **WRONG_RULES}.items():
        x = marked_choices(p, 6000, rule, seed=vocab)
        _, pval = chi_square(np.bincount(x, minlength=vocab), p)
        if name in RULES:
            assert pval > 1e-3, name
        else:
            assert pval < 1e-6, name


def test_generate_api_over_many_keys_is_distortion_free() -> None:
    # Through the public batch generator: 4000 keys, one marked token each, fixed prompt.
    vocab = 16
    p = distributions_with_entropy(1, vocab, 1.5, np.random.default_rng(1))[0]
    keys = [f"user-{i}" for i in range(4000)]
    out = generate_batch(lambda ids: np.broadcast_to(p, (ids.shape[0], vocab)), keys,
                         np.tile([3, 1, 4, 1], (4000, 1)), 1, seed=0)
    _, pval = chi_square(np.bincount(out[:, 0], minlength=vocab), p)
    assert pval > 1e-3


def test_distortion_summary() -> None:
    d = distortion(n_keys=3000, seed=3)
    assert d.p_value["gumbel"] > 1e-3
    assert all(d.p_value[name] < 1e-6 for name in WRONG_RULES)


def test_chi_square_pools_small_cells() -> None:
    p = np.array([0.5, 0.4999, 0.0001, 0.0])
    stat, pval = chi_square(np.array([500, 499, 1, 0]), p)
    assert stat >= 0 and 0 <= pval <= 1
