"""YAML configs for ``alignlab pap run``: a PAP (explicit arrays or a built-in) and protocols.

Explicit form::

    gamma: 0.9            # γ ∈ [0, 1)
    s0: 0                 # start state
    rewards: {name: S×A nested list in [0,1]}       # the ψ's
    worlds:  {name: S×A×S nested list, rows sum 1}  # the ω's
    desire: {reward name: prob}                      # ψ^H
    world: {world name: prob}                        # ω*
    human_belief: {real world: {world: prob}}        # ω^H_0 | ω*
    ai_belief: {real world: {world: prob}}           # ω^A_0 | ω*
    ai_desire: {reward name: prob}                   # optional ψ^A_0 (default ψ^H)
    human_reward: {desire: {reward name: prob}}      # optional: reward of the human's model (default ψ^H)
    protocols: [{teaching, learning, path, rate, rounds}, ...]
    samples: 1000         # optional: Monte-Carlo estimate instead of exact sums
    seed: 0

Built-in form: ``builtin: diamond_lava`` (options ``gamma``, ``p_human_wrong``) or
``builtin: theorem_5_2`` (option ``gamma``), plus ``protocols``/``samples``/``seed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alignlab import limits
from alignlab.config import as_int, as_list, as_number, check_keys, load_yaml, require_mapping
from alignlab.pap.agents import Protocol
from alignlab.pap.errors import PapError
from alignlab.pap.process import PAP, Support
from alignlab.pap.worlds import diamond_lava_pap, theorem_5_2_pap
from alignlab.runtime.seeds import MAX_SEED

EXPLICIT = ("gamma", "s0", "rewards", "worlds", "desire", "world", "human_belief", "ai_belief")
COMMON = ("protocols", "samples", "seed")
BUILTINS = ("diamond_lava", "theorem_5_2")


@dataclass(frozen=True, eq=False)
class RunConfig:
    """A parsed ``pap run`` config."""

    pap: PAP
    protocols: tuple[Protocol, ...]
    samples: int | None
    seed: int
    doc: Any = None  # the parsed YAML document (hashed into result records)


def _array(value: Any, where: str, ndim: int) -> np.ndarray:
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise PapError(f"{where}: expected a {ndim}-dimensional nested list of numbers") from None
    if arr.ndim != ndim:
        raise PapError(f"{where}: expected a {ndim}-dimensional nested list of numbers, got shape {arr.shape}")
    return arr


def _protocols(raw: Any, where: str) -> tuple[Protocol, ...]:
    if raw is None:
        return (Protocol("truthful", "ostensible", "solver"), Protocol("ola", "ostensible", "solver"),
                Protocol("none", "ostensible", "solver"))
    out = []
    for i, item in enumerate(as_list(raw, "protocols", where=where, error=PapError)):
        w = f"{where}: protocols[{i}]"
        item = require_mapping(item, w, error=PapError)
        check_keys(item, optional=("teaching", "learning", "path", "rate", "rounds"), where=w, error=PapError)
        try:
            out.append(Protocol(**dict(item)))
        except PapError as exc:
            raise PapError(f"{w}: {exc}") from None
    return tuple(out)


def _support(raw: Any, where: str, known: Mapping[str, object]) -> Support:
    return Support.of(require_mapping(raw, where, error=PapError), where=where, known=known)


def parse_config(doc: Any, where: str = "config") -> RunConfig:
    """Validate a parsed YAML document into a :class:`RunConfig` (errors name the field)."""
    doc = require_mapping(doc, where, error=PapError)
    samples = doc.get("samples")
    if samples is not None:
        samples = as_int(samples, "samples", where=where, lo=1, error=PapError)
        limits.check_count(samples, "samples", limits.EPISODES, where=where, error=PapError)
    seed = as_int(doc.get("seed", 0), "seed", where=where, lo=0, hi=MAX_SEED, error=PapError)
    protocols = _protocols(doc.get("protocols"), where)
    try:
        if "builtin" in doc:
            name = doc["builtin"]
            if name == "diamond_lava":
                check_keys(doc, required=("builtin",), optional=("gamma", "p_human_wrong", *COMMON),
                           where=where, error=PapError)
                gamma = as_number(doc.get("gamma", 0.9), "gamma", where=where, lo=0, hi=1, hi_open=True,
                                  error=PapError)
                pw = as_number(doc.get("p_human_wrong", 0.5), "p_human_wrong", where=where, lo=0, hi=1,
                               error=PapError)
                pap = diamond_lava_pap(gamma, pw)
            elif name == "theorem_5_2":
                check_keys(doc, required=("builtin",), optional=("gamma", *COMMON), where=where, error=PapError)
                gamma = as_number(doc.get("gamma", 0.9), "gamma", where=where, lo=0, hi=1, hi_open=True,
                                  error=PapError)
                pap = theorem_5_2_pap(gamma)
            else:
                raise PapError(f"field 'builtin' must be one of {', '.join(BUILTINS)}, got {name!r}")
        else:
            check_keys(doc, required=EXPLICIT, optional=("ai_desire", "human_reward", *COMMON), where=where,
                       error=PapError)
            rewards = {str(k): _array(v, f"rewards[{k}]", 2)
                       for k, v in require_mapping(doc["rewards"], "rewards", error=PapError).items()}
            worlds = {str(k): _array(v, f"worlds[{k}]", 3)
                      for k, v in require_mapping(doc["worlds"], "worlds", error=PapError).items()}
            world = _support(doc["world"], "world", worlds)

            def cond(field: str) -> dict[str, Support]:
                raw = require_mapping(doc[field], field, error=PapError)
                for k in raw:
                    if str(k) not in world.names:
                        raise PapError(f"{field}: key {k!r} is not a real world in 'world' "
                                       f"(allowed: {', '.join(world.names)})")
                return {str(k): _support(v, f"{field}[{k}]", worlds) for k, v in raw.items()}

            pap = PAP(
                rewards=rewards, worlds=worlds, s0=doc["s0"], gamma=doc["gamma"],
                desire=_support(doc["desire"], "desire", rewards), world=world,
                human_belief=cond("human_belief"), ai_belief=cond("ai_belief"),
                ai_desire=_support(doc["ai_desire"], "ai_desire", rewards) if doc.get("ai_desire") else None,
                human_reward=({str(k): _support(v, f"human_reward[{k}]", rewards) for k, v in
                               require_mapping(doc["human_reward"], "human_reward", error=PapError).items()}
                              if doc.get("human_reward") else None),
            )
    except PapError as exc:
        msg = str(exc)
        raise PapError(msg if msg.startswith(where) else f"{where}: {msg}") from None
    return RunConfig(pap, protocols, samples, seed, doc)


def load_config(path: str | Path) -> RunConfig:
    """Read and validate a ``pap run`` YAML file."""
    return parse_config(load_yaml(path, error=PapError), str(path))
