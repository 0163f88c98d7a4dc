"""Algorithm 2 / Lemma 7: a common prior consistent with every agent's posteriors, or a witness.

p is a common prior iff p > 0 and p(·|C) = τ^i(·|C) for every agent i and cell C of Π^i, i.e.
p(t)/p(s) = τ^i(t)/τ^i(s) for s, t in one cell of Π^i. Those ratio constraints form a graph on
states; chaining consecutive states of each cell is enough (the rest follow). Its components are
the cells of the finest common coarsening; each component gets mass equal to the agents' average
τ-mass on it (any positive masses work; this choice is documented and shared by both solvers).

- ``direct`` (default): spanning forest by BFS, log p by pointer jumping along the forest
  (O(N·D log D), vectorised), every other constraint checked within ``tol`` on log-ratios; an
  inconsistent one yields the cycle of constraints whose ratio product is not 1 (the witness).
- ``lp``: HiGHS feasibility LP (sparse), rows scaled to max coefficient 1, variables scaled to mean
  1 per component, one normalisation row per component (so no component can get zero mass).
- ``as_printed``: the paper's pseudo-code, which only constrains pairs inside one cell of the
  *meet* (the intersection of all agents' cells) — weaker than Lemma 7; kept for comparison.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise

import numpy as np

from alignlab.agreement.errors import AgreementError
from alignlab.agreement.lemma2 import eq10_excess
from alignlab.agreement.partitions import canonical, join

METHODS = ("direct", "lp", "as_printed")
TOL = 1e-8


@dataclass(frozen=True, eq=False)
class CommonPrior:
    """Result: ``prior`` (array, None if infeasible), ``witness`` (None if feasible)."""

    feasible: bool
    prior: np.ndarray | None
    witness: dict | None
    method: str
    n_components: int
    eq10_excess: int  # (N−1)D + |C| − Σ|Π^i|: 0 iff eq. 10 holds (lemma2.eq10_excess)


def _reps(lab: np.ndarray) -> np.ndarray:
    """The smallest state of each cell (an O(D) scatter, no sort)."""
    rep = np.empty(int(lab.max()) + 1, dtype=np.int64)
    rep[lab[::-1]] = np.arange(len(lab) - 1, -1, -1)
    return rep


def _edges(group: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Star edges (u, v, agent): each state to its cell's representative, for each agent's cells.

    Every ratio constraint inside a cell follows from these (all pairs go through the
    representative), so they span the constraint graph with at most N·D edges and no sorting.
    """
    us, vs, ag = [], [], []
    for i, lab in enumerate(group):
        r = _reps(lab)[lab]
        keep = r != np.arange(len(lab))
        us.append(r[keep])
        vs.append(np.flatnonzero(keep))
        ag.append(np.full(int(keep.sum()), i, dtype=np.int64))
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ag)


def construct_common_prior(partitions: Sequence[np.ndarray], posteriors: Sequence[np.ndarray], *,
                           method: str = "direct", exact: bool = False, tol: float = TOL,
                           state_names: Sequence[str] | None = None) -> CommonPrior:
    """Find p with p(·|C) = τ^i(·|C) for all agents i and cells C ∈ Π^i (Lemma 7), or a witness."""
    if method not in METHODS:
        raise AgreementError(f"unknown common-prior method {method!r} (allowed: {', '.join(METHODS)})")
    parts = [canonical(np.asarray(p)) for p in partitions]
    if method == "as_printed":
        meet = join(*parts)
        group = [meet] * len(parts)
    else:
        group = parts
    u, v, ag = _edges(group)
    rem = 0  # eq. 10 needs |C|: the solvers' component count (except as_printed's meet graph)
    if exact:
        res = _direct_exact(parts, posteriors, u, v, ag, method, rem, state_names)
    else:
        tau = [np.asarray(t, dtype=float) for t in posteriors]
        if method == "lp":
            res = _lp(tau, group, u, v, ag, rem, tol, state_names)
        else:
            res = _direct(tau, group, u, v, ag, method, rem, tol, state_names)
    common = None if method == "as_printed" else res.n_components
    return replace(res, eq10_excess=eq10_excess(parts, common))


def _components(D: int, u: np.ndarray, v: np.ndarray) -> tuple[int, np.ndarray]:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = coo_matrix((np.ones(len(u)), (u, v)), shape=(D, D))
    return connected_components(g, directed=False)


def _masses(tau: Sequence[np.ndarray], comp: np.ndarray, k: int) -> np.ndarray:
    """Mass of each component: the agents' average τ-mass (shared by every solver)."""
    return sum(np.bincount(comp, weights=np.asarray(t, dtype=float), minlength=k) for t in tau) / len(tau)


def _direct(tau, group, u, v, ag, method, rem, tol, names) -> CommonPrior:
    """Spanning forest by BFS; log p along it by pointer jumping; every cell checked in O(N·D)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, connected_components

    D = len(tau[0])
    # The constraint graph is built once, on D + 1 nodes: node D (isolated here, so its component
    # is the last label, k) becomes a virtual root once its row lists one representative per
    # component — row D is the last CSR row, so that is an append, not a rebuild.
    g = csr_matrix((np.ones(len(u)), (u, v)), shape=(D + 1, D + 1))
    k1, labels = connected_components(g, directed=False)
    k, comp = k1 - 1, labels[:D]
    if labels[D] != k:  # SciPy numbers components by their first node, so this is not expected
        comp = comp - (comp > labels[D])
    reps = np.full(k, -1, dtype=np.int64)
    reps[comp[::-1]] = np.arange(D)[::-1]
    g.indices = np.concatenate([g.indices, reps.astype(g.indices.dtype)])
    g.data = np.concatenate([g.data, np.ones(k)])
    g.indptr[-1] += k  # rows 0..D−1 are unchanged; row D now holds the k root edges
    _, pred = breadth_first_order(g, D, directed=False, return_predecessors=True)
    return _forest_prior(tau, group, pred, comp, k, method, rem, tol, names)


def _forest_prior(tau, group, pred, comp, k, method, rem, tol, names) -> CommonPrior:
    """log p along the BFS forest ``pred`` (rooted at the virtual node D; ``comp``: the k
    components) by pointer jumping, then Lemma 7 checked in every cell of every agent: the prior,
    or the violated constraint's cycle as witness."""
    D = len(tau[0])
    logt = np.log(np.stack(tau))  # N × D
    pred = pred.astype(np.int64)
    pred[D] = D
    # each tree edge pred(s)–s lies inside a cell of some agent: take the first such agent's ratio
    nodes = np.arange(D)
    tree = pred[:D] != D
    ts, tp = nodes[tree], pred[:D][tree]
    tree_agent = np.full(D, -1, dtype=np.int64)
    w = np.zeros(len(ts))
    todo = np.ones(len(ts), dtype=bool)
    for i, lab in enumerate(group):
        hit = todo & (lab[ts] == lab[tp])
        tree_agent[ts[hit]] = i
        w[hit] = logt[i, ts[hit]] - logt[i, tp[hit]]
        todo &= ~hit
    acc = np.zeros(D + 1)
    acc[ts] = w
    ptr = pred.copy()
    while np.any(ptr != D):  # pointer jumping: acc[s] = log p(s) − log p(rep(s))
        acc = acc + acc[ptr]
        ptr = ptr[ptr]
    logp = acc[:D]
    # Lemma 7 within every cell of every agent: log p − log τ^i is constant on the cell
    for i, lab in enumerate(group):
        r = _reps(lab)[lab]
        gap = logp - logt[i] - (logp[r] - logt[i, r])
        bad = np.abs(gap) > tol * (1 + np.abs(logt[i] - logt[i, r]))
        if bad.any():
            s_bad = int(np.flatnonzero(bad)[np.argmax(np.abs(gap[bad]))])
            r_bad = int(r[s_bad])
            wit = _witness(r_bad, s_bad, i, pred, tree_agent,
                           lambda a, x, y: float(np.exp(logt[a, y] - logt[a, x])), names)
            return CommonPrior(False, None, wit, method, k, rem)
    shift = np.full(k, -np.inf)
    np.maximum.at(shift, comp, logp)
    p = np.exp(logp - shift[comp])
    p = p / np.bincount(comp, weights=p, minlength=k)[comp] * _masses(tau, comp, k)[comp]
    return CommonPrior(True, p, None, method, k, rem)


def _witness(a: int, b: int, agent: int, pred, tree_agent, ratio, names) -> dict:
    """Cycle a → … → lca … → b → a closing with the violated constraint (agent's ratio on a, b)."""
    def up(s):
        path = [s]
        while pred[path[-1]] != len(pred) - 1 and pred[path[-1]] != path[-1]:
            path.append(int(pred[path[-1]]))
        return path

    pa, pb = up(a), up(b)
    sb = set(pb)
    lca = next(s for s in pa if s in sb)
    left = pa[: pa.index(lca) + 1]
    right = pb[: pb.index(lca)][::-1]
    cycle = left + right  # a … lca … b
    steps = []
    prod: object = 1
    for x, y in pairwise(cycle):
        child = y if pred[y] == x else x  # the tree edge is stored on its child
        r = ratio(int(tree_agent[child]), x, y)
        steps.append((int(tree_agent[child]), x, y, r))
        prod = prod * r
    r = ratio(agent, b, a)
    steps.append((agent, b, a, r))
    prod = prod * r

    def nm(s):
        return names[s] if names else str(s)

    return {
        "cycle": [nm(s) for s in cycle] + [nm(a)],
        "constraints": [{"agent": ai + 1, "from": nm(x), "to": nm(y),
                         "ratio": str(r) if isinstance(r, Fraction) else float(r)}
                        for ai, x, y, r in steps],
        "product": str(prod) if isinstance(prod, Fraction) else float(prod),
        "message": "the ratio constraints p(to)/p(from) = τ^agent(to)/τ^agent(from) around this cycle "
                   "multiply to " + str(prod) + " ≠ 1, so no common prior exists",
    }


def _direct_exact(parts, posteriors, u, v, ag, method, rem, names) -> CommonPrior:
    """The direct method in Fraction arithmetic (BFS over states; small instances, test oracle)."""
    D = len(parts[0])
    tau = [[Fraction(x) for x in t.tolist()] for t in posteriors]
    adj: dict[int, list[tuple[int, int]]] = {s: [] for s in range(D)}
    for a, b, i in zip(u.tolist(), v.tolist(), ag.tolist(), strict=True):
        adj[a].append((b, i))
        adj[b].append((a, i))
    pred = np.full(D + 1, D, dtype=np.int64)
    tree_agent = np.full(D, -1, dtype=np.int64)
    val: dict[int, Fraction] = {}
    comp = np.full(D, -1, dtype=np.int64)
    k = 0
    for r in range(D):
        if r in val:
            continue
        val[r] = Fraction(1)
        comp[r] = k
        q = deque([r])
        while q:
            s = q.popleft()
            for t, i in adj[s]:
                if t not in val:
                    val[t] = val[s] * tau[i][t] / tau[i][s]
                    pred[t], tree_agent[t], comp[t] = s, i, k
                    q.append(t)
        k += 1

    def ratio(i, s, t):
        return tau[i][t] / tau[i][s]

    for a, b, i in zip(u.tolist(), v.tolist(), ag.tolist(), strict=True):
        if val[b] != val[a] * ratio(i, a, b):
            return CommonPrior(False, None, _witness(a, b, i, pred, tree_agent, ratio, names), method, k, rem)
    tot = [Fraction(0)] * k
    mass = [Fraction(0)] * k
    for s in range(D):
        tot[comp[s]] += val[s]
        for t in tau:
            mass[comp[s]] += t[s] / len(tau)
    p = np.array([val[s] / tot[comp[s]] * mass[comp[s]] for s in range(D)], dtype=object)
    return CommonPrior(True, p, None, method, k, rem)


def _lp(tau, group, u, v, ag, rem, tol, names) -> CommonPrior:
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    D = len(tau[0])
    T = np.stack(tau)
    k, comp = _components(D, u, v)
    size = np.bincount(comp, minlength=k).astype(float)
    mass = _masses(tau, comp, k)
    # variables q(s) = p(s)·|C|/mass(C) (mean 1 per component); rows τ(v)q(u) − τ(u)q(v) = 0
    tu, tv = T[ag, u], T[ag, v]
    scale = np.maximum(tu, tv)
    m = len(u)
    rows = np.concatenate([np.arange(m), np.arange(m), m + comp])
    cols = np.concatenate([u, v, np.arange(D)])
    vals = np.concatenate([tv / scale, -tu / scale, np.ones(D)])
    A = coo_matrix((vals, (rows, cols)), shape=(m + k, D)).tocsr()
    b = np.concatenate([np.zeros(m), size])
    res = linprog(np.zeros(D), A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    if res.status != 0:
        wit = _direct(tau, group, u, v, ag, "direct", rem, tol, names).witness
        return CommonPrior(False, None, wit, "lp", k, rem)
    p = res.x * (mass / size)[comp]
    return CommonPrior(True, p, None, "lp", k, rem)
