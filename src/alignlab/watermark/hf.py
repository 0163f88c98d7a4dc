"""Hugging Face ``transformers`` integration through ``generate(watermarking_config=...)``.

Why not ``logits_processor=``: ``GenerationMixin._get_logits_processor`` merges user processors
*before* it appends the sampling warpers (temperature, top-k, top-p, min-p, …), so a Gumbel rule
there sees the raw distribution and temperature/top-k are silently ignored (a one-hot output passes
through the warpers unchanged). The ``watermarking_config`` processor is appended *after* all
warpers ("Watermarking should be after all logits processing is finished"), so it sees the final
distribution p. The processor returns a one-hot mask (0 at the chosen id, −inf elsewhere), so the
sampler's multinomial draw then returns exactly the Gumbel choice.

torch and transformers are imported lazily: ``import alignlab.watermark`` never loads them.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alignlab import progress
from alignlab.config import as_int
from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.prf import check_k, key_bytes, uniforms_sparse
from alignlab.watermark.prf import uniforms as prf_uniforms


def _require_hf() -> tuple[Any, Any]:
    from alignlab.extras import require

    torch, transformers = require("hf", error=WatermarkError)
    return torch, transformers


# Token i can win only if r_i > 1 − c·e_i (c = −log r_j at the most likely token j, e_i =
# exp(z_i − max z)); when c·e_i < 2⁻⁵⁶ that bound rounds to 1 > every r_i. As r_j ≥ 2⁻⁵⁴ (prf's
# unit mapping), c ≤ 54 ln 2, so no token below max z − _LINE can win, whatever r_j is.
_LINE = 56 * math.log(2) + math.log(54 * math.log(2)) + 1.0  # (+1 nat of margin for float32)
_PROBE_FROM = 4096  # below this vocabulary size the whole-row path is cheaper than probing
_SPARSE_SHARE = 512  # r at one id (a Philox block, ~3 µs) costs about 500 ids of a full draw

Uniforms = Callable[[int, "list[int] | None"], np.ndarray]
"""``uniforms(row, ids)``: r of batch row ``row`` at the ascending token ids ``ids`` (None: all V)."""


def _live_ids(row: Any) -> list[int]:
    """The ascending ids i with z_i > max z − ``_LINE``: a superset of the tokens that can win.

    On the CPU the comparison runs on the tensor's NumPy view (the same memory): for V = 50 257 it
    costs about a seventh of torch's ``gt`` + ``nonzero`` on one thread.
    """
    import torch

    if row.device.type == "cpu" and row.dtype in (torch.float32, torch.float64):
        z = row.detach().numpy()
        return np.flatnonzero(z > z.max() - _LINE).tolist()
    return torch.gt(row, row.max() - _LINE).nonzero().view(-1).tolist()


def gumbel_choice_torch(scores: Any, uniforms: Uniforms) -> Any:
    """argmax_i log(r_i)/p_i per row, p = softmax(scores) in float64, on the scores' device.

    The rule of :func:`~alignlab.watermark.sampling.gumbel_choice` (seed 004, eq. 1) with its
    exact shortcut: from −log r ≥ 1 − r, token i can only win if r_i > 1 − c·e_i, which rules out
    every token below max z − ``_LINE`` whatever r is. For a single row with few tokens above that
    line (top-k, top-p, a peaked distribution: at most V/512, for V ≥ 4096), r is drawn and the
    score evaluated at those ids only (p renormalised over them: the tokens left out carry less
    than V·2⁻⁵⁶ of the mass); otherwise over the whole row. Each step runs once per generated
    token inside ``generate``, where a framework call costs several µs, so the work is a handful
    of calls. Ties go to the lowest id, as ``numpy.argmax``. ``scores`` (m, V), any float dtype,
    is left untouched. Returns (m,) int64 ids on the scores' device.
    """
    import torch

    m, vocab = scores.shape
    if m == 1 and vocab >= _PROBE_FROM:
        row = scores.view(-1)
        live = _live_ids(row)
        if len(live) * _SPARSE_SHARE <= vocab:
            ids = torch.as_tensor(live, device=scores.device)
            p = torch.softmax(row.index_select(0, ids), dim=0, dtype=torch.float64)
            r = torch.as_tensor(uniforms(0, live), device=scores.device)
            return ids.index_select(0, r.log_().div_(p).argmax().view(1))
    r = np.stack([uniforms(i, None) for i in range(m)]) if m > 1 else uniforms(0, None)
    p = torch.softmax(scores, dim=-1, dtype=torch.float64)  # the one vocabulary-sized copy
    r_t = torch.as_tensor(r, device=scores.device)  # zero-copy on the CPU
    return torch.div(r_t.log_(), p).argmax(dim=-1)  # p_i = 0 gives −inf: never chosen


class GumbelLogitsProcessor:
    """Replaces the final scores by a one-hot at argmax_i log(r_i)/p_i, r = PRF(key, last k ids).

    Stateful for one ``generate`` call (``construct_processor`` builds a fresh one per call): it
    remembers the contexts each row has used, and with ``skip_repeated`` leaves a repeated
    context's scores unchanged, so that step is plain sampling (as :func:`generate` does).
    The logits are never copied off their device (:func:`gumbel_choice_torch`; on the CPU the
    line below which no token can win is found on their NumPy view); only the keyed uniforms r
    come from NumPy's C Philox — at the few tokens that can win when the distribution allows it —
    and are moved to the device (zero-copy on the CPU).
    """

    def __init__(self, keys: Sequence[str], k: int, skip_repeated: bool) -> None:
        self.kbs = [key_bytes(x) for x in keys]
        self.k = check_k(k)
        self.skip_repeated = bool(skip_repeated)
        self.seen: list[set[tuple[int, ...]]] | None = None
        # transformers' LogitsProcessorList calls inspect.signature(processor.__call__) at every
        # step; this instance attribute (a plain function with its signature ready) makes that a
        # lookup. Calls still go to the class's __call__ (about 7 µs per token saved, measured).
        self.__call__ = _signature_only

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        batch, vocab = scores.shape
        kbs = self.kbs * batch if len(self.kbs) == 1 else self.kbs
        if len(kbs) != batch:
            raise WatermarkError(f"watermark config has {len(self.kbs)} keys for a batch of {batch} rows")
        if self.seen is None:
            self.seen = [set() for _ in range(batch)]
        length = input_ids.shape[1]
        pad = (-1,) * max(self.k - length, 0)
        ctxs = [pad + tuple(row) for row in input_ids[:, max(length - self.k, 0):].tolist()]
        rows = []
        for i, ctx in enumerate(ctxs):
            if self.skip_repeated and ctx in self.seen[i]:
                continue  # plain sampling from the final distribution
            self.seen[i].add(ctx)
            rows.append(i)
        if not rows:
            return scores

        def uniforms(j: int, ids: list[int] | None) -> np.ndarray:
            i = rows[j]
            return prf_uniforms(kbs[i], ctxs[i], vocab) if ids is None else uniforms_sparse(kbs[i], ctxs[i], ids)

        out = torch.full_like(scores, float("-inf"))
        if len(rows) == batch:
            return out.scatter_(1, gumbel_choice_torch(scores, uniforms).view(-1, 1), 0.0)
        rows_t = torch.tensor(rows, device=scores.device)
        choice = gumbel_choice_torch(scores.index_select(0, rows_t), uniforms)
        keep = torch.ones(batch, dtype=torch.bool, device=scores.device)
        keep[rows_t] = False
        out[keep] = scores[keep]
        out[rows_t, choice] = 0.0
        return out


def _signature_only(input_ids: Any, scores: Any) -> Any:
    raise AssertionError("only inspected: calls go to GumbelLogitsProcessor.__call__")


_signature_only.__signature__ = inspect.signature(_signature_only)  # type: ignore[attr-defined]


@functools.cache
def config_class() -> type:
    """``GumbelWatermarkingConfig``: a ``BaseWatermarkingConfig`` subclass (built once, lazily)."""
    _require_hf()
    from transformers.generation.configuration_utils import BaseWatermarkingConfig

    @dataclass
    class GumbelWatermarkingConfig(BaseWatermarkingConfig):
        """Gumbel (exponential-minimum) watermark; its processor runs after every sampling warper."""

        keys: tuple[str, ...]
        k: int = 4
        skip_repeated: bool = True

        def validate(self) -> None:
            if not self.keys or not all(isinstance(x, str) and x for x in self.keys):
                raise WatermarkError("watermark keys must be non-empty strings")
            check_k(self.k)

        def construct_processor(self, vocab_size: int, device: Any = None) -> GumbelLogitsProcessor:
            return GumbelLogitsProcessor(self.keys, self.k, self.skip_repeated)

    GumbelWatermarkingConfig.__qualname__ = "GumbelWatermarkingConfig"
    return GumbelWatermarkingConfig


def watermarking_config(key: str | Sequence[str], *, k: int = 4, skip_repeated: bool = True) -> Any:
    """A config for ``model.generate(..., do_sample=True, watermarking_config=cfg)``.

    ``key`` is one secret string, or one per batch row (e.g. one key per user).
    """
    keys = (key,) if isinstance(key, str) else tuple(key) if isinstance(key, list | tuple) else (key,)
    for x in keys:
        if not isinstance(x, str):
            raise WatermarkError(f"watermark key for transformers must be a str, got {type(x).__name__}")
        key_bytes(x)
    cfg = config_class()(keys=keys, k=check_k(k), skip_repeated=bool(skip_repeated))
    cfg.validate()
    return cfg


@dataclass(frozen=True)
class TinySpec:
    """Shape of the ``tiny-random`` GPT-2 (random weights, no download)."""

    vocab_size: int = 256
    n_layer: int = 2
    n_head: int = 2
    n_embd: int = 32
    n_positions: int = 1024
    initializer_range: float = 0.3  # larger than GPT-2's 0.02 so next-token distributions are not flat


def tiny_random_model(seed: int = 0, spec: TinySpec = TinySpec()) -> Any:
    """A randomly initialised ``GPT2LMHeadModel`` from a ``GPT2Config`` (eval mode, seeded)."""
    torch, transformers = _require_hf()
    config = transformers.GPT2Config(
        vocab_size=spec.vocab_size, n_layer=spec.n_layer, n_head=spec.n_head, n_embd=spec.n_embd,
        n_positions=spec.n_positions, initializer_range=spec.initializer_range,
        bos_token_id=None, eos_token_id=None, pad_token_id=None,  # 0 is a token, not padding: no padding notice
    )
    from alignlab.runtime.seeds import check_seed

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(check_seed(seed))
        model = transformers.GPT2LMHeadModel(config)
    model.generation_config.eos_token_id = None
    model.generation_config.bos_token_id = None
    model.generation_config.pad_token_id = 0
    return model.eval()


_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.json", "tokenizer.model", "spiece.model")


def load_model(spec: str, seed: int = 0) -> tuple[Any, Any]:
    """``tiny-random`` or a local model folder (never downloads); returns (model, tokenizer or None)."""
    if spec == "tiny-random":
        return tiny_random_model(seed), None
    path = Path(spec)
    if not path.is_dir():
        raise WatermarkError(f"--model must be 'tiny-random' or a local model folder; {spec!r} is not a folder")
    _, transformers = _require_hf()
    try:
        model = transformers.AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise WatermarkError(f"cannot load a causal LM from {path}: {exc}") from exc
    tok = None
    if any((path / name).exists() for name in _TOKENIZER_FILES):
        try:
            tok = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise WatermarkError(f"cannot load the tokenizer in {path}: {exc}") from exc
        if len(tok) == 0:
            tok = None
    return model.eval(), tok


def _progress_criteria(shown: progress.Bar) -> Any:
    """A stopping criterion that never stops: it advances the progress bar once per new token."""
    torch, transformers = _require_hf()

    class _Tick(transformers.StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            shown.advance()
            return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)

    return transformers.StoppingCriteriaList([_Tick()])


def hf_generate(
    model: Any,
    key: str | Sequence[str],
    prompt_ids: Sequence[int] | np.ndarray,
    n_tokens: int,
    *,
    k: int = 4,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    skip_repeated: bool = True,
    batch: int = 1,
    seed: int = 0,
) -> np.ndarray:
    """Watermarked ``model.generate`` from one prompt: (batch, n_tokens) new ids."""
    torch, _ = _require_hf()
    n_tokens = as_int(n_tokens, "number of tokens", where="", lo=1, error=WatermarkError)
    if not (isinstance(temperature, int | float) and 0 < temperature < math.inf):
        raise WatermarkError(f"temperature must be a finite number > 0, got {temperature!r}")
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 0):
        raise WatermarkError(f"top-k must be a whole number >= 0 (0 = off), got {top_k!r}")
    if top_p is not None and not (isinstance(top_p, int | float) and 0 < top_p <= 1):
        raise WatermarkError(f"top-p must be in (0, 1] (1 = off), got {top_p!r}")
    prompt = np.asarray(prompt_ids, dtype=np.int64).reshape(1, -1)
    text_config = model.config.get_text_config()
    vocab = int(text_config.vocab_size)
    if prompt.size == 0:
        raise WatermarkError("the prompt needs at least one token id")
    if prompt.min() < 0 or prompt.max() >= vocab:
        raise WatermarkError(f"prompt token ids must be in 0..{vocab - 1}")
    context = getattr(text_config, "max_position_embeddings", None) or getattr(
        text_config, "n_positions", None)
    if context is not None and prompt.shape[1] + n_tokens > int(context):
        raise WatermarkError(f"{n_tokens} new tokens after a {prompt.shape[1]}-token prompt exceed "
                             f"the model's context of {int(context)} tokens; ask for at most "
                             f"{max(int(context) - prompt.shape[1], 0)}")
    cfg = watermarking_config(key, k=k, skip_repeated=skip_repeated)
    inputs = torch.tensor(np.repeat(prompt, batch, axis=0))
    from alignlab.runtime.seeds import check_seed

    check_seed(seed)
    with (torch.random.fork_rng(devices=[]), torch.no_grad(),
          progress.bar("watermarked generation: tokens", n_tokens) as shown):
        torch.manual_seed(seed)
        extra = {} if shown is progress.NULL_BAR else {"stopping_criteria": _progress_criteria(shown)}
        out = model.generate(
            inputs, attention_mask=torch.ones_like(inputs), do_sample=True,
            temperature=temperature, top_k=top_k or 0, top_p=1.0 if top_p is None else top_p,
            max_new_tokens=n_tokens, min_new_tokens=n_tokens, watermarking_config=cfg,
            pad_token_id=0, **extra,
        )
    return out[:, prompt.shape[1] :].cpu().numpy()


def final_distribution(
    model: Any, prompt_ids: Sequence[int], *, temperature: float = 1.0, top_k: int | None = None
) -> np.ndarray:
    """The next-token p after temperature and top-k, computed independently of ``generate``."""
    torch, _ = _require_hf()
    with torch.no_grad():
        logits = model(torch.tensor([list(prompt_ids)])).logits[0, -1].to(torch.float32)
    z = (logits / torch.tensor(temperature, dtype=torch.float32)).to(torch.float64).numpy()
    if top_k:
        cut = np.sort(z)[-top_k]
        z = np.where(z < cut, -np.inf, z)
    e = np.exp(z - z.max())
    return e / e.sum()
