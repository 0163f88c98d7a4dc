"""What a message is: one announced value per hypothetical true state, and the protocol interface.

Knowledge partitions are common knowledge (App. B), so an announcement can be simulated for every
true state at once: ``values[s]`` is what the sender says if s is the true state. Listeners refine
their partitions by the message's level sets (deterministic protocols) or reweight a public
likelihood (noisy ones, :mod:`alignlab.agreement.noisy`). Implementations live in
:mod:`~alignlab.agreement.protocols` (exact) and :mod:`~alignlab.agreement.channels` (noisy); the
name → protocol table is :mod:`~alignlab.agreement.registry`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import Protocol as _Proto

import numpy as np

from alignlab.agreement.arith import RESOLUTION
from alignlab.agreement.partitions import refine, refine_by_values

#: The three buckets of the discretized protocol (Prop. 4 / App. F) and of the BBF(3) channel.
LOW, MEDIUM, HIGH = 0, 1, 2
BUCKET_NAMES = {LOW: "Low", MEDIUM: "Medium", HIGH: "High"}


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
    """The interface every protocol implements (the dialogue argument is duck-typed: the exact
    :class:`~alignlab.agreement.dialogue.Dialogue` or the noisy
    :class:`~alignlab.agreement.noisy.NoisyDialogue`)."""

    name: str
    deterministic: bool
    uses_public: bool  # the message depends on the public (intermediary's) partition too
    broadcast_only: bool  # needs every agent to hear every message (a public intermediary / λ)

    def message(self, dlg: Any, sender: int) -> Message: ...

    def show(self, value: object) -> object:
        """A human/JSON form of one announced value."""
        ...
