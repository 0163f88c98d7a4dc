"""The noisy channels of App. F and App. G.1, as message protocols (``deterministic = False``).

A noisy message is not a function of the state: the sender's noise-free channel input ``codes(s)``
is, and the observed output y is drawn from the channel. Listeners multiply the public likelihood
λ(s) by ``likelihood(codes, y)`` (:mod:`alignlab.agreement.noisy` runs the dialogues). Both are
broadcast only. Parameters are validated by
:class:`~alignlab.agreement.settings.NoisySettings`, the only way a run gets them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from alignlab.agreement.arith import RESOLUTION
from alignlab.agreement.messages import BUCKET_NAMES, HIGH, LOW, MEDIUM, Message


def _buckets(dlg, sender: int) -> np.ndarray:
    """Prop. 4's bucket at every state: High/Low if E^i is more than ε/4 above/below E^F."""
    e = dlg.expectation(sender)
    ef = dlg.intermediary_expectation(sender)
    q = dlg.eps / 4 + RESOLUTION
    codes = np.full(len(e), MEDIUM, dtype=np.int64)
    codes[e - ef > q] = HIGH
    codes[e - ef < -q] = LOW
    return codes


@dataclass(frozen=True)
class BBF:
    """App. F's "BBF(3)-compliant extension": the discretized bucket through a symmetric 3-ary channel.

    The bucket is kept with probability 1 − 2θ and becomes each of the other two codewords with
    probability θ, 0 < θ ≤ 1/3 (θ = 1/3 carries no information). Every likelihood ratio lies in
    [θ/(1−2θ), (1−2θ)/θ], so the channel is BBF(β) with β = (1−2θ)/θ — BBF(3) only for
    1/5 ≤ θ ≤ 1/3 (App. F; :func:`~alignlab.agreement.bounds.bbf_beta`). Two bits per message.
    """

    theta: float = 0.1
    name: str = "bbf"
    deterministic: bool = False
    uses_public: bool = True
    broadcast_only: bool = True

    def bits(self) -> int:
        return 2

    def codes(self, dlg, sender: int) -> np.ndarray:
        """Channel input c(s) at every state: the noise-free bucket."""
        return _buckets(dlg, sender)

    def likelihood(self, codes: np.ndarray, observed: int) -> np.ndarray:
        """P(observed | c(s)) for every state."""
        return np.where(codes == observed, 1 - 2 * self.theta, self.theta)

    def sample(self, code: int, rng: np.random.Generator) -> int:
        u = rng.random()
        if u < 1 - 2 * self.theta:
            return int(code)
        others = [c for c in (LOW, MEDIUM, HIGH) if c != code]
        return others[int(u >= 1 - self.theta)]

    def show(self, observed: object) -> object:
        return BUCKET_NAMES[int(observed)]

    def message(self, dlg, sender: int) -> Message:
        """The noise-free channel input (what the sender means to say), as a Message."""
        c = self.codes(dlg, sender)
        return Message(c, c.copy(), self.bits())


@dataclass(frozen=True)
class Triangular:
    """App. G.1: E^i rounded to b bits plus 2^−b·r, r ~ P(r = x) = (L − |x|)/L² on {−L..L}, L = α·2^b.

    The code is k(s) = round(E^i(s)·2^b) ∈ {0..2^b}; the observation y = k + r, with r = X − Y for
    independent X, Y uniform on {0..L−1} (exactly the triangular law). L = round(α·2^b) ≥ 1.
    Bits: ⌈log2(2^b + 2L − 1)⌉, enough for every possible y.
    """

    b: int = 4
    alpha: float = 0.25
    name: str = "triangular"
    deterministic: bool = False
    uses_public: bool = False
    broadcast_only: bool = True

    @property
    def L(self) -> int:
        return max(1, round(self.alpha * 2**self.b))

    def bits(self) -> int:
        return math.ceil(math.log2(2**self.b + 2 * self.L - 1))

    def codes(self, dlg, sender: int) -> np.ndarray:
        return np.rint(dlg.expectation(sender) * 2**self.b).astype(np.int64)

    def likelihood(self, codes: np.ndarray, observed: int) -> np.ndarray:
        L = self.L
        return np.maximum(L - np.abs(observed - codes), 0) / L**2

    def sample(self, code: int, rng: np.random.Generator) -> int:
        x, y = rng.integers(0, self.L, size=2)
        return int(code + x - y)

    def show(self, observed: object) -> object:
        return observed / 2**self.b

    def message(self, dlg, sender: int) -> Message:
        c = self.codes(dlg, sender)
        return Message(c / 2**self.b, c, self.bits())
