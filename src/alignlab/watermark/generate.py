"""Framework-free watermarked generation from any next-token probability function (NumPy).

``next_probs(tokens) -> p`` receives the ids so far (prompt + generated, int64) and returns the
*final* distribution the sampler would use (after temperature, top-k, top-p …); the token is
argmax_i log(r_i)/p_i with r = PRF(key, last k ids). When the context was already used earlier in
the text, r would repeat, so with ``skip_repeated`` that step falls back to plain sampling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from alignlab.config import as_int
from alignlab.runtime import rng as make_rng
from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.prf import check_k, context_of, key_bytes, uniforms
from alignlab.watermark.sampling import check_probs, gumbel_choice

NextProbs = Callable[[np.ndarray], np.ndarray]
BatchNextProbs = Callable[[np.ndarray], np.ndarray]  # (m, t) ids → (m, V) probabilities


@dataclass(frozen=True)
class Generation:
    """Generated ids (prompt excluded) and how many steps fell back to plain sampling."""

    tokens: tuple[int, ...]
    n_plain: int


def _check_n(n_tokens: object) -> int:
    return as_int(n_tokens, "number of tokens to generate", where="", lo=1, error=WatermarkError)


def _prompt(prompt: Sequence[int] | np.ndarray) -> list[int]:
    arr = np.asarray(prompt)
    if arr.size and (arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer) or arr.min() < 0):
        raise WatermarkError("prompt must be a flat list of non-negative integer token ids")
    return [int(x) for x in arr.ravel()]


def sample_plain(p: np.ndarray, gen: np.random.Generator) -> int:
    """Ordinary sampling x ~ p by inverse CDF (one uniform from ``gen``)."""
    cum = np.cumsum(p)
    return min(int(np.searchsorted(cum, gen.random() * cum[-1], side="right")), p.shape[0] - 1)


def generate(
    next_probs: NextProbs,
    key: str | bytes,
    n_tokens: int,
    *,
    prompt: Sequence[int] | np.ndarray = (),
    k: int = 4,
    skip_repeated: bool = True,
    seed: int = 0,
) -> Generation:
    """Watermarked generation of ``n_tokens`` ids (Algorithm: Gumbel-max with a keyed PRF)."""
    kb, k, n_tokens = key_bytes(key), check_k(k), _check_n(n_tokens)
    ids = _prompt(prompt)
    gen = make_rng(seed)
    seen: set[tuple[int, ...]] = set()
    n_plain = 0
    for _ in range(n_tokens):
        p = check_probs(next_probs(np.asarray(ids, dtype=np.int64)))
        ctx = context_of(ids, len(ids), k)
        if skip_repeated and ctx in seen:
            tok = sample_plain(p, gen)
            n_plain += 1
        else:
            seen.add(ctx)
            tok = int(gumbel_choice(p, uniforms(kb, ctx, p.shape[0])))
        ids.append(tok)
    return Generation(tuple(ids[len(ids) - n_tokens :]), n_plain)


def generate_plain(
    next_probs: NextProbs, n_tokens: int, *, prompt: Sequence[int] | np.ndarray = (), seed: int = 0
) -> Generation:
    """Ordinary sampling x ~ p with a seeded NumPy generator (the unmarked baseline)."""
    n_tokens = _check_n(n_tokens)
    ids = _prompt(prompt)
    gen = make_rng(seed)
    for _ in range(n_tokens):
        p = check_probs(next_probs(np.asarray(ids, dtype=np.int64)))
        ids.append(sample_plain(p, gen))
    return Generation(tuple(ids[len(ids) - n_tokens :]), n_tokens)


def generate_batch(
    next_probs: BatchNextProbs,
    keys: str | bytes | Sequence[str | bytes],
    prompts: np.ndarray,
    n_tokens: int,
    *,
    k: int = 4,
    skip_repeated: bool = True,
    seed: int = 0,
) -> np.ndarray:
    """Watermark m texts side by side (one key, or one key per text): returns (m, n_tokens) ids."""
    k, n_tokens = check_k(k), _check_n(n_tokens)
    ids = np.asarray(prompts, dtype=np.int64)
    if ids.ndim != 2:
        raise WatermarkError(f"prompts must be an (m, length) array of ids, got shape {ids.shape}")
    m = ids.shape[0]
    kbs = [key_bytes(keys)] * m if isinstance(keys, str | bytes) else [key_bytes(x) for x in keys]
    if len(kbs) != m:
        raise WatermarkError(f"got {len(kbs)} keys for {m} texts")
    gen = make_rng(seed)
    seen: list[set[tuple[int, ...]]] = [set() for _ in range(m)]
    out = np.empty((m, ids.shape[1] + n_tokens), dtype=np.int64)
    out[:, : ids.shape[1]] = ids
    for t in range(ids.shape[1], ids.shape[1] + n_tokens):
        p = next_probs(out[:, :t])
        cum = np.cumsum(p, axis=1)
        plain = (cum < gen.random((m, 1)) * cum[:, -1:]).sum(axis=1)
        r = np.empty_like(p)
        marked = np.ones(m, dtype=bool)
        for i in range(m):
            ctx = context_of(out[i], t, k)
            if skip_repeated and ctx in seen[i]:
                marked[i] = False
                r[i] = 0.5
                continue
            seen[i].add(ctx)
            r[i] = uniforms(kbs[i], ctx, p.shape[1])
        out[:, t] = np.where(marked, gumbel_choice(p, r), np.minimum(plain, p.shape[1] - 1))
    return out[:, ids.shape[1] :]
