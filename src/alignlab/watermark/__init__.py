"""Distortion-free (Gumbel / exponential-minimum) LLM watermarking and detection (spec: shared/specs/watermark.md)."""
