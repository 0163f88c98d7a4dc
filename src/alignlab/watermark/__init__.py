"""Distortion-free (Gumbel / exponential-minimum) LLM watermarking and detection (paper 004; docs/watermark.md).

NumPy core only: the Hugging Face integration lives in :mod:`alignlab.watermark.hf` and imports
torch/transformers when used.
"""

from alignlab.watermark.detect import (
    DEFAULT_ALPHA,
    Detection,
    NotEnoughTokens,
    WindowDetection,
    detect,
    detect_many,
    detect_windows,
)
from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.generate import Generation, generate, generate_batch, generate_plain
from alignlab.watermark.prf import uniforms
from alignlab.watermark.sampling import gumbel_choice
from alignlab.watermark.stats import log10_pvalue, log10_pvalues

__all__ = [
    "DEFAULT_ALPHA",
    "Detection",
    "Generation",
    "NotEnoughTokens",
    "WatermarkError",
    "WindowDetection",
    "detect",
    "detect_many",
    "detect_windows",
    "generate",
    "generate_batch",
    "generate_plain",
    "gumbel_choice",
    "log10_pvalue",
    "log10_pvalues",
    "uniforms",
]
