"""Tabular practical and ostensible alignment processes and the paper's theorems as checks (spec: shared/specs/pap.md)."""
