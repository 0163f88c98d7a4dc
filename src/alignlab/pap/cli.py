"""``alignlab pap``: run a PAP config, or print every theorem check with both sides."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="Tabular practical/ostensible alignment processes and theorems.")


def _fmt(x: float) -> str:
    return f"{x:.6g}"


@app.command()
def run(
    config: Path = typer.Argument(..., help="PAP config (YAML); see examples/pap/."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    samples: int = typer.Option(0, help="Monte-Carlo episodes instead of exact sums (0: use config)."),
    seed: int | None = typer.Option(None, help="Seed for sampling (default: the config's)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Append one JSONL record per protocol "
                                    "(key = config hash + protocol; records already there are kept)."),
) -> None:
    """Evaluate each protocol: J*, J, ΔJ, J^Z, J^Z_opt, alignment levels, outcome classes, bounds."""
    from alignlab.pap.errors import PapError
    from alignlab.pap.loader import load_config
    from alignlab.pap.metrics import evaluate_pap
    from alignlab.pap.theorems import theorem_4_1_sides, theorem_5_1_sides

    if out is not None:
        from alignlab.outputs import check_output

        check_output(out, "jsonl")
    from alignlab import limits
    from alignlab.runtime import check_seed

    cfg = load_config(config)
    if samples:
        limits.check_count(samples, "--samples", limits.EPISODES, error=PapError)
    elif samples < 0:
        raise PapError(f"--samples must be ≥ 0, got {samples}")
    n = samples or cfg.samples
    sd = cfg.seed if seed is None else check_seed(seed, "--seed")
    rows = []
    for proto in cfg.protocols:
        res = evaluate_pap(cfg.pap, proto, samples=n, seed=sd)
        d = res.as_dict()
        l41, r41 = theorem_4_1_sides(res)
        l51, r51 = theorem_5_1_sides(res)
        d["theorem_4_1"] = {"lhs": l41, "rhs": r41, "holds": l41 <= r41 + 1e-9}
        d["theorem_5_1"] = {"lhs": l51, "rhs": r51, "holds": l51 <= r51 + 1e-9}
        rows.append(d)
    if out is not None:
        from alignlab.runtime import append_new, config_hash

        h = config_hash({"config": cfg.doc, "samples": n, "seed": sd})
        append_new(out, [{"key": f"pap:{h}:{p.label}:eta={p.rate}:T={p.rounds}", "config_hash": h,
                          "config": str(config), "seed": sd, "samples": n, **d}
                         for d, p in zip(rows, cfg.protocols, strict=True)])
    if as_json:
        typer.echo(json.dumps({"config": str(config), "gamma": cfg.pap.gamma, "samples": n, "seed": sd,
                               "results": rows}))
        return
    mode = f"{n} sampled episodes (seed {sd})" if n else "exact expectations"
    typer.echo(f"{config}: γ = {cfg.pap.gamma}, {mode}")
    for d in rows:
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
                           ("theorem_5_1", "Thm 5.1  ΔJ ≤ 4L(ε^A_desc + ε^H_norm) + ε^A_in")):
            t = d[key]
            typer.echo(f"  {label}: {_fmt(t['lhs'])} ≤ {_fmt(t['rhs'])}  {'PASS' if t['holds'] else 'FAIL'}")


@app.command()
def theorems(
    seed: int = typer.Option(0, help="Seed for the random MDPs and PAPs."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    n: int = typer.Option(2000, help="Random MDP pairs for the lemmas."),
) -> None:
    """Run every theorem check (Lemmas A.1–A.4, Theorems 4.1, 5.1, 5.2, 5.3, Figure 2)."""
    from alignlab.pap.errors import PapError
    from alignlab.pap.theorems import run_all

    if n < 1:
        raise PapError(f"--n must be a positive number of MDP pairs, got {n}")
    if seed < 0:
        raise PapError(f"--seed must be ≥ 0, got {seed}")
    checks = run_all(seed, n_lemma=n)
    ok = all(c.holds for c in checks)
    if as_json:
        typer.echo(json.dumps({"seed": seed, "all_hold": ok, "checks": [c.as_dict() for c in checks]}))
    else:
        w = max(len(c.name) for c in checks)
        for c in checks:
            status = "PASS" if c.holds else "FAIL"
            typer.echo(f"{status}  {c.name:<{w}}  {_fmt(c.lhs):>12} {c.rel} {_fmt(c.rhs):<12}  "
                       f"{c.where}; {c.note}")
        typer.echo(f"\n{sum(c.holds for c in checks)}/{len(checks)} checks hold")
    if not ok:
        raise typer.Exit(1)
