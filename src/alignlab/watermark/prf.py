"""Keyed, counter-based pseudorandom function r = PRF(key, context) ∈ (0,1)^V (paper 004, §PRF).

The context (the last ``k`` token ids, ``-1`` where the text is shorter) is hashed with keyed
BLAKE2b into a 128-bit Philox-4x64-10 key; uniform ``r_i`` is the ``i``-th output of that Philox
stream. Philox is counter based, so ``r_i`` for one token costs one block, and a batch of contexts
is evaluated at once by the vectorised Philox below, which matches ``numpy.random.Philox`` bit for
bit. Nothing depends on a device or a framework RNG, so results agree on every machine.
"""

from __future__ import annotations

import hashlib
import struct
import threading
from collections.abc import Sequence

import numpy as np

from alignlab.config import as_int
from alignlab.watermark.errors import WatermarkError

_PERSON = b"alignlab-wm-v1"  # BLAKE2b personalisation: domain separation from other uses of a key
_M32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_S11 = np.uint64(11)
_M0 = np.uint64(0xD2E7470EE14C6C93)
_M1 = np.uint64(0xCA5A826395121157)
_W0 = np.uint64(0x9E3779B97F4A7C15)
_W1 = np.uint64(0xBB67AE8584CAA73B)
_ULP = 2.0**-53


def key_bytes(key: object) -> bytes:
    """The secret key as BLAKE2b key bytes: a non-empty ``str`` (UTF-8) or ``bytes``."""
    if isinstance(key, str):
        raw = key.encode("utf-8")
    elif isinstance(key, bytes | bytearray):
        raw = bytes(key)
    else:
        raise WatermarkError(
            f"watermark key must be a str or bytes, got {type(key).__name__} ({key!r:.40})"
        )
    if not raw:
        raise WatermarkError("watermark key must not be empty")
    if len(raw) > 64:  # BLAKE2b keys hold at most 64 bytes; longer keys are hashed first
        raw = hashlib.blake2b(raw, person=_PERSON).digest()
    return raw


def check_k(k: object) -> int:
    """Context width ``k`` ≥ 1 (an int)."""
    from alignlab import limits

    k = as_int(k, "context width k", where="", lo=1, error=WatermarkError)
    return limits.check_count(k, "context width k", limits.CONTEXT, error=WatermarkError)


def context_of(tokens: Sequence[int] | np.ndarray, t: int, k: int) -> tuple[int, ...]:
    """The ``k`` ids before position ``t`` of ``tokens``, left-padded with ``-1``."""
    start = t - k
    ctx = [int(x) for x in tokens[max(start, 0) : t]]
    return (-1,) * max(-start, 0) + tuple(ctx)


def _digest(kb: bytes, context: Sequence[int]) -> bytes:
    """Keyed BLAKE2b-128 of (k as little-endian uint16, the context ids as little-endian int64)."""
    n = len(context)
    return hashlib.blake2b(struct.pack(f"<H{n}q", n, *context), key=kb, digest_size=16,
                           person=_PERSON).digest()


def philox_key(kb: bytes, context: Sequence[int]) -> tuple[int, int]:
    """Keyed BLAKE2b of (k, context ids as little-endian int64) → a 128-bit Philox key."""
    d = _digest(kb, context)
    return int.from_bytes(d[:8], "little"), int.from_bytes(d[8:], "little")


def _mulhilo(a: np.ndarray, b: np.uint64) -> tuple[np.ndarray, np.ndarray]:
    """High and low 64-bit words of the 128-bit product ``a * b`` (uint64, elementwise)."""
    al, ah = a & _M32, a >> _S32
    bl, bh = b & _M32, b >> _S32
    ll, hl, lh, hh = al * bl, ah * bl, al * bh, ah * bh
    cross = (ll >> _S32) + (hl & _M32) + lh
    return hh + (hl >> _S32) + (cross >> _S32), a * b


def philox4x64(counter: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Philox-4x64-10 (Salmon et al. 2011) on arrays: counter (..., 4), key (..., 2) → (..., 4)."""
    with np.errstate(over="ignore"):
        x0, x1, x2, x3 = (np.array(counter[..., i], dtype=np.uint64) for i in range(4))
        k0 = np.array(key[..., 0], dtype=np.uint64)
        k1 = np.array(key[..., 1], dtype=np.uint64)
        for rnd in range(10):
            if rnd:
                k0 = k0 + _W0
                k1 = k1 + _W1
            hi0, lo0 = _mulhilo(x0, _M0)
            hi1, lo1 = _mulhilo(x2, _M1)
            x0, x1, x2, x3 = hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0
    return np.stack([x0, x1, x2, x3], axis=-1)


def _to_unit(raw: np.ndarray) -> np.ndarray:
    """53 random bits → a float strictly inside (0, 1): (⌊raw/2¹¹⌋ + ½)·2⁻⁵³."""
    return ((raw >> _S11).astype(np.float64) + 0.5) * _ULP


_LOCAL = threading.local()
_HALF_ULP = 2.0**-54
_U8 = np.dtype("<u8")


def _philox_for(kb: bytes, context: Sequence[int]) -> np.random.Generator:
    """A ``Generator`` over ``numpy.random.Philox(key=philox_key(kb, context))`` at counter 0 (one
    reused per thread).

    The state dict is built once per thread and only its key is replaced: at every generated token
    this runs once, and each NumPy call it saves is worth several µs inside ``generate``, where the
    model's own work has evicted our code from the caches (benchmarks/watermark_generation.py).
    """
    gen = getattr(_LOCAL, "gen", None)
    if gen is None:
        gen = _LOCAL.gen = np.random.Generator(np.random.Philox(key=np.zeros(2, dtype=np.uint64)))
        _LOCAL.state = {
            "bit_generator": "Philox",
            "state": {"counter": np.zeros(4, dtype=np.uint64), "key": None},
            "buffer": np.zeros(4, dtype=np.uint64),  # the setter copies; these stay zero
            "buffer_pos": 4,
            "has_uint32": 0,
            "uinteger": 0,
        }
    _LOCAL.state["state"]["key"] = np.frombuffer(_digest(kb, context), dtype=_U8)  # = philox_key
    gen.bit_generator.state = _LOCAL.state
    return gen


def uniforms_sparse(kb: bytes, context: Sequence[int], ids: Sequence[int]) -> np.ndarray:
    """r_i for the token ids ``ids`` only (ascending, each ≥ 0): one Philox block per distinct ⌊i/4⌋.

    Equal bit for bit to ``uniforms(kb, context, V)[ids]``, at a cost that grows with ``len(ids)``
    instead of V (NumPy's C Philox is advanced over the blocks in between).
    """
    bitgen = _philox_for(kb, context).bit_generator
    raw = np.empty(len(ids), dtype=np.uint64)
    nxt, block, words = 0, -1, None
    for j, i in enumerate(ids):
        b = i >> 2
        if b != block:
            if b > nxt:
                bitgen.advance(b - nxt)
            words, block, nxt = bitgen.random_raw(4), b, b + 1
        raw[j] = words[i & 3]  # type: ignore[index]
    return _to_unit(raw)


def uniforms(kb: bytes, context: Sequence[int], vocab_size: int, out: np.ndarray | None = None
             ) -> np.ndarray:
    """r ∈ (0,1)^V for one context (NumPy's C Philox: the fast path for generation), in ``out``
    (float64, length V, C-contiguous; returned) when given.

    NumPy's C Philox ``random`` gives ⌊raw/2¹¹⌋·2⁻⁵³ per output; adding 2⁻⁵⁴ rounds exactly as
    :func:`_to_unit`'s (⌊raw/2¹¹⌋ + ½)·2⁻⁵³ (the same real number, scaled by a power of two), so
    the values are bit for bit those of :func:`uniforms_batch`, without a temporary array.
    """
    r = _philox_for(kb, context).random(vocab_size, out=out)
    r += _HALF_ULP
    return r


def uniforms_batch(philox_keys: np.ndarray, vocab_size: int) -> np.ndarray:
    """r for many contexts at once: philox_keys (m, 2) uint64 → (m, V) floats."""
    m = philox_keys.shape[0]
    blocks = -(-vocab_size // 4)
    ctr = np.zeros((m, blocks, 4), dtype=np.uint64)
    ctr[..., 0] = np.arange(1, blocks + 1, dtype=np.uint64)  # NumPy's Philox increments first
    keys = np.broadcast_to(philox_keys[:, None, :], (m, blocks, 2))
    return _to_unit(philox4x64(ctr, keys).reshape(m, blocks * 4)[:, :vocab_size])


def uniforms_at(philox_keys: np.ndarray, tokens: np.ndarray) -> np.ndarray:
    """r_{x} for many (context, token) pairs: one Philox block each (the fast path for detection)."""
    tok = np.asarray(tokens, dtype=np.uint64)
    ctr = np.zeros((tok.shape[0], 4), dtype=np.uint64)
    ctr[:, 0] = tok // np.uint64(4) + np.uint64(1)
    out = philox4x64(ctr, philox_keys)
    return _to_unit(out[np.arange(tok.shape[0]), (tok % np.uint64(4)).astype(np.intp)])


def philox_keys_for(kb: bytes, contexts: Sequence[Sequence[int]]) -> np.ndarray:
    """Philox keys (m, 2) uint64 for a list of contexts."""
    out = np.empty((len(contexts), 2), dtype=np.uint64)
    for i, ctx in enumerate(contexts):
        out[i] = philox_key(kb, ctx)
    return out
