"""Practical alignment processes (PAPs) with finite supports: the distributions of §3.

A PAP draws the human's desire ψ^H, the real world ω*, the human's initial belief ω^H_0 | ω*, the
AI's initial belief ω^A_0 | ω*, (optionally) the AI's initial reward ψ^A_0 and (optionally) the
reward the human's *model* attaches to each (s, a) label, r^H_0 | ψ^H (default ψ^H itself: the
AEAP model of §3, where only world beliefs are wrong).  Rewards and worlds
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

from alignlab import limits
from alignlab.config import as_int
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
    human_reward: str | None = None  # the reward the human's model attaches to (s, a); None: ψ^H


@dataclass(frozen=True, eq=False)
class PAP:
    """A PAP p: named rewards ψ and worlds ω on shared S, A, s0, γ, and the distributions over them.

    ``ai_desire`` = None means the AI starts with the human's desire (ψ^A_0 = ψ^H).
    ``human_reward`` (desire name → support over reward names) is the reward the human's model
    attaches to each (s, a) label; None means ψ^H. Theorem 5.2's construction (App. A.4) needs it:
    a world model that "swaps the two actions" swaps the rewards attached to them as well.
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
    human_reward: Mapping[str, Support] | None = None

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
        if self.human_reward is not None:
            for d in self.desire.names:
                if d not in self.human_reward:
                    raise PapError(f"human_reward: no distribution given for desire {d!r}")
                self._check_support(self.human_reward[d], f"human_reward[{d}]", rewards)
            object.__setattr__(self, "human_reward", MappingProxyType(dict(self.human_reward)))
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
        for (d, pd), (w, pw) in itertools.product(self.desire.items(), self.world.items()):
            ads = self.ai_desire.items() if self.ai_desire is not None else [(d, 1.0)]
            hrs = self.human_reward[d].items() if self.human_reward is not None else [(None, 1.0)]
            for (h, ph), (a, pa), (ad, pad), (hr, phr) in itertools.product(
                    self.human_belief[w].items(), self.ai_belief[w].items(), ads, hrs):
                yield Episode(pd * pw * ph * pa * pad * phr, d, w, h, a, ad, hr)

    def sample(self, n: int, rng: np.random.Generator) -> list[Episode]:
        """``n`` episodes drawn i.i.d. from the PAP, each with weight 1/n."""
        as_int(n, "samples", where="", lo=1, error=PapError)
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
            hr = None if self.human_reward is None else str(draw(self.human_reward[str(d)], 1)[0])
            out.append(Episode(1.0 / n, str(d), str(w), str(h), str(a), str(ad), hr))
        return out
