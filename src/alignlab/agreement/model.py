"""Tasks, agents and instances of ⟨M,N,ε,δ⟩-agreement, validated on construction.

A task j has D_j states (indices 0..D_j−1, optional display names), an objective f_j : S_j → [0,1]
(optionally one per agent, f^i_j), tolerances ε_j, δ_j and a reference measure μ_j
(``"each"``, ``"common"`` or an explicit array). An agent has, per task, a prior P^i_j (positive on
every state) and an initial partition Π^{i,0}_j as a label per state, plus a human/AI flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real

import numpy as np

from alignlab.agreement.arith import as_exact, to_array
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.partitions import canonical

AGENT_KINDS = ("human", "ai")
REFERENCES = ("each", "common")


@dataclass(frozen=True, eq=False)
class Task:
    """Task j: objective f_j (array over D states), ε_j, δ_j, reference measure μ_j."""

    objective: np.ndarray
    eps: float = 0.1
    delta: float = 0.1
    objectives: tuple[np.ndarray, ...] | None = None  # per-agent f^i_j, or None
    true_state: int | None = None
    reference: str | np.ndarray = "each"
    state_names: tuple[str, ...] | None = None
    name: str = "task"

    @property
    def D(self) -> int:
        return len(self.objective)

    def objective_of(self, i: int) -> np.ndarray:
        """f^i_j: the agent's own objective if given, else the common f_j."""
        return self.objectives[i] if self.objectives is not None else self.objective

    def state_name(self, s: int) -> str:
        return self.state_names[s] if self.state_names else str(s)


@dataclass(frozen=True, eq=False)
class Agent:
    """Agent i: per-task priors P^i_j and partitions Π^{i,0}_j (label arrays), human or AI."""

    priors: tuple[np.ndarray, ...]
    partitions: tuple[np.ndarray, ...]
    kind: str = "ai"
    name: str = "agent"


@dataclass(frozen=True, eq=False)
class Instance:
    """M tasks and N agents; ``exact`` selects Fraction arithmetic."""

    tasks: tuple[Task, ...]
    agents: tuple[Agent, ...]
    exact: bool = False
    meta: dict = field(default_factory=dict)

    @property
    def M(self) -> int:
        return len(self.tasks)

    @property
    def N(self) -> int:
        return len(self.agents)


def _where(task: str, agent: str | None = None) -> str:
    return f"{task}, {agent}" if agent else task


def check_prior(weights: Sequence | np.ndarray, D: int, *, exact: bool, where: str,
                state_names: Sequence[str] | None = None) -> np.ndarray:
    """Validate positive finite weights of length D and normalise them to a distribution."""
    w = list(weights.tolist() if isinstance(weights, np.ndarray) else weights)
    if len(w) != D:
        raise AgreementError(f"{where}: prior has {len(w)} weights but the task has {D} states")
    for s, x in enumerate(w):
        name = state_names[s] if state_names else str(s)
        if isinstance(x, bool) or not isinstance(x, Real):
            raise AgreementError(
                f"{where}: prior weight for state {name} is {x!r}, not a number (weights must be positive numbers)")
        if not np.isfinite(float(x)) or x <= 0:
            raise AgreementError(
                f"{where}: prior weight for state {name} is {x!r} (weights must be positive and finite)")
    if exact:
        arr = np.array([as_exact(x) for x in w], dtype=object)
        return arr / sum(arr.tolist())
    arr = np.asarray(w, dtype=float)
    return arr / arr.sum()


def check_objective(values: Sequence | np.ndarray, D: int, *, exact: bool, where: str,
                    state_names: Sequence[str] | None = None) -> np.ndarray:
    """Validate an objective with D values in [0, 1]."""
    v = list(values.tolist() if isinstance(values, np.ndarray) else values)
    if len(v) != D:
        raise AgreementError(f"{where}: objective has {len(v)} values but the task has {D} states")
    for s, x in enumerate(v):
        name = state_names[s] if state_names else str(s)
        if isinstance(x, bool) or not isinstance(x, Real) or not np.isfinite(float(x)):
            raise AgreementError(f"{where}: objective at state {name} is {x!r}, not a number in [0, 1]")
        if not 0 <= x <= 1:
            raise AgreementError(f"{where}: objective at state {name} is {x!r}, outside [0, 1]")
    return to_array(v, exact=exact)


def check_labels(labels: Sequence | np.ndarray, D: int, *, where: str) -> np.ndarray:
    """Validate a label-per-state partition and return canonical labels."""
    arr = np.asarray(labels)
    if arr.shape != (D,) or not np.issubdtype(arr.dtype, np.integer):
        raise AgreementError(f"{where}: partition must be one integer label per state ({D} states)")
    return canonical(arr)


def cells_to_labels(cells: Sequence[Sequence[int]], D: int, *, where: str,
                    state_names: Sequence[str] | None = None) -> np.ndarray:
    """A list of cells (state indices) → labels; overlaps and missing states are errors."""
    labels = np.full(D, -1, dtype=np.int64)
    for c, cell in enumerate(cells):
        if len(cell) == 0:
            raise AgreementError(f"{where}: partition cell {c + 1} is empty")
        for s in cell:
            if not (isinstance(s, (int, np.integer)) and 0 <= s < D):
                raise AgreementError(f"{where}: partition cell {c + 1} has unknown state {s!r}")
            if labels[s] >= 0:
                name = state_names[s] if state_names else str(s)
                raise AgreementError(
                    f"{where}: not a partition: state {name} is in cells {labels[s] + 1} and {c + 1}")
            labels[s] = c
    missing = np.flatnonzero(labels < 0)
    if len(missing):
        names = [state_names[s] if state_names else str(s) for s in missing[:5]]
        raise AgreementError(f"{where}: not a partition: state(s) {', '.join(names)} in no cell")
    return canonical(labels)


def make_instance(tasks: Sequence[Task], agents: Sequence[Agent], *, exact: bool = False) -> Instance:
    """Check shapes across tasks and agents (priors, partitions, objectives) and build an Instance."""
    if not tasks:
        raise AgreementError("an instance needs at least one task")
    if len(agents) < 2:
        raise AgreementError(f"an instance needs at least two agents, got {len(agents)}")
    for a in agents:
        if a.kind not in AGENT_KINDS:
            raise AgreementError(f"{a.name}: kind must be one of {AGENT_KINDS}, got {a.kind!r}")
        if len(a.priors) != len(tasks) or len(a.partitions) != len(tasks):
            raise AgreementError(f"{a.name}: needs one prior and one partition per task ({len(tasks)})")
    for j, t in enumerate(tasks):
        if not (0 < t.eps < 1 or t.eps == 0) or not 0 < t.delta < 1:
            raise AgreementError(f"{t.name}: eps must be in [0,1) and delta in (0,1)")
        if t.objectives is not None and len(t.objectives) != len(agents):
            raise AgreementError(f"{t.name}: per-agent objectives needs one per agent ({len(agents)})")
        if t.true_state is not None and not 0 <= t.true_state < t.D:
            raise AgreementError(f"{t.name}: true_state {t.true_state} is not a state")
        if isinstance(t.reference, str) and t.reference not in REFERENCES:
            raise AgreementError(f"{t.name}: reference must be each, common or an array")
        for a in agents:
            if len(a.priors[j]) != t.D or len(a.partitions[j]) != t.D:
                raise AgreementError(f"{t.name}, {a.name}: prior/partition length must be D={t.D}")
    return Instance(tuple(tasks), tuple(agents), exact=exact)


def make_simple(partitions: Sequence[Sequence[int] | np.ndarray], objective: Sequence,
                priors: Sequence[Sequence] | None = None, *, eps: float = 0.1, delta: float = 0.1,
                exact: bool = False, true_state: int | None = None,
                kinds: Sequence[str] | None = None) -> Instance:
    """One-task instance from label arrays (uniform common prior unless ``priors`` given)."""
    D = len(objective)
    N = len(partitions)
    pri = priors if priors is not None else [[1] * D] * N
    if len(pri) != N:
        raise AgreementError(f"task 1: {len(pri)} priors given for {N} agents")
    agents = []
    for i in range(N):
        where = _where("task 1", f"agent {i + 1}")
        agents.append(Agent(
            priors=(check_prior(pri[i], D, exact=exact, where=where),),
            partitions=(check_labels(partitions[i], D, where=where),),
            kind=(kinds[i] if kinds else "ai"), name=f"agent {i + 1}"))
    f = check_objective(objective, D, exact=exact, where="task 1")
    task = Task(objective=f, eps=eps, delta=delta, true_state=true_state, name="task 1")
    return make_instance([task], agents, exact=exact)
