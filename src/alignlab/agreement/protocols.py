"""Message protocols: what an agent says, as a function of the state (all states at once).

A protocol maps the public dialogue state and a sender to a :class:`Message` (a value per
hypothetical true state, the integer level-set keys listeners refine by, and its size in bits).
New protocols register with :func:`register`; the engine only uses this small interface, so the
noisy protocols of App. F/G (``bbf``, ``triangular``: ``deterministic = False``, Bayesian update of
a public likelihood vector λ instead of a partition refinement) can plug in beside these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING
from typing import Protocol as _Proto

import numpy as np

from alignlab.agreement.arith import RESOLUTION, level_keys
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.partitions import conditional_expectation, refine, refine_by_values

if TYPE_CHECKING:
    from alignlab.agreement.dialogue import Dialogue


@dataclass(frozen=True, eq=False)
class Message:
    """One announcement: ``values[s]`` is what the sender says if s is the true state."""

    values: np.ndarray
    keys: np.ndarray | None  # None: listeners group ``values`` within ``resolution`` themselves
    bits: int
    resolution: float = RESOLUTION

    def split(self, labels: np.ndarray) -> tuple[np.ndarray, bool]:
        """Refine a listener's partition by this message's level sets."""
        if self.keys is not None:
            return refine(labels, self.keys)
        return refine_by_values(labels, self.values, self.resolution)


class MessageProtocol(_Proto):
    """The interface every protocol implements."""

    name: str
    deterministic: bool
    uses_public: bool  # the message depends on the public (intermediary's) partition too
    broadcast_only: bool  # needs every agent to hear every message (a public intermediary / λ)

    def message(self, dlg: Dialogue, sender: int) -> Message: ...


def _exact_bits(values: np.ndarray) -> int:
    """Bits of the longest p/q announced (numerator and denominator in binary)."""
    return max(Fraction(v).numerator.bit_length() + Fraction(v).denominator.bit_length() for v in values.tolist())


@dataclass(frozen=True)
class Expectation:
    """E^i = E_{P^i}[f^i | Π^i]: the sender's conditional expectation (real-valued message).

    Bits: ⌈log2(1/resolution)⌉ in float mode (the rounding resolution), exact p/q size otherwise.
    """

    name: str = "expectation"
    deterministic: bool = True
    uses_public: bool = False
    broadcast_only: bool = False
    resolution: float = RESOLUTION

    def message(self, dlg: Dialogue, sender: int) -> Message:
        lab, cell_v = dlg.cell_values(sender)  # one value per cell: rounding/keys on cells only
        bits = _exact_bits(cell_v) if dlg.exact else math.ceil(math.log2(1 / self.resolution))
        if not dlg.exact and len(cell_v) > len(lab) // 8:
            # fine partition: let listeners compare values within their own cells (no global sort)
            return Message(cell_v[lab], None, bits, self.resolution)
        cell_k = level_keys(cell_v, exact=dlg.exact, resolution=self.resolution)
        return Message(cell_v[lab], cell_k[lab], bits, self.resolution)


LOW, MEDIUM, HIGH = 0, 1, 2
BUCKET_NAMES = {LOW: "Low", MEDIUM: "Medium", HIGH: "High"}


@dataclass(frozen=True)
class Discretized:
    """Prop. 4 / App. F: High if E^i > E^F + ε/4, Low if E^i < E^F − ε/4, else Medium.

    E^F is the intermediary's expectation: its prior (default: the agents' average) on the public
    partition (refined by every message). Two bits per message (three codewords). Broadcast only:
    with private delivery F would know more than the listeners and a "Medium" would hide news.
    """

    name: str = "discretized"
    deterministic: bool = True
    uses_public: bool = True
    broadcast_only: bool = True

    def message(self, dlg: Dialogue, sender: int) -> Message:
        e = dlg.expectation(sender)
        ef = dlg.intermediary_expectation(sender)
        # float mode: a difference within the rounding resolution of ±ε/4 counts as Medium
        q = Fraction(str(dlg.eps)) / 4 if dlg.exact else dlg.eps / 4 + RESOLUTION
        codes = np.full(len(e), MEDIUM, dtype=np.int64)
        diff = e - ef
        codes[np.asarray(diff > q, dtype=bool)] = HIGH
        codes[np.asarray(diff < -q, dtype=bool)] = LOW
        return Message(codes, codes.copy(), 2)


_REGISTRY: dict[str, MessageProtocol] = {}


def register(protocol: MessageProtocol) -> None:
    """Make a protocol available by name (configs and the CLI look protocols up here)."""
    _REGISTRY[protocol.name] = protocol


def get(name: str) -> MessageProtocol:
    """The registered protocol called ``name`` (error lists the allowed names)."""
    if name not in _REGISTRY:
        raise AgreementError(f"unknown protocol {name!r} (allowed: {', '.join(sorted(_REGISTRY))})")
    return _REGISTRY[name]


def names() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))


def display(protocol: MessageProtocol, value: object) -> object:
    """A human/JSON form of one announced value."""
    if protocol.name in ("discretized", "bbf"):
        return BUCKET_NAMES[int(value)]
    if isinstance(value, Fraction):
        return str(value)
    return float(value)


register(Expectation())
register(Discretized())

import alignlab.agreement.noisy  # noqa: E402,F401  (registers bbf and triangular)

__all__ = ["Discretized", "Expectation", "Message", "MessageProtocol", "conditional_expectation",
           "display", "get", "names", "register"]
