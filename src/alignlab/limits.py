"""Stated limits on what a user may ask for, checked before any work or allocation starts.

One table for every part: the size and shape of input files (bytes, nesting depth, YAML aliases,
nodes after alias expansion) and the counts a command allocates memory or time for (states,
samples, tokens, instances…). A limit exists so that a typo (``-n 10000000``) or a hostile file ends
in one clear line instead of minutes of work, a full memory or a crash. Each limit can be raised
with an environment variable named in the message (``ALIGNLAB_MAX_<NAME>``), for the rare run that
really needs more.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

from alignlab.errors import AlignlabError


@dataclass(frozen=True)
class Limit:
    """A named upper bound; ``env`` raises it (``ALIGNLAB_MAX_SAMPLES=1e9``)."""

    name: str
    default: int
    what: str  # unit in messages, e.g. "Monte Carlo draws"

    @property
    def env(self) -> str:
        return f"ALIGNLAB_MAX_{self.name.upper()}"

    @property
    def value(self) -> int:
        """The limit in force: the environment's value if set (a positive number), else the default."""
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            v = float(raw)
        except ValueError:
            raise AlignlabError(f"{self.env} must be a positive number, got {raw!r}") from None
        if not (math.isfinite(v) and v >= 1):
            raise AlignlabError(f"{self.env} must be a positive number, got {raw!r}")
        return int(v)

    def hint(self) -> str:
        return f"the limit is {self.value:,} {self.what}; set {self.env} to raise it"


# Input files (alignlab.config readers).
INPUT_BYTES = Limit("input_bytes", 64 * 2**20, "bytes per input file")
DEPTH = Limit("depth", 64, "levels of nesting")
ALIASES = Limit("aliases", 1_000, "YAML aliases")
NODES = Limit("nodes", 1_000_000, "values after YAML alias expansion")

# Counts that commands allocate memory or time for (a sensible run stays far below).
STATES = Limit("states", 10_000_000, "states per task")
SAMPLES = Limit("samples", 10_000_000, "Monte Carlo draws")
EPISODES = Limit("episodes", 1_000_000, "sampled episodes")
INSTANCES = Limit("instances", 1_000_000, "instances")
TOKENS = Limit("tokens", 1_000_000, "tokens")
TEXTS = Limit("texts", 10_000_000, "texts")
CONTEXT = Limit("context", 1_024, "tokens of watermark context (k)")
CELLS = Limit("cells", 50_000_000, "array cells (8 bytes each) held at once")
WORK = Limit("work", 10_000_000_000, "unit evaluations (e.g. nets × width × depth)")


def check_count(value: Any, name: str, limit: Limit, *, lo: int = 1, where: str = "",
                error: type[AlignlabError] = AlignlabError) -> int:
    """``value`` as an int in ``[lo, limit]``; a bool, a float with a fraction or anything else is
    refused with one line naming ``name`` (``--samples``, ``field 'states'``) and the limit."""
    prefix = f"{where}: " if where else ""
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
        raise error(f"{prefix}{name} must be a whole number, got {value!r}")
    n = int(value)
    if n < lo:
        raise error(f"{prefix}{name} must be at least {lo}, got {n}")
    if n > limit.value:
        raise error(f"{prefix}{name} = {n:,} is too large ({limit.hint()})")
    return n


def check_product(count: int, name: str, limit: Limit, *, where: str = "",
                  error: type[AlignlabError] = AlignlabError) -> int:
    """Refuse a derived size (e.g. states × agents, texts × length) over ``limit``."""
    if count > limit.value:
        prefix = f"{where}: " if where else ""
        raise error(f"{prefix}{name} = {count:,} is too large ({limit.hint()})")
    return count
