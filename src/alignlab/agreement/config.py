"""The YAML dialogue config → (Instance, Settings), with errors naming the task, agent and state.

Task fields (top level, or each item of ``tasks``): ``states`` (count → names 1..D, or a list of
names), ``prior`` (``uniform`` or weights, common) or ``priors`` (one weight list per agent),
``partitions`` (one list of cells per agent; cells list state names), ``objective`` (values per
state, ``{indicator: [states]}``, or a list of those, one per agent), ``true_state``, ``eps``,
``delta``, ``reference`` (each | common | weights), ``name``. Run fields (top level):
``protocol``, ``delivery``, ``topology`` (name or [from, to] edges) or ``order``, ``max_messages``,
``exact``, ``stop`` (criterion | fixed_point, default fixed_point; required when a task gives
``eps``, which used to switch the default silently), ``kinds`` (human|ai per agent),
``prior_method``; for the noisy protocols ``theta``, ``b``, ``alpha``, ``runs``, ``seed``,
``confidence`` (:class:`~alignlab.agreement.settings.NoisySettings`). Agents are numbered from 1.
The result is a :class:`~alignlab.agreement.settings.Settings` for deterministic protocols and a
``NoisySettings`` for noisy ones; every run fact is validated once, by those constructors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from alignlab import limits
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import (
    Agent,
    Instance,
    Task,
    cells_to_labels,
    check_objective,
    check_prior,
    make_instance,
)
from alignlab.agreement.settings import NOISY_FIELDS, NoisySettings, Settings
from alignlab.agreement.topology import schedule_for
from alignlab.config import as_number, check_keys, load_yaml, require_mapping
from alignlab.limits import check_count

TASK_KEYS = ("states", "prior", "priors", "partitions", "objective", "true_state", "eps", "delta",
             "reference", "name")
RUN_KEYS = ("protocol", "delivery", "topology", "order", "max_messages", "exact", "stop", "kinds",
            "prior_method", "tasks", "theta", "b", "alpha", "runs", "seed", "confidence")
_FRAC = re.compile(r"^\s*-?\d+\s*/\s*\d+\s*$")


def _num(x: Any) -> Any:
    """Numbers pass; "p/q" strings become Fractions; anything else is returned for the checker to reject."""
    if isinstance(x, str) and _FRAC.match(x) and not x.strip().endswith("/0"):
        return Fraction(x.replace(" ", ""))
    return x


def _state_index(names: list[str], x: Any, where: str) -> int:
    key = str(x)
    try:
        return names.index(key)
    except ValueError:
        raise AgreementError(f"{where}: unknown state {x!r} (states: {', '.join(names[:10])}"
                             f"{', …' if len(names) > 10 else ''})") from None


def _objective(spec: Any, names: list[str], exact: bool, where: str) -> np.ndarray:
    D = len(names)
    if isinstance(spec, Mapping):
        check_keys(spec, required=("indicator",), where=f"{where}: objective", error=AgreementError)
        ind = spec["indicator"]
        if not isinstance(ind, list):
            raise AgreementError(f"{where}: objective indicator must be a list of states")
        vals = [0] * D
        for s in ind:
            vals[_state_index(names, s, f"{where}: objective indicator")] = 1
        return check_objective(vals, D, exact=exact, where=where, state_names=names)
    if not isinstance(spec, list):
        raise AgreementError(f"{where}: objective must be a list of values per state or {{indicator: [...]}}")
    return check_objective([_num(x) for x in spec], D, exact=exact, where=where, state_names=names)


def parse_task(obj: Any, j: int, *, exact: bool, where: str) -> tuple[Task, list[np.ndarray], list[np.ndarray]]:
    """One task: (Task, priors per agent, partitions per agent)."""
    tname = f"task {j + 1}"
    obj = require_mapping(obj, f"{where}: {tname}", error=AgreementError)
    check_keys(obj, required=("states", "partitions", "objective"), optional=TASK_KEYS,
               where=f"{where}: {tname}", error=AgreementError)
    tname = str(obj.get("name", tname))
    st = obj["states"]
    if isinstance(st, int) and not isinstance(st, bool) and st >= 1:
        check_count(st, "states", limits.STATES, where=tname, error=AgreementError)
        names = [str(s) for s in range(1, st + 1)]
    elif isinstance(st, list) and st:
        names = [str(s) for s in st]
        if len(set(names)) != len(names):
            raise AgreementError(f"{tname}: state names must be distinct")
    else:
        raise AgreementError(f"{tname}: states must be a positive count or a list of names, got {st!r}")
    D = len(names)
    parts_spec = obj["partitions"]
    if not isinstance(parts_spec, list) or len(parts_spec) < 2:
        raise AgreementError(f"{tname}: partitions must list one partition (list of cells) per agent, at least 2")
    N = len(parts_spec)
    parts = []
    for i, cells in enumerate(parts_spec):
        w = f"{tname}, agent {i + 1}"
        if not isinstance(cells, list) or not all(isinstance(c, list) for c in cells):
            raise AgreementError(f"{w}: partition must be a list of cells (lists of states)")
        idx = [[_state_index(names, s, w) for s in c] for c in cells]
        parts.append(cells_to_labels(idx, D, where=w, state_names=names))
    if "prior" in obj and "priors" in obj:
        raise AgreementError(f"{tname}: give either prior (common) or priors (one per agent), not both")
    if "priors" in obj:
        ps = obj["priors"]
        if not isinstance(ps, list) or len(ps) != N:
            raise AgreementError(f"{tname}: priors must list one weight list per agent ({N} agents)")
    else:
        p = obj.get("prior", "uniform")
        ps = [p] * N
    priors = []
    for i, p in enumerate(ps):
        w = f"{tname}, agent {i + 1}"
        if p == "uniform":
            p = [1] * D
        if not isinstance(p, list):
            raise AgreementError(f"{w}: prior must be 'uniform' or a list of {D} positive weights")
        priors.append(check_prior([_num(x) for x in p], D, exact=exact, where=w, state_names=names))
    ob = obj["objective"]
    per_agent = None
    if isinstance(ob, list) and ob and all(isinstance(x, (list, Mapping)) for x in ob):
        if len(ob) != N:
            raise AgreementError(f"{tname}: per-agent objectives need one per agent ({N})")
        per_agent = tuple(_objective(x, names, exact, f"{tname}, agent {i + 1}") for i, x in enumerate(ob))
        f = per_agent[0]
    else:
        f = _objective(ob, names, exact, tname)
    ts = obj.get("true_state")
    true_state = None if ts is None else _state_index(names, ts, f"{tname}: true_state")
    eps = as_number(obj.get("eps", 0), "eps", where=tname, lo=0, hi=1, hi_open=True, error=AgreementError)
    delta = as_number(obj.get("delta", 0.1), "delta", where=tname, lo=0, hi=1, lo_open=True,
                      hi_open=True, error=AgreementError)
    ref = obj.get("reference", "each")
    if isinstance(ref, list):
        ref = check_prior([_num(x) for x in ref], D, exact=exact, where=f"{tname}: reference", state_names=names)
    elif ref not in ("each", "common"):
        raise AgreementError(f"{tname}: reference must be each, common or a weight list, got {ref!r}")
    task = Task(objective=f, eps=eps, delta=delta, objectives=per_agent, true_state=true_state,
                reference=ref, state_names=tuple(names), name=tname)
    return task, priors, parts


def parse_config(obj: Any, where: str = "config") -> tuple[Instance, Settings | NoisySettings]:
    """A parsed YAML document → validated (Instance, Settings)."""
    obj = require_mapping(obj, where, error=AgreementError)
    if "tasks" in obj:
        check_keys(obj, required=("tasks",), optional=RUN_KEYS, where=where, error=AgreementError)
        items = obj["tasks"]
        if not isinstance(items, list) or not items:
            raise AgreementError(f"{where}: tasks must be a non-empty list")
    else:
        check_keys(obj, optional=RUN_KEYS + TASK_KEYS, where=where, error=AgreementError)
        items = [{k: v for k, v in obj.items() if k in TASK_KEYS}]
    exact = obj.get("exact", False)
    if not isinstance(exact, bool):
        raise AgreementError(f"{where}: exact must be true or false")
    parsed = [parse_task(t, j, exact=exact, where=where) for j, t in enumerate(items)]
    Ns = {len(p[1]) for p in parsed}
    if len(Ns) != 1:
        raise AgreementError(f"{where}: every task must have the same number of agents, got {sorted(Ns)}")
    N = Ns.pop()
    kinds = obj.get("kinds", ["ai"] * N)
    if not isinstance(kinds, list) or len(kinds) != N or any(k not in ("human", "ai") for k in kinds):
        raise AgreementError(f"{where}: kinds must list human or ai for each of the {N} agents")
    agents = [Agent(tuple(p[1][i] for p in parsed), tuple(p[2][i] for p in parsed), kind=kinds[i],
                    name=f"agent {i + 1}") for i in range(N)]
    inst = make_instance([p[0] for p in parsed], agents, exact=exact)
    order = obj.get("order")
    if order is not None:
        if not isinstance(order, list) or not order:
            raise AgreementError(f"{where}: order must be a non-empty list of speakers (or [speaker, receiver] pairs)")
        order = [[x - 1 if isinstance(x, int) else x for x in e] if isinstance(e, list)
                 else (e - 1 if isinstance(e, int) and not isinstance(e, bool) else e) for e in order]
    topo = obj.get("topology", "complete")
    if isinstance(topo, list):
        topo = [[x - 1 if isinstance(x, int) else x for x in e] if isinstance(e, list) else [e] for e in topo]
    any_eps = any("eps" in (t if isinstance(t, Mapping) else {}) for t in items)
    if any_eps and "stop" not in obj:
        raise AgreementError(
            f"{where}: eps is given but stop is not; say which rule ends the dialogue — stop: criterion "
            "(as soon as eq. 2 holds: what configs with eps used to get implicitly) or stop: fixed_point "
            "(when a full cycle refines nobody, the default)")
    run = {k: obj[k] for k in ("protocol", "delivery", "max_messages", "stop", "prior_method") if k in obj}
    noisy = {k: obj[k] for k in NOISY_FIELDS if k in obj}
    try:
        settings = Settings(topology=topo, order=order, **run)
        if not settings.deterministic:
            settings = NoisySettings(settings, **noisy)
        elif noisy:
            raise AgreementError(f"{', '.join(noisy)} only appl{'ies' if len(noisy) == 1 else 'y'} to the noisy "
                                 f"protocols (bbf, triangular), not to {settings.protocol!r}")
        schedule_for(settings, N)  # topology/order: strongly connected, agents exist
    except AgreementError as e:
        raise AgreementError(f"{where}: {e}") from None
    return inst, settings


def load_config(path: str | Path) -> tuple[Instance, Settings | NoisySettings]:
    """Read and validate a dialogue config file."""
    doc = load_yaml(path, error=AgreementError)
    return parse_config(doc, where=str(path))
