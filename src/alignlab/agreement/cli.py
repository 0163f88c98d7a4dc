"""``alignlab agree``: run a dialogue, check for a common prior, print the bounds table."""

from __future__ import annotations

from pathlib import Path

import typer

from alignlab.cli_common import (
    AddressOpt,
    ExecutorOpt,
    JsonOpt,
    WorkersOpt,
    emit_json,
    examples,
    json_option,
    out_option,
)
from alignlab.progress import quiet

app = typer.Typer(
    no_args_is_help=True,
    help="⟨M,N,ε,δ⟩-agreement: dialogues, common priors, bounds.",
    epilog=examples(
        "alignlab agree run examples/agreement/aumann.yaml",
        "alignlab agree run examples/agreement/aumann_bbf.yaml   # through a noisy channel",
        "alignlab agree prior examples/agreement/no_common_prior.yaml --json",
        "alignlab agree bounds --M 1 --N 2 --D 1000 --eps 0.1 --delta 0.1",
        "alignlab agree sweep examples/agreement/sweep_staircase.yaml -o runs.jsonl --plot runs.png",
        "alignlab agree sweep examples/agreement/sweep_staircase.yaml --executor dask --address "
        "tcp://host:8786   # needs the \\[dask] extra",
    ),
)

ConfigArg = typer.Argument(..., help="Dialogue config (YAML); see examples/agreement/.")


def _show(v: object) -> str:
    """Compact display: floats to 6 significant digits, lists recursively."""
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return str(v)


_SYMBOL = {"theta": "θ", "alpha": "α", "beta": "β"}
_END = {"stopped": "stop rule met", "fixed_point": "fixed point (no news)", "cap": "message cap hit"}


def _counts(d: dict, total: str) -> str:
    """``{'prior': 2, 'agreement': 2, 'total': 4}`` → ``4 messages (prior 2, agreement 2)``."""
    parts = ", ".join(f"{k} {v}" for k, v in d.items() if k != total)
    return f"{d[total]} messages ({parts})" if parts else f"{d[total]} messages"


def _matrix(m: list) -> str:
    """A small matrix as ``[1 1; 1 1]`` (rows separated by semicolons)."""
    return "[" + "; ".join(" ".join(_show(x) if x != int(x) else str(int(x)) for x in row)
                           for row in m) + "]"


@app.command()
def run(
    config: Path = ConfigArg,
    json_out: JsonOpt = False,
    out: Path = out_option(None, "Resumable JSONL results: one record per task (key = config "
                           "hash + task; records already there are kept)."),
) -> None:
    """Run Algorithm 1 on the config's tasks: transcript, outcome, messages, agreement matrix."""
    from alignlab.agreement.runs import append_records, run_dialogues
    from alignlab.outputs import check_output

    if out is not None:
        check_output(out, "jsonl")
    with quiet(json_out):  # noisy protocols show their Monte Carlo runs, never with --json
        res = run_dialogues(config)
    if out is not None:
        append_records(res, out)
    if json_out:
        emit_json(res.to_dict())
    elif res.noisy:
        _print_noisy(res.records)
    else:
        _print_exact(res.records, out)


def _print_exact(records, out: Path | None) -> None:
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
        con.print(f"outcome: [bold]{safe(r['outcome'])}[/] after {_counts(r['messages'], 'total')}, "
                  f"{r['bits']} bits, {r['refinements']} refinements")
        con.print("Theorem 1 bound (constants 1): "
                  + (f"{r['bound_messages']:.4g} messages" if r["bound_messages"] is not None
                     else "n/a (ε = 0)"))
        con.print(f"final expectations: {_show(r['expectations'])}")
        con.print(f"P(|E^i − E^k| ≤ ε), row i = agent i (reference {safe(r['reference'])}): "
                  f"{_matrix(r['agreement_matrix'])}; global: {r['global_agreement']:.4g}")
        if r["cells"]:
            con.print("final partitions: " + safe("  ".join(
                f"agent {i + 1}: " + "|".join(",".join(map(str, c)) for c in cells)
                for i, cells in enumerate(r["cells"]))))
        if r["disagreement"]:
            _print_disagreement(con, r["disagreement"])
    if out is not None:
        con.print(f"wrote {len(records)} record(s) to {safe(out)}")


def _print_disagreement(con, d: dict) -> None:
    """Why a stalled dialogue stalled: the disagreement, at the true state, and the witness."""
    ck = "common knowledge" if d["common_knowledge"] else "not common knowledge"
    con.print(f"[yellow]agree to disagree[/] ({ck}): P(some pair disagrees) = "
              f"{d['probability_pairs_disagree']:.4g}")
    if d.get("at_true_state"):
        con.print("  at the true state: " + ", ".join(
            f"agent {i} says {v}" for i, v in d["at_true_state"].items()))
    w = d.get("no_common_prior_witness")
    if w:
        con.print(f"  no common prior: witness cycle {' → '.join(map(str, w['cycle']))}, "
                  f"product {w['product']} ≠ 1")


def _print_noisy(records) -> None:
    """``agree run`` for bbf/triangular: Monte Carlo over (true state, noise) per task."""
    for r in records:
        a = r["agreement"]
        params = ", ".join(f"{_SYMBOL.get(k, k)} = {_show(v)}" for k, v in r["params"].items())
        typer.echo(f"{r['task']}: {r['protocol']}{f' ({params})' if params else ''}, {r['runs']} runs "
                   f"(seed {r['seed']}), "
                   f"reference {r['reference']}")
        typer.echo(f"  P(all pairs within ε = {r['eps']}) = {a['p']:.4f}, {r['confidence']:.0%} CI "
                   f"[{a['ci'][0]:.4f}, {a['ci'][1]:.4f}] ({a['method']}); eq. 2 with δ = {r['delta']}: "
                   f"{'holds' if r['criterion_holds'] else 'fails'}"
                   f"{' (confidently)' if r['criterion_holds_confidently'] else ''}")
        typer.echo(f"  messages: mean {r['messages']['mean']:.2f} (min {r['messages']['min']}, max "
                   f"{r['messages']['max']}); bits: mean {r['bits']['mean']:.1f}; flipped by the channel: "
                   f"{r['flip_rate']:.1%}")
        typer.echo("  runs ended: " + ", ".join(f"{_END.get(k, k)} {v}" for k, v in r["ends"].items()))
        ex = r["example"]
        typer.echo(f"  run 1 (true state {ex['true_state']}): "
                   + ", ".join(f"{e['speaker']}:{_show(e['value'])}" for e in ex["transcript"]))


@app.command()
def prior(
    config: Path = ConfigArg,
    json_out: JsonOpt = False,
    method: str = typer.Option("direct", help="direct | lp | as_printed"),
) -> None:
    """Is there a common prior for the agents' initial partitions and priors (Lemma 7)? Witness if not."""
    from alignlab.agreement.runs import common_priors

    obj = common_priors(config, method=method)
    if json_out:
        emit_json(obj)
        return
    for r in obj["tasks"]:
        if r["feasible"]:
            typer.echo(f"{r['task']}: common prior exists ({r['method']}): [{', '.join(r['prior'])}]")
        else:
            w = r["witness"]
            typer.echo(f"{r['task']}: no common prior ({r['method']}). Witness cycle: {' → '.join(w['cycle'])}")
            for c in w["constraints"]:
                typer.echo(f"  agent {c['agent']}: p({c['to']})/p({c['from']}) = {c['ratio']}")
            typer.echo(f"  product around the cycle = {w['product']} ≠ 1")
        typer.echo(f"  eq. 10 excess (N−1)D + |C| − Σ|Π^i| = {r['eq10_excess']}"
                   + (" (eq. 10 holds: every type profile on these partitions has a common prior)"
                      if r["eq10_excess"] == 0 else ""))


@app.command()
def bounds(
    M: int = typer.Option(1, "--M", help="Tasks."),
    N: int = typer.Option(2, "--N", help="Agents."),
    D: int = typer.Option(100, "--D", help="States per task."),
    eps: float = typer.Option(0.1, "--eps", help="Agreement tolerance ε."),
    delta: float = typer.Option(0.1, "--delta", help="Failure probability δ."),
    nu: float = typer.Option(0.0, "--nu", help="Prior distance ν (Props. 2, 3)."),
    theta: float = typer.Option(0.25, "--theta", help="App. F channel crossover θ (BBF(β), β = (1−2θ)/θ)."),
    beta: float = typer.Option(3.0, "--beta", help="Prop. 3's BBF(β) base."),
    alpha: float = typer.Option(None, "--alpha", help="Triangular-noise width α (default ε/50)."),
    rho: float = typer.Option(0.5, "--rho", help="Corollary 1's wannabe threshold ρ."),
    B: float = typer.Option(None, "--B", help="Sampling-tree branching B (default 1/α)."),
    q: int = typer.Option(1, "--q", help="Humans among the N agents."),
    delta_find: float = typer.Option(None, "--delta-find", help="δ_find (default δ/3)."),
    delta_agree: float = typer.Option(None, "--delta-agree", help="δ_agree (default δ/3; δ with --common-prior)."),
    common_prior: bool = typer.Option(False, "--common-prior", help="Agents share a prior: no first term."),
    t_sample_h: float = typer.Option(1.0, "--t-sample-h",
                                help="T_sample,H: cost for a human to sample once (Theorem 2)."),
    t_sample_ai: float = typer.Option(1.0, "--t-sample-ai",
                                help="T_sample,AI: cost for an AI to sample once (Theorem 2)."),
    t_eval_h: float = typer.Option(1.0, "--t-eval-h",
                                help="T_eval,H: cost for a human to evaluate once (Theorem 2)."),
    t_eval_ai: float = typer.Option(1.0, "--t-eval-ai",
                                help="T_eval,AI: cost for an AI to evaluate once (Theorem 2)."),
    json_out: JsonOpt = False,
) -> None:
    """One row per numbered result of the paper (hidden constants 1), with hypothesis warnings."""
    from alignlab.agreement.bounds import BoundParams, table
    from alignlab.agreement.errors import AgreementError

    try:
        t = table(BoundParams(M, N, D, eps, delta, nu, theta, beta, alpha, rho, B, q, delta_find,
                              delta_agree, common_prior, t_sample_h, t_sample_ai, t_eval_h, t_eval_ai))
    except (ArithmeticError, ValueError) as exc:  # e.g. ε² underflowing to 0 at --eps 1e-200
        if isinstance(exc, AgreementError):
            raise
        raise AgreementError(f"these parameters are outside what double precision can evaluate "
                             f"(M={M}, N={N}, D={D}, eps={eps:g}, delta={delta:g}): "
                             f"{type(exc).__name__}: {exc}") from None
    if json_out:
        emit_json(t.as_dict())
        return
    from rich.console import Console
    from rich.table import Table

    p = t.params
    tab = Table(title=f"bounds (constants 1): M={M} N={N} D={D} ε={eps:g} δ={delta:g} ν={nu:g} θ={theta:g} "
                      f"α={p.alpha:g} B={p.B:g} ρ={rho:g} q={q} δ_find={p.delta_find:g} "
                      f"δ_agree={p.delta_agree:g}" + (" common prior" if common_prior else ""))
    for h, just in (("result (where in the paper)", "left"), ("what it bounds", "left"),
                    ("statement", "left"), ("value", "right"), ("hypotheses", "left")):
        tab.add_column(h, justify=just)
    for r in t.rows:
        tab.add_row(r.where, r.what, r.statement, f"{r.display} {r.unit}",
                    "[yellow]" + "; ".join(r.warnings) + "[/]" if r.warnings else "ok")
    Console(width=max(160, Console().width)).print(tab)


@app.command()
def sweep(
    config: Path = typer.Argument(..., help="Sweep config (YAML): family, grid of D/N/M/eps/delta/protocol/agent/B."),
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    out: Path = out_option(Path("agreement-sweep.jsonl"), "Resumable JSONL results."),
    plot: Path = typer.Option(None, "--plot", help="Write a PNG of messages/bits/work against the bounds."),
    json_out: bool = json_option("Print one JSON summary object."),
) -> None:
    """Run a grid of dialogues through alignlab.runtime (resumable: finished points are kept)."""
    from alignlab.agreement.sweep import sweep_file
    from alignlab.outputs import check_output

    check_output(out, "jsonl")
    if plot is not None:
        check_output(plot, "png")
    with quiet(json_out):
        s = sweep_file(config, out, executor=executor, address=address, workers=workers, plot=plot,
                       progress=not json_out)
    if json_out:
        emit_json(s)
        return
    typer.echo(f"{s['total']} runs ({s['done_before']} already done, {s['run_now']} run now) → {out}"
               + (f"; plot {plot}" if plot else ""))
