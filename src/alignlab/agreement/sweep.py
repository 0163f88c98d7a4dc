"""``alignlab agree sweep``: grids over D, N, M, ε, δ, protocol and agent kind through alignlab.runtime.

A sweep config (YAML) names an instance ``family`` and a ``grid`` of lists; every combination ×
``replicates`` is one task (one dialogue, or one Monte Carlo batch for noisy protocols, or one
sampling-tree run for bounded agents), keyed by its parameters so a killed sweep resumes where it
stopped (resumable JSONL). Fields::

    family: staircase | random | prop1     # instances.staircase_instance / random_instance / prop1_instance
    grid: {D: [...], N: [...], M: [...], eps: [...], delta: [...],
           protocol: [expectation, discretized, bbf, triangular], agent: [exact, bounded], B: [...]}
    replicates: 3          # seeds per grid point
    seed: 0
    nu: 0.0                # random family: prior distance
    cells: 4               # random family: cells per agent (default ~2√D)
    max_messages: 100000
    noisy: {theta: 0.1, b: 4, alpha: 0.25, runs: 50, max_messages: 60}
    bounded: {R: 2, grid: 0.25, tree: paper}   # tree: paper (App. G.2, eq. 11) | recursive (ours)

``agent: bounded`` runs R broadcast messages by sampling-tree agents with branching B (only the
``expectation`` protocol has a bounded version; other protocols are skipped for it).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from alignlab.agreement.errors import AgreementError

FAMILIES = ("staircase", "random", "prop1")
AXES = ("D", "N", "M", "eps", "delta", "protocol", "agent", "B")
AGENTS = ("exact", "bounded")
KEYS = ("family", "grid", "replicates", "seed", "nu", "cells", "max_messages", "noisy", "bounded")
DEFAULTS = {"D": [16], "N": [2], "M": [1], "eps": [0.1], "delta": [0.1], "protocol": ["expectation"],
            "agent": ["exact"], "B": [4]}


def parse_sweep(obj: Any, where: str = "sweep") -> list[dict]:
    """Validate a sweep config and expand it into task dicts (one per grid point × replicate)."""
    from alignlab.agreement import registry
    from alignlab.config import check_keys, require_mapping

    obj = require_mapping(obj, where, error=AgreementError)
    check_keys(obj, required=("grid",), optional=KEYS, where=where, error=AgreementError)
    family = obj.get("family", "staircase")
    if family not in FAMILIES:
        raise AgreementError(f"{where}: unknown family {family!r} (allowed: {', '.join(FAMILIES)})")
    grid = require_mapping(obj["grid"], f"{where}: grid", error=AgreementError)
    check_keys(grid, optional=AXES, where=f"{where}: grid", error=AgreementError)
    axes: dict[str, list] = {}
    for ax in AXES:
        vals = grid.get(ax, DEFAULTS[ax])
        if not isinstance(vals, list):
            vals = [vals]
        if not vals:
            raise AgreementError(f"{where}: grid.{ax} is an empty list")
        for v in vals:
            _check_value(ax, v, where)
        axes[ax] = vals
    reps = obj.get("replicates", 1)
    seed = obj.get("seed", 0)
    for name, v, lo in (("replicates", reps, 1), ("seed", seed, 0)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise AgreementError(f"{where}: {name} must be an integer ≥ {lo}, got {v!r}")
    from alignlab import limits
    from alignlab.runtime.seeds import check_seed

    check_seed(seed, f"{where}: seed")
    points = reps
    for ax in AXES:
        points *= len(axes[ax])
    limits.check_product(points, "grid points × replicates", limits.INSTANCES, where=where,
                         error=AgreementError)
    noisy = dict({"theta": 0.1, "b": 4, "alpha": 0.25, "runs": 50, "max_messages": 60}, **_sub(obj, "noisy", where))
    bounded = dict({"R": 2, "grid": 0.25, "tree": "paper"}, **_sub(obj, "bounded", where))
    from alignlab.agreement.bounded import TREES

    if bounded["tree"] not in TREES:
        raise AgreementError(f"{where}: bounded.tree must be one of {', '.join(TREES)}, got {bounded['tree']!r}")
    nu = obj.get("nu", 0.0)
    cells = obj.get("cells")
    maxm = obj.get("max_messages", 100_000)
    if isinstance(maxm, bool) or not isinstance(maxm, int) or maxm < 1:
        raise AgreementError(f"{where}: max_messages must be a positive integer")
    if not isinstance(nu, (int, float)) or nu < 0:
        raise AgreementError(f"{where}: nu must be a number ≥ 0")
    for p in axes["protocol"]:
        registry.get(p)
    tasks = []
    for combo in itertools.product(*(axes[a] for a in AXES)):
        point = dict(zip(AXES, combo, strict=True))
        if point["agent"] == "bounded" and point["protocol"] != "expectation":
            continue
        if point["agent"] == "exact" and len(axes["B"]) > 1 and point["B"] != axes["B"][0]:
            continue  # B only matters for bounded agents
        for r in range(reps):
            tasks.append(dict(point, family=family, replicate=r, seed=seed, nu=float(nu), cells=cells,
                              max_messages=maxm, noisy=noisy, bounded=bounded))
    if not tasks:
        raise AgreementError(f"{where}: the grid has no runnable point (bounded agents need protocol expectation)")
    return tasks


def _sub(obj: Mapping, name: str, where: str) -> dict:
    from alignlab.config import check_keys, require_mapping

    if name not in obj:
        return {}
    sub = require_mapping(obj[name], f"{where}: {name}", error=AgreementError)
    allowed = ("theta", "b", "alpha", "runs", "max_messages") if name == "noisy" else ("R", "grid", "tree")
    check_keys(sub, optional=allowed, where=f"{where}: {name}", error=AgreementError)
    return dict(sub)


def _check_value(ax: str, v: Any, where: str) -> None:
    ints = {"D": 2, "N": 2, "M": 1, "B": 1}
    if ax in ints:
        if isinstance(v, bool) or not isinstance(v, int) or v < ints[ax]:
            raise AgreementError(f"{where}: grid.{ax} values must be integers ≥ {ints[ax]}, got {v!r}")
        from alignlab import limits

        limits.check_count(v, f"grid.{ax}", limits.STATES if ax == "D" else limits.INSTANCES,
                           lo=ints[ax], where=where, error=AgreementError)
    elif ax in ("eps", "delta"):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1:
            raise AgreementError(f"{where}: grid.{ax} values must be in (0, 1), got {v!r}")
    elif ax == "agent" and v not in AGENTS:
        raise AgreementError(f"{where}: grid.agent values must be exact or bounded, got {v!r}")
    elif ax == "protocol" and not isinstance(v, str):
        raise AgreementError(f"{where}: grid.protocol values must be protocol names, got {v!r}")


def task_key(t: dict) -> str:
    """Sortable key of one sweep task (zero-padded numbers)."""
    return (f"{t['family']}-D{t['D']:08d}-N{t['N']:03d}-M{t['M']:03d}-e{t['eps']:.6f}-d{t['delta']:.6f}"
            f"-{t['protocol']}-{t['agent']}-B{t['B']:05d}-r{t['replicate']:04d}")


def _instance(t: dict, g: np.random.Generator):
    from alignlab.agreement import registry
    from alignlab.agreement.instances import (
        prop1_instance,
        random_instance,
        staircase_instance,
        staircase_settings,
    )
    from alignlab.agreement.settings import Settings

    D, N, M, eps, delta = t["D"], t["N"], t["M"], t["eps"], t["delta"]
    proto = t["protocol"]
    if t["family"] == "staircase":
        inst = staircase_instance(D, N, M, eps=eps, delta=delta)
        if registry.get(proto).broadcast_only:
            return inst, staircase_settings(protocol=proto, delivery="broadcast", topology="complete",
                                            max_messages=t["max_messages"])
        return inst, staircase_settings(protocol=proto, max_messages=t["max_messages"])
    if t["family"] == "prop1":
        n = max(1, round(math.log2(D) / N))
        inst = prop1_instance(n, N, eps=eps, delta=delta)
        if M > 1:
            from alignlab.agreement.model import make_instance
            inst = make_instance(inst.tasks * M, [replace(a, priors=a.priors * M, partitions=a.partitions * M)
                                                  for a in inst.agents])
        return inst, Settings(protocol=proto, max_messages=t["max_messages"])
    cells = t["cells"] or max(2, int(2 * math.sqrt(D)))
    inst = random_instance(D, N, min(cells, D), g, nu=t["nu"], eps=eps, delta=delta, M=M)
    return inst, Settings(protocol=proto, max_messages=t["max_messages"])


def run_point(t: dict) -> dict:
    """One sweep task → one record (module level: it must pickle for process pools and Dask)."""
    from alignlab.agreement import bounds, registry
    from alignlab.runtime import config_hash, derive_seed, rng

    seed = derive_seed(t["seed"], "agreement-sweep", task_key(t))
    g = rng(seed)
    inst, s = _instance(t, g)
    D = inst.tasks[0].D
    rec: dict[str, Any] = {k: t[k] for k in ("family", "N", "M", "eps", "delta", "protocol", "agent", "replicate")}
    rec.update(D=D, D_requested=t["D"], seed=seed, config_hash=config_hash(t))
    rec["bound_messages"] = bounds.theorem1_messages(inst.M, inst.N, D, t["eps"], t["delta"])
    rec["bound_first_term"] = bounds.theorem1_prior_phase(inst.M, inst.N, D)
    rec["bound_bits"] = bounds.prop1_bits(inst.M, inst.N, t["eps"])
    if t["agent"] == "bounded":
        from alignlab.agreement.bounded import run_bounded

        R, grid = int(t["bounded"]["R"]), float(t["bounded"]["grid"])
        s0 = int(g.integers(0, D))
        tree = t["bounded"].get("tree", "paper")
        res = run_bounded(inst, 0, B=t["B"], R=R, grid=grid, true_state=s0, seed=seed, tree=tree)
        rec.update(B=t["B"], R=R, tree=tree, messages=R, messages_sd=0.0,
                   bits=R * math.ceil(math.log2(1 / grid + 1)),
                   work=res.work, samples=sum(res.samples), evals=sum(res.evals), time=res.time,
                   bound_work=res.bound_samples, eq11_draws=res.eq11_draws, by_kind=res.by_kind,
                   agrees_with_exact=res.agrees_with_exact, outcome="bounded")
        return rec
    if not registry.get(t["protocol"]).deterministic:
        from alignlab.agreement.noisy import run_noisy_task
        from alignlab.agreement.settings import NoisySettings

        nz = t["noisy"]
        s = NoisySettings(replace(s, max_messages=int(nz["max_messages"]), stop="criterion"),
                          theta=float(nz["theta"]), b=int(nz["b"]), alpha=float(nz["alpha"]), runs=int(nz["runs"]),
                          seed=seed)
        total_m, total_b, sds, probs = 0.0, 0.0, [], []
        for j in range(inst.M):
            res = run_noisy_task(inst, j, s)
            total_m += res.messages["mean"]
            total_b += res.bits["mean"]
            sds.append(res.messages.get("sd", 0.0))
            probs.append(res.agreement)
        rec.update(messages=total_m, messages_sd=float(np.sqrt(np.sum(np.square(sds)))), bits=total_b,
                   agreement=probs, outcome="monte_carlo", runs=s.runs,
                   bound_messages_bbf=(bounds.bbf_messages(inst.M, inst.N, D, t["eps"], t["delta"], s.theta)
                                       if t["protocol"] == "bbf" else None))
        return rec
    from alignlab.agreement.algorithm import run

    res = run(inst, s)
    rec.update(messages=res.messages, messages_sd=0.0, bits=int(sum(r.bits for r in res.tasks)),
               outcome=res.outcome, refinements=int(sum(r.refinements for r in res.tasks)))
    return rec


def run_sweep(tasks: list[dict], out: str | Path, *, executor: str = "local", address: str | None = None,
              workers: int | None = None, progress: bool = True):
    """Run (or resume) the sweep through ``alignlab.runtime.run_tasks``; returns its RunSummary."""
    from alignlab.runtime import make_executor, run_tasks

    with make_executor(executor, address=address, workers=workers) as ex:
        return run_tasks(run_point, tasks, key=task_key, out=Path(out), executor=ex, progress=progress,
                         description="agreement sweep")


def sweep_file(config: str | Path, out: str | Path, *, executor: str = "local",
               address: str | None = None, workers: int | None = None,
               plot: str | Path | None = None, progress: bool = True) -> dict[str, Any]:
    """``alignlab agree sweep``: read the sweep YAML, run (or resume) it into ``out``, optionally
    plot every record; returns the summary (counts, plot path, range of message counts)."""
    from alignlab.config import load_yaml
    from alignlab.runtime import sorted_records

    tasks = parse_sweep(load_yaml(config, error=AgreementError), where=str(config))
    s = run_sweep(tasks, out, executor=executor, address=address, workers=workers, progress=progress)
    recs = sorted_records(out)
    if plot is not None:
        plot_sweep(recs, plot)
    return {"out": str(out), "total": s.total, "done_before": s.done_before, "run_now": s.run_now,
            "plot": str(plot) if plot else None,
            "messages": {"min": min(r["messages"] for r in recs), "max": max(r["messages"] for r in recs)}}


def _x_axis(records: list[dict]) -> str:
    best, n = "D", 0
    for ax in ("D", "N", "M", "eps", "delta"):
        k = len({r[ax] for r in records})
        if k > n:
            best, n = ax, k
    return best


GREYS = ("k", "0.5", "0.72")  # shared bounds of different series (e.g. N = 2, N = 3): black, grey, light grey
WIDTHS = (1.0, 1.6, 2.2)


def _theory(ax, drawn: set[tuple], xs: list, ys: list, style: str, color: str, text: str,
            shared: bool = True, tag: str = "", shade: int = 0) -> None:
    """Draw a bound once per distinct curve (grey-scale when shared by all protocols), labelled once
    per bound and series ``tag`` (e.g. "N=3"): bounds of different N get their own shade, width and
    legend entry, so they can be told apart."""
    key = (style, tuple(xs), tuple(np.round(np.asarray(ys, dtype=float), 9)))
    if key in drawn:
        return
    first = all(d[0] != (style, tag) for d in drawn if len(d) == 2)
    drawn.add(key)
    drawn.add(((style, tag), None))
    ax.plot(xs, ys, style, color=GREYS[shade % len(GREYS)] if shared else color,
            lw=WIDTHS[shade % len(WIDTHS)], label=(f"{text}, {tag}" if tag else text) if first else None)


def plot_sweep(records: list[dict], path: str | Path) -> Path:
    """Messages, bits and (bounded agents) work against their bounds: log scales, theory as lines,
    measurements as points with error bars (mean ± sd over replicates and Monte Carlo runs).

    A bound that does not depend on the protocol is drawn once, in black, not once per protocol in
    each protocol's colour (the copies would hide each other under the last one drawn)."""
    from alignlab.report import new_figure, save_figure

    exact = [r for r in records if r["agent"] == "exact"]
    bnd = [r for r in records if r["agent"] == "bounded"]
    from matplotlib.ticker import NullFormatter

    panels = (["messages", "bits"] if exact else []) + (["samples"] if bnd else [])
    if not panels:
        raise AgreementError("no records to plot")
    fig, axs = new_figure(5.0 * len(panels), 5.0, ncols=len(panels), squeeze=False)
    axs = axs[0]
    x = _x_axis(exact or bnd)
    others = [a for a in ("D", "N", "M", "eps", "delta") if a != x]
    for ax, what in zip(axs, panels, strict=True):
        rows = bnd if what == "samples" else exact
        xv = "B" if what == "samples" else x
        series: dict[tuple, list[dict]] = {}
        for r in rows:
            label = (r["protocol"], *(r[a] for a in others if len({q[a] for q in rows}) > 1))
            series.setdefault(label, []).append(r)
        drawn: set[tuple] = set()  # theory curves already drawn (the same for every protocol)
        varied = [a for a in others if len({q[a] for q in rows}) > 1]  # series beyond the protocol
        tags = sorted({lab[1:] for lab in series}, key=str)

        for k, (label, rs) in enumerate(sorted(series.items(), key=lambda kv: str(kv[0]))):
            xs = sorted({r[xv] for r in rs})
            ys, es = [], []
            for v in xs:
                vals = np.array([float(r[what]) for r in rs if r[xv] == v])
                sd_in = np.array([float(r.get("messages_sd", 0.0)) for r in rs if r[xv] == v]) if what == "messages" else 0
                ys.append(vals.mean())
                es.append(float(np.sqrt(vals.var() + np.mean(np.square(sd_in)))))
            name = " ".join(f"{a}={b}" if i else str(b) for i, (a, b) in
                            enumerate(zip(["protocol", *[a for a in others if len({q[a] for q in rows}) > 1]], label, strict=False)))
            dodge = 1.04 ** (k - (len(series) - 1) / 2)  # side by side: equal values stay visible
            eb = ax.errorbar(np.asarray(xs, dtype=float) * dodge, np.maximum(ys, 0.5), yerr=es,
                             fmt="os^vD"[k % 5], ms=4, capsize=2, label=f"measured: {name}")
            color = eb.lines[0].get_color()
            tag = ", ".join(f"{a}={b}" for a, b in zip(varied, label[1:], strict=True))
            th = {"tag": tag, "shade": tags.index(label[1:])}
            if what == "messages":
                bx = [next(r for r in rs if r[xv] == v) for v in xs]
                _theory(ax, drawn, xs, [r["bound_messages"] for r in bx], "-", color, "Thm 1: MN²D + M³N⁷/(ε²δ²)", **th)
                _theory(ax, drawn, xs, [r["bound_first_term"] for r in bx], "--", color, "its first term MN²D", **th)
                if label[0] == "bbf" and all(r.get("bound_messages_bbf") for r in bx):
                    _theory(ax, drawn, xs, [r["bound_messages_bbf"] for r in bx], "-.", color,
                            "App. F: MN²D + M³N⁷ln(MN²/δ)/((1−2θ)ε²δ)", shared=False, **th)
            elif what == "bits":
                bx = [next(r for r in rs if r[xv] == v) for v in xs]
                _theory(ax, drawn, xs, [r["bound_bits"] for r in bx], ":", color, "Prop. 1: Ω(MN² log 1/ε) bits", **th)
            else:
                R, N = rs[0]["R"], rs[0]["N"]
                grid_b = np.logspace(np.log10(min(xs)), np.log10(max(xs)), 40)
                if rs[0].get("tree", "paper") == "paper":
                    ax.plot(grid_b, N * sum(grid_b**k for k in range(1, R + 1)), "-", color="k", lw=1,
                            label=f"eq. 11 × N: N(B + … + B^R), R = {R}")
                else:
                    ax.plot(grid_b, (grid_b + 1) ** R - 1, "-", color="k", lw=1,
                            label=f"ours, unpruned: (B+1)^R − 1, R = {R}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ticks = sorted({r[xv] for r in rows})
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{v:g}" for v in ticks], fontsize=7)
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("B (branching)" if what == "samples" else x)
        ax.set_ylabel({"messages": "messages", "bits": "bits", "samples": "draws from priors (sampling tree)"}[what])
        ax.set_title({"messages": "messages to agreement vs Theorem 1", "bits": "bits sent vs Prop. 1",
                      "samples": "sampling-tree agents: draws from the priors"}[what], fontsize=9)
        ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2,
                  frameon=False)  # below the panel: a legend inside would hide points
    families = ", ".join(sorted({str(r.get("family", "?")) for r in records}))
    symbol = {"eps": "ε", "delta": "δ"}
    fixed = ", ".join(f"{symbol.get(a, a)} = {next(iter(v)):g}" for a in others
                      if len(v := {r[a] for r in records}) == 1)
    fig.suptitle(f"agree sweep: {families} instances ({fixed}); {len(records)} runs, mean ± sd over "
                 "replicates and Monte Carlo runs; bounds with all constants 1", fontsize=10)
    return save_figure(fig, path)
