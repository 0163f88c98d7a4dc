"""Correlation maps of random neural networks; the Gaussian-mean-zero condition E[σ(z)] = 0.

Paper 004 (docs/papers.md), Dunbar & Aaronson: wide random networks have nearly independent outputs
on distinct inputs iff σ is nonlinear and E_{z~N(0,1)}[σ(z)] = 0. σ ↔ :class:`Activation`
(:func:`get_activation`); q_l, ρ_l ↔ :class:`CorrelationPath` (:func:`correlation_path`); the
mean-zero check ↔ :func:`check_mean_zero`; finite width n ↔ :func:`monte_carlo`,
:func:`finite_width_excess`; the YES-case property ↔ :func:`yes_case_fraction`; a YAML study ↔
:func:`load_study`, :func:`run_study`. Guide: docs/randnets.md.

>>> from alignlab.randnets import correlation_path
>>> round(correlation_path("relu-center", 16, 0.5).correlations[-1], 4)
0.0076
"""

from alignlab.randnets.activations import Activation, get_activation, relu_shift
from alignlab.randnets.centering import (
    CenteringReport,
    MeanCheck,
    centering_report,
    check_mean_zero,
)
from alignlab.randnets.config import StudyConfig, load_study
from alignlab.randnets.corrmap import (
    CorrelationPath,
    correlation_path,
    cross_moment,
    default_weight_variance,
    depth_to_threshold,
    mean,
    rho_map,
    second_moment,
)
from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.experiments import Sweep, sweep
from alignlab.randnets.montecarlo import ExcessPoint, MCResult, finite_width_excess, monte_carlo
from alignlab.randnets.runs import StudyRun, run_study
from alignlab.randnets.yescase import YesCaseEstimate, yes_case_fraction

__all__ = [
    "Activation", "CenteringReport", "CorrelationPath", "ExcessPoint", "MCResult", "MeanCheck",
    "RandnetsError", "StudyConfig", "StudyRun", "Sweep", "YesCaseEstimate", "centering_report",
    "check_mean_zero", "correlation_path", "cross_moment", "default_weight_variance",
    "depth_to_threshold", "finite_width_excess", "get_activation", "load_study", "mean",
    "monte_carlo", "relu_shift", "rho_map", "run_study", "second_moment", "sweep",
    "yes_case_fraction",
]
