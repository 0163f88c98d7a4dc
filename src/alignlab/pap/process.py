"""Practical alignment processes (PAPs) with finite supports: the distributions of §3.

A PAP draws the human's desire ψ^H, the real world ω*, the human's initial belief ω^H_0 | ω*, the
AI's initial belief ω^A_0 | ω* and (optionally) the AI's initial reward ψ^A_0.  Rewards and worlds
are *named* arrays; supports are finite maps name → probability, so expectations are exact sums
over :meth:`PAP.episodes`.  :meth:`PAP.sample` draws episodes for Monte-Carlo estimates.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from alignlab.pap.errors import PapError
from alignlab.pap.mdp import check_gamma, check_rewards, check_state, check_transitions

#: Probabilities of a support must sum to 1 within this tolerance.
MASS_ATOL = 1e-9


@dataclass(frozen=True)
class Support:
    """A finite distribution: ``names[i]`` has probability ``probs[i]`` > 0; they sum to 1."""

    names: tuple[str, ...]
    probs: tuple[float, ...]

    @staticmethod
    def of(mapping: Mapping[str, float], *, where: str, known: Mapping[str, object]) -> Support:
        """Validate ``{name: probability}``: known names, each probability > 0, total mass 1."""
        if not isinstance(mapping, Mapping) or not mapping:
            raise PapError(f"{where}: expected a non-empty mapping name → probability, got {mapping!r}")
        names, probs = [], []
        for name, p in mapping.items():
            name = str(name)
            if name not in known:
                raise PapError(f"{where}: unknown name {name!r} (known: {', '.join(sorted(known))})")
            if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p):
                raise PapError(f"{where}[{name}]: probability must be a finite number, got {p!r}")
            if p <= 0:
                raise PapError(
                    f"{where}[{name}]: probability must be > 0 (a support lists outcomes with "
                    f"positive mass; drop the entry instead), got {p!r}"
                )
            names.append(str(name))
            probs.append(float(p))
        total = sum(probs)
        if abs(total - 1.0) > MASS_ATOL:
            raise PapError(f"{where}: probabilities must sum to 1, they sum to {total:.12g}")
        return Support(tuple(names), tuple(probs))

    @staticmethod
    def point(name: str) -> Support:
        """The Dirac distribution on ``name``."""
        return Support((name,), (1.0,))

    def items(self) -> Iterator[tuple[str, float]]:
        return iter(zip(self.names, self.probs, strict=True))


@dataclass(frozen=True)
class Episode:
    """One draw of a PAP's random parameters and its probability (or weight 1/n when sampled)."""

    prob: float
    desire: str  # ψ^H
    world: str  # ω*
    human_world: str  # ω^H_0
    ai_world: str  # ω^A_0
    ai_desire: str  # ψ^A_0


@dataclass(frozen=True, eq=False)
class PAP:
    """A PAP p: named rewards ψ and worlds ω on shared S, A, s0, γ, and the distributions over them.

    ``ai_desire`` = None means the AI starts with the human's desire (ψ^A_0 = ψ^H).
    """

    rewards: Mapping[str, np.ndarray]
    worlds: Mapping[str, np.ndarray]
    s0: int
    gamma: float
    desire: Support
    world: Support
    human_belief: Mapping[str, Support]
    ai_belief: Mapping[str, Support]
    ai_desire: Support | None = None

    def __post_init__(self) -> None:
        if not self.worlds:
            raise PapError("worlds: at least one transition kernel ω is required")
        if not self.rewards:
            raise PapError("rewards: at least one reward ψ is required")
        worlds = {k: check_transitions(v, where=f"worlds[{k}]") for k, v in self.worlds.items()}
        shape = next(iter(worlds.values())).shape
        for k, v in worlds.items():
            if v.shape != shape:
                raise PapError(f"worlds[{k}]: shape {v.shape} differs from {shape} (all worlds share S, A)")
            v.setflags(write=False)
        rewards = {
            k: check_rewards(v, where=f"rewards[{k}]", shape=shape[:2]) for k, v in self.rewards.items()
        }
        for v in rewards.values():
            v.setflags(write=False)
        object.__setattr__(self, "worlds", MappingProxyType(worlds))
        object.__setattr__(self, "rewards", MappingProxyType(rewards))
        object.__setattr__(self, "s0", check_state(self.s0, shape[0]))
        object.__setattr__(self, "gamma", check_gamma(self.gamma))
        self._check_support(self.desire, "desire", rewards)
        self._check_support(self.world, "world", worlds)
        if self.ai_desire is not None:
            self._check_support(self.ai_desire, "ai_desire", rewards)
        for label, cond in (("human_belief", self.human_belief), ("ai_belief", self.ai_belief)):
            for w in self.world.names:
                if w not in cond:
                    raise PapError(f"{label}: no belief distribution given for real world {w!r}")
                self._check_support(cond[w], f"{label}[{w}]", worlds)
        object.__setattr__(self, "human_belief", MappingProxyType(dict(self.human_belief)))
        object.__setattr__(self, "ai_belief", MappingProxyType(dict(self.ai_belief)))

    @staticmethod
    def _check_support(sup: Support, where: str, known: Mapping[str, object]) -> None:
        Support.of(dict(sup.items()), where=where, known=known)

    @property
    def shape(self) -> tuple[int, int]:
        """(S, A)."""
        P = next(iter(self.worlds.values()))
        return int(P.shape[0]), int(P.shape[1])

    def episodes(self) -> Iterator[Episode]:
        """Every joint outcome with positive probability (exact expectations are sums over these)."""
        ai_desire = self.ai_desire
        for (d, pd), (w, pw) in itertools.product(self.desire.items(), self.world.items()):
            for (h, ph), (a, pa) in itertools.product(self.human_belief[w].items(), self.ai_belief[w].items()):
                if ai_desire is None:
                    yield Episode(pd * pw * ph * pa, d, w, h, a, d)
                else:
                    for ad, pad in ai_desire.items():
                        yield Episode(pd * pw * ph * pa * pad, d, w, h, a, ad)

    def sample(self, n: int, rng: np.random.Generator) -> list[Episode]:
        """``n`` episodes drawn i.i.d. from the PAP, each with weight 1/n."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise PapError(f"samples: must be a positive integer, got {n!r}")
        from alignlab import limits

        limits.check_count(n, "samples", limits.EPISODES, error=PapError)

        def draw(sup: Support, size: int) -> np.ndarray:
            idx = rng.choice(len(sup.names), size=size, p=np.array(sup.probs) / sum(sup.probs))
            return np.array(sup.names, dtype=object)[idx]

        ds, ws = draw(self.desire, n), draw(self.world, n)
        out = []
        for d, w in zip(ds, ws, strict=True):
            h = draw(self.human_belief[w], 1)[0]
            a = draw(self.ai_belief[w], 1)[0]
            ad = d if self.ai_desire is None else draw(self.ai_desire, 1)[0]
            out.append(Episode(1.0 / n, str(d), str(w), str(h), str(a), str(ad)))
        return out
