"""The deterministic protocols: what an agent says, as a function of the state (all states at once).

``expectation`` (the standard protocol of §5 / App. B) and ``discretized`` (Prop. 4 / App. F). The
noisy ones (App. F's BBF channel, App. G.1's triangular noise) are in
:mod:`~alignlab.agreement.channels`; :mod:`~alignlab.agreement.registry` names them all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from alignlab.agreement.arith import RESOLUTION, level_keys
from alignlab.agreement.messages import BUCKET_NAMES, HIGH, LOW, MEDIUM, Message

if TYPE_CHECKING:
    from alignlab.agreement.dialogue import Dialogue


def _exact_bits(values: np.ndarray) -> int:
    """Bits of the longest p/q announced (numerator and denominator in binary)."""
    return max(Fraction(v).numerator.bit_length() + Fraction(v).denominator.bit_length() for v in values.tolist())


@dataclass(frozen=True)
class Expectation:
    """E^i = E_{P^i}[f^i | Π^i]: the sender's conditional expectation (real-valued message, §3).

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

    def show(self, value: object) -> object:
        return str(value) if isinstance(value, Fraction) else float(value)


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

    def show(self, value: object) -> object:
        return BUCKET_NAMES[int(value)]
