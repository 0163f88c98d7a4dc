"""Practical alignment in a MiniGrid world and the teaching benchmark (spec: shared/specs/mindgrid.md)."""
