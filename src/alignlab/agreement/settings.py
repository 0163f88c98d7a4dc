"""How a dialogue runs: :class:`Settings` (every engine) and :class:`NoisySettings` (the Monte Carlo
engine of the noisy channels only). Each fact is validated here, once, when the object is built —
configs, sweeps and Python callers all go through these constructors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from alignlab.agreement import registry
from alignlab.agreement.channels import BBF, Triangular
from alignlab.agreement.common_prior import METHODS
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.topology import DELIVERIES

#: ``criterion``: stop as soon as eq. 2 holds (RunCPAgreement of Algorithm 1 with its target ε, δ);
#: ``fixed_point``: talk until a full cycle refines nobody (the classic dialogues, full agreement).
STOPS = ("criterion", "fixed_point")


def _int(v: Any, name: str, lo: int, hi: int | None = None) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo or (hi is not None and v > hi):
        rng = f"in {lo}..{hi}" if hi is not None else f"≥ {lo}"
        raise AgreementError(f"{name} must be an integer {rng}, got {v!r}")
    return int(v)


def _real(v: Any, name: str, *, lo: float, hi: float | None, hi_open: bool = False) -> float:
    ok = not isinstance(v, bool) and isinstance(v, (int, float, np.floating)) and math.isfinite(v)
    if ok:
        ok = v > lo and (hi is None or (v < hi if hi_open else v <= hi))
    if not ok:
        rng = f"({lo:g}, {hi:.6g}{')' if hi_open else ']'}" if hi is not None else f"> {lo:g}"
        raise AgreementError(f"{name} must be a number in {rng}, got {v!r}")
    return float(v)


@dataclass(frozen=True, eq=False)
class Settings:
    """A dialogue's run settings. ``order``: speakers (broadcast) or [speaker, receiver] pairs
    (tree), 0-based; overrides ``topology``. ``stop``: see :data:`STOPS` (explicit; the default is
    ``fixed_point``). ``intermediary_prior``: F's prior (None = the agents' average)."""

    protocol: str = "expectation"
    delivery: str = "broadcast"
    topology: str | Sequence[Sequence[int]] = "complete"
    order: Sequence | None = None
    max_messages: int = 10_000
    stop: str = "fixed_point"
    prior_method: str = "direct"
    intermediary_prior: np.ndarray | None = None
    track_refined: bool | None = None  # record who each broadcast refined (default: D ≤ 200000)

    def __post_init__(self) -> None:
        proto = registry.get(str(self.protocol))
        object.__setattr__(self, "protocol", proto.name)
        if self.delivery not in DELIVERIES:
            raise AgreementError(f"unknown delivery {self.delivery!r} (allowed: {', '.join(DELIVERIES)})")
        if proto.broadcast_only and self.delivery != "broadcast":
            raise AgreementError(f"protocol {proto.name!r} needs delivery: broadcast (got {self.delivery!r})")
        if self.stop not in STOPS:
            raise AgreementError(f"unknown stop rule {self.stop!r} (allowed: {', '.join(STOPS)})")
        object.__setattr__(self, "max_messages", _int(self.max_messages, "max_messages", 0))
        if self.prior_method not in METHODS:
            raise AgreementError(f"unknown common-prior method {self.prior_method!r} "
                                 f"(allowed: {', '.join(METHODS)})")
        if self.track_refined is not None and not isinstance(self.track_refined, bool):
            raise AgreementError(f"track_refined must be true, false or null, got {self.track_refined!r}")

    @property
    def deterministic(self) -> bool:
        return registry.get(self.protocol).deterministic


NOISY_FIELDS = ("theta", "b", "alpha", "runs", "seed", "confidence")


@dataclass(frozen=True, eq=False)
class NoisySettings:
    """A noisy protocol's run: the dialogue ``settings`` plus the channel's parameters (``theta``
    for ``bbf``, App. F; ``b`` and ``alpha`` for ``triangular``, App. G.1) and the Monte Carlo
    over (true state, noise): ``runs`` realisations from ``seed``, intervals at ``confidence``."""

    settings: Settings
    theta: float = 0.1
    b: int = 4
    alpha: float = 0.25
    runs: int = 200
    seed: int = 0
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if not isinstance(self.settings, Settings):
            raise AgreementError(f"NoisySettings needs a Settings, got {type(self.settings).__name__}")
        if self.settings.deterministic:
            raise AgreementError(f"protocol {self.settings.protocol!r} is deterministic; noisy runs need "
                                 f"one of {', '.join(n for n in registry.names() if not registry.get(n).deterministic)}")
        object.__setattr__(self, "theta", _real(self.theta, "theta", lo=0, hi=1 / 3))
        object.__setattr__(self, "b", _int(self.b, "b", 1, 30))
        object.__setattr__(self, "alpha", _real(self.alpha, "alpha", lo=0, hi=None))
        object.__setattr__(self, "runs", _int(self.runs, "runs", 1))
        object.__setattr__(self, "seed", _int(self.seed, "seed", 0))
        object.__setattr__(self, "confidence", _real(self.confidence, "confidence", lo=0, hi=1, hi_open=True))

    @classmethod
    def of(cls, **kw: Any) -> NoisySettings:
        """Build from one flat set of fields: the noisy ones here, the rest for :class:`Settings`."""
        noisy = {k: kw.pop(k) for k in NOISY_FIELDS if k in kw}
        return cls(Settings(**kw), **noisy)

    def but(self, **kw: Any) -> NoisySettings:
        """A copy with some fields changed (noisy ones or the dialogue's)."""
        mine = {f.name for f in fields(self)} - {"settings"}
        base = {k: v for k, v in kw.items() if k not in mine}
        return replace(self, settings=replace(self.settings, **base) if base else self.settings,
                       **{k: v for k, v in kw.items() if k in mine})

    @property
    def channel(self):
        """The registered noisy protocol with this run's parameters."""
        proto = registry.get(self.settings.protocol)
        if isinstance(proto, BBF):
            return replace(proto, theta=self.theta)
        if isinstance(proto, Triangular):
            return replace(proto, b=self.b, alpha=self.alpha)
        return proto

    def __getattr__(self, name: str) -> Any:  # the dialogue's fields read through (s.order, s.stop, …)
        if name == "settings":
            raise AttributeError(name)
        return getattr(self.settings, name)
