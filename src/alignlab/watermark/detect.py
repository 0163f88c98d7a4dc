"""Detection: S = Σ_t −ln(1 − r_{x_t}) over scored tokens, p = P(Gamma(n,1) ≥ S) (paper 004, §Detect).

A token x_t is scored when it has a full context of k preceding ids and the pair (context, x_t)
has not occurred earlier in the text: a repeated pair repeats r_{x_t}, so counting it again would
break the Gamma(n, 1) null (repetitive human text would look marked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from alignlab.config import as_int
from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.prf import check_k, key_bytes, philox_key, uniforms_at
from alignlab.watermark.stats import log10_pvalue, log10_pvalues
from alignlab.watermark.tokens import check_tokens

DEFAULT_ALPHA = 1e-3


class NotEnoughTokens(WatermarkError):
    """The text has no scorable token (shorter than k + 1 ids, or only repeated pairs)."""


@dataclass(frozen=True)
class Detection:
    """Score S, scored-token count n, log10 P(Gamma(n,1) ≥ S), verdict at ``alpha`` and the trace."""

    score: float
    n_scored: int
    log10_p: float
    detected: bool
    alpha: float
    trace: tuple[float, ...]  # −ln(1 − r_{x_t}) per position; NaN where not scored

    def summary(self) -> dict[str, object]:
        """The four headline fields (the CLI's ``--json`` object)."""
        return {
            "score": self.score,
            "n_scored": self.n_scored,
            "log10_p": self.log10_p,
            "detected": self.detected,
        }


def _check_alpha(alpha: float) -> float:
    if not 0.0 < float(alpha) < 1.0:
        raise WatermarkError(f"alpha must be in (0, 1), got {alpha!r}")
    return float(alpha)


def scored_positions(tokens: np.ndarray, k: int, skip_repeated: bool = True) -> np.ndarray:
    """Positions t ≥ k whose (context, token) pair is new in the text."""
    seen: set[tuple[int, ...]] = set()
    keep = []
    ids = tokens.tolist()
    for t in range(k, len(ids)):
        pair = tuple(ids[t - k : t + 1])
        if skip_repeated:
            if pair in seen:
                continue
            seen.add(pair)
        keep.append(t)
    return np.asarray(keep, dtype=np.int64)


def token_scores(
    tokens: np.ndarray, kb: bytes, k: int, skip_repeated: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Scored positions and their −ln(1 − r_{x_t})."""
    pos = scored_positions(tokens, k, skip_repeated)
    if pos.size == 0:
        return pos, np.zeros(0)
    ids = tokens.tolist()
    pk = np.empty((pos.size, 2), dtype=np.uint64)
    for i, t in enumerate(pos.tolist()):
        pk[i] = philox_key(kb, ids[t - k : t])
    r = uniforms_at(pk, tokens[pos])
    return pos, -np.log1p(-r)


def detect(
    tokens: Sequence[int] | np.ndarray,
    key: str | bytes,
    *,
    k: int = 4,
    vocab_size: int | None = None,
    alpha: float = DEFAULT_ALPHA,
    skip_repeated: bool = True,
) -> Detection:
    """Score a text; raises :class:`NotEnoughTokens` when nothing can be scored."""
    kb, k, alpha = key_bytes(key), check_k(k), _check_alpha(alpha)
    ids = check_tokens(tokens, vocab_size)
    pos, s = token_scores(ids, kb, k, skip_repeated)
    if pos.size == 0:
        raise NotEnoughTokens(
            f"not enough tokens: {ids.size} token(s) give no scored token with context width "
            f"k={k} (need at least k+1 = {k + 1} tokens with a new (context, token) pair)"
        )
    trace = np.full(ids.size, np.nan)
    trace[pos] = s
    score = float(s.sum())
    lp = log10_pvalue(score, int(pos.size))
    return Detection(score, int(pos.size), lp, bool(lp <= np.log10(alpha)), alpha, tuple(trace.tolist()))


@dataclass(frozen=True)
class WindowDetection:
    """Sliding-window detection: each window's start, n, log10 p, and the Bonferroni-corrected best."""

    starts: tuple[int, ...]
    n_scored: tuple[int, ...]
    log10_p: tuple[float, ...]
    best_start: int
    log10_p_corrected: float  # log10 min(1, m · min_w p_w) over m windows
    detected: bool


def detect_windows(
    tokens: Sequence[int] | np.ndarray,
    key: str | bytes,
    *,
    window: int = 64,
    stride: int | None = None,
    k: int = 4,
    vocab_size: int | None = None,
    alpha: float = DEFAULT_ALPHA,
    skip_repeated: bool = True,
) -> WindowDetection:
    """Detection over windows of ``window`` positions (for texts where only a part is marked)."""
    kb, k, alpha = key_bytes(key), check_k(k), _check_alpha(alpha)
    ids = check_tokens(tokens, vocab_size)
    window = as_int(window, "window", where="", lo=1, error=WatermarkError)
    window = min(window, ids.size)  # a window longer than the text is the whole text
    stride = max(1, window // 4) if stride is None else stride
    stride = as_int(stride, "stride", where="", lo=1, error=WatermarkError)
    pos, s = token_scores(ids, kb, k, skip_repeated)
    if pos.size == 0:
        raise NotEnoughTokens(f"not enough tokens: no scored token with context width k={k}")
    full = np.zeros(ids.size)
    full[pos] = s
    mark = np.zeros(ids.size)
    mark[pos] = 1.0
    cs, cn = np.concatenate([[0.0], np.cumsum(full)]), np.concatenate([[0.0], np.cumsum(mark)])
    starts = np.arange(0, max(ids.size - window, 0) + 1, stride)
    ends = np.minimum(starts + window, ids.size)
    ws, wn = cs[ends] - cs[starts], (cn[ends] - cn[starts]).astype(np.int64)
    lp = np.where(wn > 0, log10_pvalues(ws, np.maximum(wn, 1)), 0.0)
    best = int(np.argmin(lp))
    corrected = min(0.0, float(lp[best]) + float(np.log10(starts.size)))
    return WindowDetection(
        tuple(starts.tolist()), tuple(wn.tolist()), tuple(lp.tolist()), int(starts[best]),
        corrected, bool(corrected <= np.log10(alpha)),
    )


def detect_many(
    texts: Sequence[np.ndarray] | np.ndarray,
    key: str | bytes | Sequence[str | bytes],
    *,
    k: int = 4,
    skip_repeated: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, scored counts and log10 p for many texts in one vectorised PRF pass (NaN p if n=0).

    ``key`` is one key for all texts or one per text.
    """
    k = check_k(k)
    if isinstance(key, str | bytes):
        kbs = [key_bytes(key)] * len(texts)
    else:
        kbs = [key_bytes(x) for x in key]
        if len(kbs) != len(texts):
            raise WatermarkError(f"got {len(kbs)} keys for {len(texts)} texts")
    keys, toks, owner = [], [], []
    for j, text in enumerate(texts):
        ids = np.asarray(text, dtype=np.int64)
        lst = ids.tolist()
        kb = kbs[j]
        for t in scored_positions(ids, k, skip_repeated).tolist():
            keys.append(philox_key(kb, lst[t - k : t]))
            toks.append(lst[t])
            owner.append(j)
    m = len(texts)
    scores, counts = np.zeros(m), np.zeros(m, dtype=np.int64)
    if keys:
        r = uniforms_at(np.asarray(keys, dtype=np.uint64), np.asarray(toks, dtype=np.int64))
        own = np.asarray(owner)
        np.add.at(scores, own, -np.log1p(-r))
        counts = np.bincount(own, minlength=m)
    lp = np.full(m, np.nan)
    ok = counts > 0
    lp[ok] = log10_pvalues(scores[ok], counts[ok])
    return scores, counts, lp
