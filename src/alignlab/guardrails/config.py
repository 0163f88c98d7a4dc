"""Validated, frozen settings of the exploding-bandit experiment (the authors' code of Bengio et
al., arXiv 2408.05284; docs/guardrails.md, "The experiment").

:class:`Bandit` is the environment (10 arms, d = 10 features, explosion threshold T = 4, reward
noise σ = 1, at most 25 pulls); :class:`Setting` adds the guardrail (name, per-pull threshold C,
α and tie rule for Prop 4.6) and the agent's inverse temperature β = 0.5.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from alignlab.guardrails.errors import GuardrailsError
from alignlab.guardrails.guardrails import DEFAULT_TIES, TIE_RULES, get_guardrail

__all__ = ["DEATH_RULES", "DEFAULT_TIES", "TIE_RULES", "Bandit", "Setting", "check_death_rule",
           "check_episodes", "check_seed"]

DEATH_RULES: tuple[str, ...] = ("all", "reference")


def _finite(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GuardrailsError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _int(name: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise GuardrailsError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
    return value


@dataclass(frozen=True)
class Bandit:
    """The exploding bandit: ``arms`` arms with features x_a ∈ {0,1}^dim, μ_a = w*·x_a,
    r ~ N(μ_a, sigma); a pull explodes (Y = 1) when r > T; an episode has at most ``pulls`` pulls."""

    arms: int = 10
    dim: int = 10
    T: float = 4.0
    sigma: float = 1.0
    pulls: int = 25

    def __post_init__(self) -> None:
        _int("arms", self.arms, 1, 64)
        _int("dim", self.dim, 1, 14)
        _int("pulls", self.pulls, 1, 10_000)
        object.__setattr__(self, "T", _finite("T", self.T))
        if not _finite("sigma", self.sigma) > 0:
            raise GuardrailsError(f"sigma must be > 0, got {self.sigma!r}")
        object.__setattr__(self, "sigma", float(self.sigma))

    @property
    def theories(self) -> int:
        """Number of theories, 2^dim."""
        return 2**self.dim


@dataclass(frozen=True)
class Setting:
    """One configuration: a guardrail with its per-pull threshold C (reject arm a when ĥ(a) > C),
    α and the tie rule for Prop 4.6 ("non-iid"), the agent's β, and the bandit."""

    guardrail: str
    threshold: float
    alpha: float | None = None
    ties: str = DEFAULT_TIES
    beta: float = 0.5
    bandit: Bandit = field(default_factory=Bandit)

    def __post_init__(self) -> None:
        g = get_guardrail(self.guardrail)
        c = _finite("threshold C", self.threshold)
        if not 0.0 <= c <= 1.0:
            raise GuardrailsError(f"threshold C must be in [0, 1] (a probability of harm), got {c:g}")
        object.__setattr__(self, "threshold", c)
        if g.needs_alpha:
            if self.alpha is None:
                raise GuardrailsError(f"the {g.name} guardrail needs alpha (α in (0, 1])")
            a = _finite("alpha", self.alpha)
            if not 0.0 < a <= 1.0:
                raise GuardrailsError(f"alpha must be in (0, 1], got {a:g}")
            object.__setattr__(self, "alpha", a)
        elif self.alpha is not None:
            raise GuardrailsError(f"alpha only applies to the non-iid guardrail, not {g.name!r}")
        if self.ties not in TIE_RULES:
            raise GuardrailsError(f"unknown tie rule {self.ties!r}; allowed: {', '.join(TIE_RULES)}")
        b = _finite("beta", self.beta)
        if b < 0:
            raise GuardrailsError(f"beta must be >= 0, got {b:g}")
        object.__setattr__(self, "beta", b)
        if not isinstance(self.bandit, Bandit):
            raise GuardrailsError(f"bandit must be a Bandit, got {type(self.bandit).__name__}")

    @property
    def label(self) -> str:
        """Short label: ``cheating``, ``Prop 3.4``, ``Prop 4.6 α=0.0001 (groups)`` …"""
        g = get_guardrail(self.guardrail)
        if g.needs_alpha:
            return f"{g.label} α={self.alpha:g} ({self.ties})"
        return g.label

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (α and tie rule only for Prop 4.6)."""
        d = asdict(self)
        if self.alpha is None:
            d.pop("alpha")
            d.pop("ties")
        return d


def check_death_rule(rule: str) -> str:
    """``all`` (count every explosion) or ``reference`` (the authors' bookkeeping)."""
    if rule not in DEATH_RULES:
        raise GuardrailsError(f"unknown death rule {rule!r}; allowed: {', '.join(DEATH_RULES)}")
    return rule


def check_episodes(n: Any) -> int:
    """A positive episode count."""
    return _int("episodes", n, 1, 100_000_000)


def check_seed(seed: Any) -> int:
    """A non-negative integer seed."""
    return _int("seed", seed, 0, 2**63 - 1)
