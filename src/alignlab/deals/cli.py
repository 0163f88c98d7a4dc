"""``alignlab deals``: analyse a deal scenario and draw its ZOPA map."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="Feasibility of deals with misaligned AIs.")


def _print_human(name: str, res) -> None:
    from alignlab.console import console, safe

    con = console()
    con.print(f"[bold]{safe(name)}[/]")
    con.print(f"  AI's ask a = {res.ask:.6g}   our highest offer b = {res.offer:.6g}")
    if res.quadrant:
        con.print(f"  payment: {res.quadrant}")
    if res.zopa:
        lo, hi = res.zopa
        con.print(f"  [green]ZOPA = [{lo:.6g}, {hi:.6g}][/]  surplus {res.surplus:.6g}, "
                  f"Nash price {res.price:.6g}")
    else:
        con.print(f"  [red]no ZOPA[/]: the ask exceeds the offer by {res.gap:.6g}")
        for b in res.barriers:
            con.print(f"  barrier{' (binding)' if b.binding else ''}: [bold]{safe(b.name)}[/] — "
                      f"{safe(b.detail)}")
        con.print("  smallest single-parameter changes that open a ZOPA:")
        for c in res.changes:
            con.print(f"    {safe(c.text)}   (now {safe(c.symbol)} = {c.current:.6g})")
    mc = res.monte_carlo
    if mc:
        lo, hi = mc.ci
        con.print(f"  Monte Carlo ({mc.samples} draws, seed {mc.seed}): P(ZOPA) = {mc.p_zopa:.4f} "
                  f"[{mc.confidence:.0%} CI {lo:.4f}–{hi:.4f}]")
        for s in mc.sensitivities:
            con.print(f"    {safe(f'{s.symbol:<5}')} Spearman {s.spearman:+.3f}   P(ZOPA | high) "
                      f"{s.p_zopa_high:.3f}  P(ZOPA | low) {s.p_zopa_low:.3f}")


@app.command()
def analyze(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    samples: int = typer.Option(0, help="Monte Carlo draws when a field is uncertain (default: "
                                "the scenario's, or 20000)."),
) -> None:
    """ZOPA, surplus, Nash price; barriers and the smallest fixes when no deal is possible."""
    from alignlab import limits
    from alignlab.deals import analyze as run
    from alignlab.deals import load_scenario
    from alignlab.deals.errors import DealsError

    if samples:  # 0: the scenario's own count
        limits.check_count(samples, "--samples", limits.SAMPLES, error=DealsError)
    s = load_scenario(scenario)
    res = run(s, mc_samples=samples or None)
    if as_json:
        typer.echo(json.dumps({"scenario": s.name or str(scenario), **res.to_dict()},
                              ensure_ascii=False))
    else:
        _print_human(s.name or str(scenario), res)


@app.command("map")
def map_(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    out: Path = typer.Option(Path("zopa.png"), "--out", "-o", help="PNG file to write."),
    grid: int = typer.Option(201, min=11, max=2001, help="Grid points per axis."),
) -> None:
    """Heat map of the ZOPA width over the two credibilities (c_us, c_ai)."""
    from alignlab.deals import load_scenario
    from alignlab.deals.plots import zopa_map
    from alignlab.outputs import check_output

    check_output(out, "png")
    path = zopa_map(load_scenario(scenario), out, n=grid)
    typer.echo(f"wrote {path}")
