"""The message-exchange engine of App. B, simulated for all true states at once.

Knowledge partitions are common knowledge, so an announcement is a function of the state and a
listener's new partition is the meet of its partition with the announcement's level sets. The
intermediary F (used by ``discretized``) sees every message: its partition is the public one.

Stopping: a message is *stale* when its sender's partition and prior (and, for protocols that read
them, the public partition and F's prior) have not changed since it last went to the same
listener(s) — it provably refines nobody, so it is not sent. The exchange ends at a fixed point
when every edge of the speaking cycle is stale ("a full cycle refines nobody"), when ``stop()`` is
true, or at the cap. ``stop()`` is asked before every message (``check="message"``) or, as in
Algorithm 1's repeat–until (lines 3–11), after every full round of the cycle (``check="round"``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from alignlab.agreement.messages import Message, MessageProtocol
from alignlab.agreement.partitions import (
    canonical,
    cell_expectation,
    conditional_expectation,
    meet,
    n_cells,
)


@dataclass(frozen=True)
class Entry:
    """One transcript line (agents 0-based; ``value`` at the true state, or per state)."""

    speaker: int
    receivers: tuple[int, ...]
    value: object
    refined: tuple[int, ...] | None  # None: not tracked (broadcast at large D)
    bits: int
    phase: str


class Dialogue:
    """Mutable dialogue state for one task: partitions, priors, objectives, public partition.

    With ``broadcast`` delivery every agent hears every message, so agent i's partition is
    always the meet of its private partition with the public one P; it is computed lazily (when i
    speaks, or when ``track_refined`` asks who a message refined), which makes a broadcast message
    cost O(D) once instead of once per listener. With ``tree`` delivery listeners are refined
    directly.
    """

    def __init__(self, labels: Sequence[np.ndarray], priors: Sequence[np.ndarray],
                 objectives: Sequence[np.ndarray], *, exact: bool, eps: float,
                 intermediary_prior: np.ndarray | None = None,
                 true_state: int | None = None, broadcast: bool = True,
                 track_refined: bool | None = None) -> None:
        self._labels = [canonical(lab) for lab in labels]
        self.priors = list(priors)
        self.f = list(objectives)
        self.exact = exact
        self.eps = eps
        self.N = len(self._labels)
        self.D = len(self._labels[0])
        self.broadcast = broadcast
        self.track_refined = self.D <= 200_000 if track_refined is None else track_refined
        self.public = np.zeros(self.D, dtype=np.int64)
        if intermediary_prior is None:
            intermediary_prior = sum(self.priors[1:], self.priors[0]) / self.N
        self.intermediary_prior = intermediary_prior
        self.true_state = true_state
        self.version = [0] * self.N
        self.public_version = 0
        self.prior_version = [0] * (self.N + 1)  # agents, then F
        self._synced = [0] * self.N
        self.refinements = 0
        self._cache: dict[int, tuple[int, np.ndarray, np.ndarray]] = {}

    def partition(self, i: int) -> np.ndarray:
        """Agent i's current partition Π^i (labels), bringing it up to date with P if needed."""
        if self.broadcast and self._synced[i] != self.public_version:
            old = self._labels[i]
            new = meet(old, self.public)
            if n_cells(new) > n_cells(old):
                self._labels[i] = new
                self.version[i] += 1
                self.refinements += 1
            self._synced[i] = self.public_version
        return self._labels[i]

    @property
    def labels(self) -> list[np.ndarray]:
        return [self.partition(i) for i in range(self.N)]

    def cell_values(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(labels of Π^i, E_{P^i}[f^i | C] per cell C), cached per partition version."""
        lab = self.partition(i)
        hit = self._cache.get(i)
        if hit is not None and hit[0] == self.version[i]:
            return hit[1], hit[2]
        vals = cell_expectation(lab, self.priors[i], self.f[i], exact=self.exact)
        self._cache[i] = (self.version[i], lab, vals)
        return lab, vals

    def expectation(self, i: int) -> np.ndarray:
        """E^i(s) = E_{P^i}[f^i | Π^i(s)] for every state s."""
        lab, vals = self.cell_values(i)
        return vals[lab]

    def intermediary_expectation(self, i: int) -> np.ndarray:
        """E^F(s) for the sender's objective f^i, on the public partition with F's prior."""
        return conditional_expectation(self.public, self.intermediary_prior, self.f[i], exact=self.exact)

    def set_priors(self, prior: np.ndarray) -> None:
        """Condition every agent (and F) on one common prior p (Algorithm 1, line 12).

        Whose prior actually changes gets a new prior version (their messages may change); a prior
        equal to the old one (exactly, or within 1e-12 in float mode) keeps its version.
        """
        def same(a, b) -> bool:
            if self.exact:
                return bool(np.array_equal(a, b))
            return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-12, atol=0))

        for i in range(self.N):
            if not same(self.priors[i], prior):
                self.prior_version[i] += 1
        if not same(self.intermediary_prior, prior):
            self.prior_version[self.N] += 1
        self.priors = [prior] * self.N
        self.intermediary_prior = prior
        self._cache.clear()

    def deliver(self, msg: Message, receivers: Sequence[int]) -> tuple[int, ...] | None:
        """Refine the receivers (and, for broadcast, the public partition) by a message's level sets.

        Returns who was properly refined, or None when not tracked (broadcast at large D).
        """
        if not self.broadcast:
            refined = []
            for r in receivers:
                if n_cells(self._labels[r]) == self.D:
                    continue  # a discrete partition cannot be refined
                new, split = msg.split(self._labels[r])
                if split:
                    self._labels[r] = new
                    self.version[r] += 1
                    self.refinements += 1
                    refined.append(r)
            return tuple(refined)
        pub, split = (self.public, False) if n_cells(self.public) == self.D else msg.split(self.public)
        if split:
            self.public = pub
            self.public_version += 1
        if not self.track_refined:
            return None
        out = []
        for r in receivers:
            before = self.version[r]
            self.partition(r)
            if self.version[r] != before:
                out.append(r)
        return tuple(out)

    def cell_counts(self) -> list[int]:
        return [n_cells(lab) for lab in self.labels]


def exchange(dlg: Dialogue, protocol: MessageProtocol, schedule: Sequence[tuple[int, tuple[int, ...]]],
             *, stop: Callable[[], bool], max_messages: int, phase: str,
             transcript: list[Entry], record_values: int = 64, check: str = "message",
             memo: dict | None = None) -> str:
    """Send messages along the cyclic ``schedule`` of (speaker, receivers).

    Returns ``"stopped"`` (``stop()`` became true), ``"fixed_point"`` or ``"cap"``; appends to
    ``transcript``. ``max_messages`` bounds the length of the whole transcript. ``check="round"``
    asks ``stop()`` only after each full pass over the schedule (never before the first: a
    do-while); ``"message"`` asks before every message. ``memo`` carries what each edge last said
    (staleness) from one call to the next, so a later phase does not repeat stale messages.
    """
    last: dict[tuple[int, tuple[int, ...]], tuple[int, ...]] = {} if memo is None else memo
    L = len(schedule)

    def signature(speaker: int) -> tuple[int, ...]:
        dlg.partition(speaker)  # bring the speaker up to date before judging staleness
        if protocol.uses_public:
            return (dlg.version[speaker], dlg.prior_version[speaker], dlg.public_version, dlg.prior_version[-1])
        return (dlg.version[speaker], dlg.prior_version[speaker])

    def send(speaker: int, recv: tuple[int, ...], sig: tuple[int, ...]) -> None:
        msg = protocol.message(dlg, speaker)
        last[(speaker, recv)] = sig
        refined = dlg.deliver(msg, recv)
        if dlg.true_state is not None:
            value = protocol.show(msg.values[dlg.true_state])
        elif record_values >= dlg.D:
            value = [protocol.show(v) for v in msg.values.tolist()]
        else:
            value = None
        transcript.append(Entry(speaker, tuple(recv), value, refined, msg.bits, phase))

    if check == "round":
        while True:
            sent = 0
            for speaker, recv in schedule:
                sig = signature(speaker)
                if last.get((speaker, recv)) == sig:
                    continue  # stale: it would refine nobody
                if len(transcript) >= max_messages:
                    return "cap"
                send(speaker, recv, sig)
                sent += 1
            if stop():
                return "stopped"
            if sent == 0:
                return "fixed_point"
    pos = 0
    while True:
        if stop():
            return "stopped"
        for k in range(L):
            speaker, recv = schedule[(pos + k) % L]
            sig = signature(speaker)
            if last.get((speaker, recv)) != sig:
                break
        else:
            return "fixed_point"
        if len(transcript) >= max_messages:
            return "cap"
        pos = (pos + k + 1) % L
        send(speaker, recv, sig)
