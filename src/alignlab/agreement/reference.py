"""A straightforward set-based implementation of broadcast dialogues (baseline and test oracle).

Partitions are lists of Python sets and expectations are Python sums over each cell: the obvious
way to write App. B's dynamics. It exists to check the vectorised engine and to measure it against
(``benchmarks/agreement_round.py``); do not use it for real instances.
"""

from __future__ import annotations

from collections.abc import Sequence


def _cells_of(labels: Sequence[int]) -> list[set[int]]:
    cells: dict[int, set[int]] = {}
    for s, lab in enumerate(labels):
        cells.setdefault(int(lab), set()).add(s)
    return list(cells.values())


def broadcast_round(partitions: Sequence[Sequence[int]], priors: Sequence[Sequence[float]],
                    f: Sequence[float], order: Sequence[int], *, digits: int = 9
                    ) -> tuple[list[list[float]], list[list[set[int]]]]:
    """Each speaker in ``order`` announces E[f | own cell] (rounded to ``digits``) at every state;
    every other agent splits each of its cells by the announced value. Returns the announcements
    (one list over states per message) and the final partitions as lists of sets."""
    parts = [_cells_of(p) for p in partitions]
    D = len(f)
    said = []
    for sp in order:
        value = [0.0] * D
        for cell in parts[sp]:
            w = sum(priors[sp][s] for s in cell)
            e = round(sum(priors[sp][s] * f[s] for s in cell) / w, digits)
            for s in cell:
                value[s] = e
        said.append(value)
        for r in range(len(parts)):
            if r == sp:
                continue
            new = []
            for cell in parts[r]:
                groups: dict[float, set[int]] = {}
                for s in cell:
                    groups.setdefault(value[s], set()).add(s)
                new.extend(groups.values())
            parts[r] = new
    return said, parts
