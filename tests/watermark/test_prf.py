"""The keyed PRF: vectorised Philox equals NumPy's, determinism, key and k validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.prf import (
    check_k,
    context_of,
    key_bytes,
    philox4x64,
    philox_key,
    philox_keys_for,
    uniforms,
    uniforms_at,
    uniforms_batch,
    uniforms_sparse,
)

U64 = st.integers(min_value=0, max_value=2**64 - 1)


@settings(max_examples=40, deadline=None)
@given(k0=U64, k1=U64, start=st.integers(0, 2**40))
def test_vectorised_philox_matches_numpy(k0: int, k1: int, start: int) -> None:
    key = np.array([k0, k1], dtype=np.uint64)
    ref = np.random.Philox(key=key, counter=np.array([start, 0, 0, 0], dtype=np.uint64)).random_raw(8)
    ctr = np.zeros((2, 4), dtype=np.uint64)
    ctr[:, 0] = [start + 1, start + 2]  # NumPy increments the counter before each block
    got = philox4x64(ctr, np.broadcast_to(key, (2, 2))).ravel()
    assert np.array_equal(got, ref)


def test_batch_and_single_token_paths_agree_with_generation_path() -> None:
    kb = key_bytes("secret")
    ctxs = [(1, 2, 3, 4), (4, 3, 2, 1), (-1, -1, 0, 7)]
    full = np.stack([uniforms(kb, c, 37) for c in ctxs])
    pk = philox_keys_for(kb, ctxs)
    assert np.array_equal(uniforms_batch(pk, 37), full)
    toks = np.array([0, 36, 17])
    assert np.array_equal(uniforms_at(pk, toks), full[np.arange(3), toks])
    assert np.all((full > 0) & (full < 1))


def test_sparse_and_buffer_paths_equal_the_full_draw() -> None:
    kb = key_bytes("secret")
    rng = np.random.default_rng(0)
    for ctx, vocab in (((1, 2, 3, 4), 50_257), ((-1, -1, 5, 6), 9), ((7,), 1)):
        full = uniforms(kb, ctx, vocab)
        assert np.array_equal(full, uniforms_batch(philox_keys_for(kb, [ctx]), vocab)[0])
        for n in (1, 2, 5, 60):
            ids = sorted(set(rng.integers(0, vocab, n).tolist()))
            assert np.array_equal(uniforms_sparse(kb, ctx, ids), full[ids])
        ids = list(range(min(vocab, 9)))  # consecutive ids, several per Philox block
        assert np.array_equal(uniforms_sparse(kb, ctx, ids), full[ids])
        out = np.empty(vocab)
        assert uniforms(kb, ctx, vocab, out) is out and np.array_equal(out, full)


def test_prf_is_pinned_across_machines() -> None:
    # Golden values: BLAKE2b + Philox are fully specified, so these must never change.
    kb = key_bytes("alignlab")
    assert philox_key(kb, (1, 2, 3, 4)) == philox_key(key_bytes(b"alignlab"), [1, 2, 3, 4])
    r = uniforms(kb, (1, 2, 3, 4), 4)
    assert r.tolist() == pytest.approx(GOLDEN, abs=0)


GOLDEN = [0.7773540291416718, 0.9988270041016849, 0.7519399899709582, 0.7040307038867666]


def test_key_and_context_sensitivity() -> None:
    a = uniforms(key_bytes("a"), (1, 2, 3, 4), 64)
    assert not np.array_equal(a, uniforms(key_bytes("b"), (1, 2, 3, 4), 64))
    assert not np.array_equal(a, uniforms(key_bytes("a"), (1, 2, 3, 5), 64))
    assert not np.array_equal(a, uniforms(key_bytes("a"), (2, 3, 4), 64))  # width is hashed too
    assert np.array_equal(a, uniforms(key_bytes("a"), (1, 2, 3, 4), 64))


def test_long_keys_are_hashed_not_truncated() -> None:
    long1, long2 = "x" * 100, "x" * 99 + "y"
    assert key_bytes(long1) != key_bytes(long2)
    assert len(key_bytes(long1)) <= 64


@pytest.mark.parametrize("bad", [5, 3.0, None, ["k"], True, ""])
def test_bad_keys(bad: object) -> None:
    with pytest.raises(WatermarkError, match="key"):
        key_bytes(bad)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "4", True, None])
def test_bad_k(bad: object) -> None:
    with pytest.raises(WatermarkError, match="k must be an integer >= 1"):
        check_k(bad)


def test_context_padding() -> None:
    assert context_of([5, 6, 7], 2, 4) == (-1, -1, 5, 6)
    assert context_of([5, 6, 7, 8, 9], 5, 2) == (8, 9)
