"""The registry of parts: their package, CLI group name and one-line summary.

Adding a part = one entry in :data:`PARTS` (the only edit outside the part). ``alignlab --help``
lists the parts from this table without importing them; the root CLI imports
``alignlab/<part>/cli.py`` (a ``typer.Typer`` named ``app``) when one of its commands runs, and
``alignlab demo`` calls ``alignlab/<part>/demo.py``'s ``section(outdir, seed) -> report.Section``
in this order. See docs/architecture.md.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Part:
    """One part of alignlab: its sub-package, CLI group and the summary ``alignlab --help`` shows."""

    package: str  # sub-package of alignlab
    command: str  # CLI group name
    summary: str


PARTS: tuple[Part, ...] = (
    Part("deals", "deals", "Feasibility of deals with misaligned AIs (ZOPA, barriers)."),
    Part("agreement", "agree", "⟨M,N,ε,δ⟩-agreement: Bayesian agents, protocols, bounds."),
    Part("mindgrid", "mindgrid", "Practical alignment in a grid world; the teaching benchmark."),
    Part("pap", "pap", "Tabular practical/ostensible alignment processes and theorems."),
    Part("watermark", "watermark", "Distortion-free (Gumbel) LLM watermarking and detection."),
    Part("randnets", "randnets", "Correlation maps of random neural networks."),
    Part("guardrails", "guardrails", "Bayesian-oracle harm guardrails on an exploding bandit."),
)


def optional_module(part: Part, name: str) -> ModuleType | None:
    """Import ``alignlab.<part>.<name>`` or return None if the part does not provide it yet."""
    full = f"alignlab.{part.package}.{name}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name == full:
            return None
        raise
