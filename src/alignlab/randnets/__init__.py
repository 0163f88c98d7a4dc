"""Correlation maps of random neural networks; the Gaussian-mean-zero condition (spec: shared/specs/randnets.md)."""
