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
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alignlab.config import as_int
from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.prf import check_k, context_of, key_bytes, uniforms
from alignlab.watermark.sampling import gumbel_choice


def _require_hf() -> tuple[Any, Any]:
    from alignlab.extras import require

    torch, transformers = require("hf", error=WatermarkError)
    return torch, transformers


class GumbelLogitsProcessor:
    """Replaces the final scores by a one-hot at argmax_i log(r_i)/p_i, r = PRF(key, last k ids).

    Stateful for one ``generate`` call (``construct_processor`` builds a fresh one per call): it
    remembers the contexts each row has used, and with ``skip_repeated`` leaves a repeated
    context's scores unchanged, so that step is plain sampling (as :func:`generate` does).
    """

    def __init__(self, keys: Sequence[str], k: int, skip_repeated: bool) -> None:
        self.kbs = [key_bytes(x) for x in keys]
        self.k = check_k(k)
        self.skip_repeated = bool(skip_repeated)
        self.seen: list[set[tuple[int, ...]]] | None = None

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch
        batch = scores.shape[0]
        kbs = self.kbs * batch if len(self.kbs) == 1 else self.kbs
        if len(kbs) != batch:
            raise WatermarkError(f"watermark config has {len(self.kbs)} keys for a batch of {batch} rows")
        if self.seen is None:
            self.seen = [set() for _ in range(batch)]
        z = scores.detach().to("cpu", torch.float64).numpy()
        with np.errstate(under="ignore"):
            e = np.exp(z - z.max(axis=-1, keepdims=True))
        p = e / e.sum(axis=-1, keepdims=True)
        ids = input_ids.detach().cpu().numpy()
        rows, choice = [], []
        for i in range(batch):
            ctx = context_of(ids[i], ids.shape[1], self.k)
            if self.skip_repeated and ctx in self.seen[i]:
                continue  # plain sampling from the final distribution
            self.seen[i].add(ctx)
            rows.append(i)
            choice.append(int(gumbel_choice(p[i], uniforms(kbs[i], ctx, p.shape[1]))))
        if not rows:
            return scores
        out = scores.clone()
        r_t = torch.tensor(rows, device=scores.device)
        out[r_t] = float("-inf")
        out[r_t, torch.tensor(choice, device=scores.device)] = 0.0
        return out


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
        bos_token_id=None, eos_token_id=None, pad_token_id=0,
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
    with torch.random.fork_rng(devices=[]), torch.no_grad():
        torch.manual_seed(seed)
        out = model.generate(
            inputs, attention_mask=torch.ones_like(inputs), do_sample=True,
            temperature=temperature, top_k=top_k or 0, top_p=1.0 if top_p is None else top_p,
            max_new_tokens=n_tokens, min_new_tokens=n_tokens, watermarking_config=cfg,
            pad_token_id=0,
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
