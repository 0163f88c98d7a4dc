"""``alignlab agree``: run a dialogue, check for a common prior, print the bounds table."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from alignlab.runtime.options import AddressOpt, ExecutorOpt, WorkersOpt

app = typer.Typer(no_args_is_help=True, help="⟨M,N,ε,δ⟩-agreement: dialogues, common priors, bounds.")


def _show(v: object) -> str:
    """Compact display: floats to 6 significant digits, lists recursively."""
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return str(v)


@app.command()
def run(
    config: Path = typer.Argument(..., help="Dialogue config (YAML)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    out: Path = typer.Option(None, "--out", help="Resumable JSONL results: one record per task "
                             "(key = config hash + task; records already there are kept)."),
) -> None:
    """Run Algorithm 1 on the config's tasks: transcript, outcome, messages, agreement matrix."""
    from alignlab.agreement.algorithm import run as run_alg
    from alignlab.agreement.config import parse_config
    from alignlab.agreement.errors import AgreementError
    from alignlab.config import load_yaml
    from alignlab.outputs import check_output
    from alignlab.runtime import config_hash

    if out is not None:
        check_output(out, "jsonl")
    doc = load_yaml(config, error=AgreementError)
    inst, settings = parse_config(doc, where=str(config))
    chash = config_hash(doc)
    from alignlab.agreement import protocols

    if not protocols.get(settings.protocol).deterministic:
        _run_noisy(inst, settings, config, chash, json_out, out)
        return
    res = run_alg(inst, settings)
    # the exact path draws nothing at random: no seed to record
    records = [dict(r.as_dict(), config=str(config), config_hash=chash, seed=None, exact=inst.exact)
               for r in res.tasks]
    if out is not None:
        _append(out, records, chash)
    if json_out:
        transcript = [dict(e, task=r["task"]) for r in records for e in r["transcript"]]
        typer.echo(json.dumps({"outcome": res.outcome, "messages": res.messages,
                               "bits": sum(r["bits"] for r in records), "transcript": transcript,
                               "tasks": records}))
        return
    from rich.console import Console
    from rich.table import Table

    from alignlab.console import safe

    con = Console(highlight=False)
    for r in records:
        t = Table(title=safe(f"{r['task']}: {r['protocol']} / {r['delivery']} "
                             f"(N={r['N']}, D={r['D']})"))
        for h in ("#", "phase", "speaker", "receivers", "value", "refined"):
            t.add_column(h)
        for k, e in enumerate(r["transcript"], 1):
            t.add_row(*map(safe, (k, e["phase"], e["speaker"], ",".join(map(str, e["receivers"])),
                                  _show(e["value"]), ",".join(map(str, e["refined"] or [])) or "-")))
        con.print(t)
        con.print(f"outcome: [bold]{safe(r['outcome'])}[/]  messages: {r['messages']}  bits: {r['bits']}  "
                  f"refinements: {r['refinements']}  bound (Thm 1, constants 1): "
                  + (f"{r['bound_messages']:.4g}" if r["bound_messages"] is not None else "n/a (ε = 0)"))
        con.print(f"final expectations: {safe(_show(r['expectations']))}")
        con.print(f"agreement matrix (reference {safe(r['reference'])}): "
                  f"{safe(r['agreement_matrix'])}  "
                  f"global: {r['global_agreement']:.4g}")
        if r["cells"]:
            con.print("final partitions: " + safe("  ".join(
                f"agent {i + 1}: " + "|".join(",".join(map(str, c)) for c in cells)
                for i, cells in enumerate(r["cells"]))))
        if r["disagreement"]:
            con.print(f"[yellow]agree to disagree[/]: {safe(r['disagreement'])}")
    if out is not None:
        con.print(f"wrote {len(records)} record(s) to {safe(out)}")


def _append(out: Path, records: list[dict], chash: str) -> None:
    """Add the task records to the resumable result file (the runtime's one JSONL writer)."""
    from alignlab.runtime import append_new

    append_new(out, [{**r, "key": f"agree:{chash}:{r['task']}"} for r in records])


def _run_noisy(inst, settings, config: Path, chash: str, json_out: bool, out: Path | None) -> None:
    """``agree run`` for bbf/triangular: Monte Carlo over (true state, noise) per task."""
    from alignlab.agreement.noisy import run_noisy_task

    recs = [dict(run_noisy_task(inst, j, settings).as_dict(), config=str(config), config_hash=chash)
            for j in range(inst.M)]
    if out is not None:
        _append(out, recs, chash)
    if json_out:
        typer.echo(json.dumps({"protocol": settings.protocol, "tasks": recs}))
        return
    for r in recs:
        a = r["agreement"]
        typer.echo(f"{r['task']}: {r['protocol']} {r['params']}, {r['runs']} runs (seed {r['seed']}), "
                   f"reference {r['reference']}")
        typer.echo(f"  P(all pairs within ε = {r['eps']}) = {a['p']:.4f}, {r['confidence']:.0%} CI "
                   f"[{a['ci'][0]:.4f}, {a['ci'][1]:.4f}] ({a['method']}); eq. 2 with δ = {r['delta']}: "
                   f"{'holds' if r['criterion_holds'] else 'fails'}"
                   f"{' (confidently)' if r['criterion_holds_confidently'] else ''}")
        typer.echo(f"  messages: mean {r['messages']['mean']:.2f} (min {r['messages']['min']}, max "
                   f"{r['messages']['max']}); bits: mean {r['bits']['mean']:.1f}; flipped by the channel: "
                   f"{r['flip_rate']:.1%}; ends: {r['ends']}")
        ex = r["example"]
        typer.echo(f"  run 1 (true state {ex['true_state']}): "
                   + ", ".join(f"{e['speaker']}:{_show(e['value'])}" for e in ex["transcript"]))


@app.command()
def prior(
    config: Path = typer.Argument(..., help="Dialogue config (YAML)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    method: str = typer.Option("direct", help="direct | lp | as_printed"),
) -> None:
    """Is there a common prior for the agents' initial partitions and priors (Lemma 7)? Witness if not."""
    from alignlab.agreement.arith import fmt
    from alignlab.agreement.common_prior import construct_common_prior
    from alignlab.agreement.config import load_config

    inst, _ = load_config(config)
    results = []
    for j, task in enumerate(inst.tasks):
        cp = construct_common_prior([a.partitions[j] for a in inst.agents], [a.priors[j] for a in inst.agents],
                                    method=method, exact=inst.exact, state_names=task.state_names)
        results.append({"task": task.name, "feasible": cp.feasible,
                        "prior": [fmt(x) for x in cp.prior.tolist()] if cp.feasible else None,
                        "witness": cp.witness, "method": cp.method, "components": cp.n_components,
                        "remaining_refinements": cp.remaining_refinements})
    first_bad = next((r for r in results if not r["feasible"]), results[0])
    obj = {"feasible": all(r["feasible"] for r in results), "prior": first_bad["prior"],
           "witness": first_bad["witness"], "tasks": results}
    if json_out:
        typer.echo(json.dumps(obj))
        return
    for r in results:
        if r["feasible"]:
            typer.echo(f"{r['task']}: common prior exists ({r['method']}): {r['prior']}")
        else:
            w = r["witness"]
            typer.echo(f"{r['task']}: no common prior ({r['method']}). Witness cycle: {' → '.join(w['cycle'])}")
            for c in w["constraints"]:
                typer.echo(f"  agent {c['agent']}: p({c['to']})/p({c['from']}) = {c['ratio']}")
            typer.echo(f"  product around the cycle = {w['product']} ≠ 1")
        typer.echo(f"  remaining proper refinements (Lemma 2 count): {r['remaining_refinements']}")


@app.command()
def bounds(
    M: int = typer.Option(1, "--M", help="Tasks."),
    N: int = typer.Option(2, "--N", help="Agents."),
    D: int = typer.Option(100, "--D", help="States per task."),
    eps: float = typer.Option(0.1, "--eps"),
    delta: float = typer.Option(0.1, "--delta"),
    nu: float = typer.Option(0.0, "--nu", help="Prior distance ν."),
    alpha: float = typer.Option(0.01, "--alpha", help="Theorem 2 / Cor. 1 α."),
    rho: float = typer.Option(0.5, "--rho", help="Theorem 2 / Cor. 1 ρ."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Every bound of the paper for these parameters (all hidden constants set to 1)."""
    from alignlab.agreement.bounds import table
    from alignlab.agreement.errors import AgreementError

    try:
        t = table(M, N, D, eps, delta, nu, alpha=alpha, rho=rho).as_dict()
    except (ArithmeticError, ValueError) as exc:  # e.g. ε² underflowing to 0 at --eps 1e-200
        if isinstance(exc, AgreementError):
            raise
        raise AgreementError(f"these parameters are outside what double precision can evaluate "
                             f"(M={M}, N={N}, D={D}, eps={eps:g}, delta={delta:g}): "
                             f"{type(exc).__name__}: {exc}") from None
    if json_out:
        typer.echo(json.dumps(t))
        return
    from rich.console import Console
    from rich.table import Table

    tab = Table(title=f"bounds (constants 1): M={M} N={N} D={D} ε={eps} δ={delta} ν={nu}")
    tab.add_column("bound")
    tab.add_column("value", justify="right")
    for k, v in t.items():
        if k not in ("M", "N", "D", "eps", "delta", "nu"):
            tab.add_row(k, f"{v:.6g}")
    Console().print(tab)


@app.command()
def sweep(
    config: Path = typer.Argument(..., help="Sweep config (YAML): family, grid of D/N/M/eps/delta/protocol/agent/B."),
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    out: Path = typer.Option(Path("agreement-sweep.jsonl"), "-o", "--out", help="Resumable JSONL results."),
    plot: Path = typer.Option(None, "--plot", help="Write a PNG of messages/bits/work against the bounds."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Run a grid of dialogues through alignlab.runtime (resumable: finished points are kept)."""
    from alignlab.agreement.errors import AgreementError
    from alignlab.agreement.sweep import parse_sweep, plot_sweep, run_sweep
    from alignlab.config import load_yaml
    from alignlab.outputs import check_output
    from alignlab.runtime import sorted_records

    check_output(out, "jsonl")
    if plot is not None:
        check_output(plot, "png")
    tasks = parse_sweep(load_yaml(config, error=AgreementError), where=str(config))
    s = run_sweep(tasks, out, executor=executor, address=address, workers=workers, progress=not json_out)
    recs = sorted_records(out)
    if plot is not None:
        plot_sweep(recs, plot)
    summary = {"out": str(out), "total": s.total, "done_before": s.done_before, "run_now": s.run_now,
               "plot": str(plot) if plot else None,
               "messages": {"min": min(r["messages"] for r in recs), "max": max(r["messages"] for r in recs)}}
    if json_out:
        typer.echo(json.dumps(summary))
        return
    typer.echo(f"done_before={s.done_before} run_now={s.run_now} total={s.total} → {out}"
               + (f", plot {plot}" if plot else ""))
