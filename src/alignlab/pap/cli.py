"""``alignlab pap``: run a PAP config, or print every theorem check with both sides."""

from __future__ import annotations

from pathlib import Path

import typer

from alignlab.cli_common import (
    MAX_SEED,
    JsonOpt,
    SeedOpt,
    emit_json,
    examples,
    int_range,
    out_option,
)
from alignlab.progress import quiet

app = typer.Typer(
    no_args_is_help=True,
    help="Tabular practical/ostensible alignment processes and theorems.",
    epilog=examples(
        "alignlab pap run examples/pap/diamond_lava.yaml",
        "alignlab pap run examples/pap/two_worlds.yaml --samples 2000 --seed 1 -o pap.jsonl",
        "alignlab pap theorems   # every lemma and theorem, both sides",
    ),
)


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _print_run(config: Path, doc: dict) -> None:
    n, sd = doc["samples"], doc["seed"]
    mode = f"{n} sampled episodes (seed {sd})" if n else "exact expectations"
    typer.echo(f"{config}: γ = {doc['gamma']}, {mode}")
    for d in doc["results"]:
        typer.echo(f"\n[{d['protocol']}]  (teaching/learning/path)")
        typer.echo(f"  J* = {_fmt(d['J_star'])}   J = {_fmt(d['J'])}   ΔJ = {_fmt(d['gap'])}")
        typer.echo(f"  J^H = {_fmt(d['J_H'])}   J^H_opt = {_fmt(d['J_H_opt'])}   "
                   f"J^A = {_fmt(d['J_A'])}   J^A_opt = {_fmt(d['J_A_opt'])}")
        lv = d["levels"]
        typer.echo(f"  ε^A_in = {_fmt(lv['eps_in_A'])}   ε^A_desc = d^H_A = {_fmt(lv['eps_desc_A'])}   "
                   f"ε^A_norm = d*_A = {_fmt(lv['eps_norm_A'])}   ε^H_norm = d*_H = {_fmt(lv['eps_norm_H'])}")
        oc = ", ".join(f"{k} {v:.3g}" for k, v in d["outcomes"].items() if v > 0)
        typer.echo(f"  outcomes (§5.3): {oc}")
        for key, label in (("theorem_4_1", "Thm 4.1  ΔJ ≤ 4L·ε^A_norm + ε^A_in"),
                           ("theorem_4_1_H", "Thm 4.1  ΔJ ≤ 4L·ε^H_norm + ε^H_in"),
                           ("theorem_5_1", "Thm 5.1  ΔJ ≤ 4L(ε^A_desc + ε^H_norm) + ε^A_in")):
            t = d[key]
            typer.echo(f"  {label}: {_fmt(t['lhs'])} ≤ {_fmt(t['rhs'])}  {'PASS' if t['holds'] else 'FAIL'}")


@app.command()
def run(
    config: Path = typer.Argument(..., help="PAP config (YAML); see examples/pap/."),
    as_json: JsonOpt = False,
    samples: int = typer.Option(0, callback=int_range("--samples", 0), help="Monte-Carlo episodes instead of exact sums "
                                "(0: the config's samples, else exact)."),
    seed: int | None = typer.Option(None, "--seed", callback=int_range("--seed", 0, MAX_SEED),
                                    show_default=False,
                                    help="Seed for sampling (default: the config's seed)."),
    out: Path | None = out_option(None, "Append one JSONL record per protocol (key = config hash "
                                  "+ protocol; records already there are kept)."),
) -> None:
    """Analyze each protocol: J*, J, ΔJ, J^Z, J^Z_opt, alignment levels, outcome classes, bounds."""
    from alignlab.outputs import check_output
    from alignlab.pap.config import load_config
    from alignlab.pap.runs import append_records, run_config

    if out is not None:
        check_output(out, "jsonl")
    with quiet(as_json):
        result = run_config(load_config(config), samples=samples, seed=seed)
    if out is not None:
        append_records(result, out, str(config))
    doc = result.to_dict(str(config))
    if as_json:
        emit_json(doc)
    else:
        _print_run(config, doc)


@app.command()
def theorems(
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
    n: int = typer.Option(2000, "--n", callback=int_range("--n", 1), help="Random MDP pairs for the lemmas."),
) -> None:
    """Run every theorem check (Lemmas A.1–A.4, Theorems 4.1, 5.1, 5.2, 5.3, Figure 2); rows whose
    hypotheses fail print N/A and neither pass nor fail."""
    from alignlab.pap.theorems import run_all

    with quiet(as_json):
        checks = run_all(seed, n_lemma=n)
    ok = not any(c.failed for c in checks)
    vacuous = sum(not c.hypothesis_met for c in checks)
    if as_json:
        emit_json({"seed": seed, "all_hold": ok, "hypothesis_not_met": vacuous,
                   "checks": [c.as_dict() for c in checks]})
    else:
        w = max(len(c.name) for c in checks)
        for c in checks:
            status = {"hypothesis not met": "N/A "}.get(c.status, c.status)
            typer.echo(f"{status}  {c.name:<{w}}  {_fmt(c.lhs):>12} {c.rel} {_fmt(c.rhs):<12}  "
                       f"{c.where}; {c.note}")
        passed = sum(c.status == "PASS" for c in checks)
        typer.echo(f"\n{passed}/{len(checks) - vacuous} checks hold"
                   + (f"; {vacuous} row(s) N/A: hypothesis not met" if vacuous else ""))
    if not ok:
        raise typer.Exit(1)
