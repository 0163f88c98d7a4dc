"""``alignlab deals``: analyse a deal scenario and draw its ZOPA map."""

from __future__ import annotations

from pathlib import Path

import typer

from alignlab.cli_common import JsonOpt, emit_json, examples, int_range, out_option
from alignlab.progress import quiet

app = typer.Typer(
    no_args_is_help=True,
    help="Feasibility of deals with misaligned AIs: ZOPA, barriers, Monte Carlo, ZOPA maps.",
    epilog=examples(
        "alignlab deals analyze examples/deals/minimal.yaml",
        "alignlab deals analyze examples/deals/no_deal.yaml   # barriers and the smallest fixes",
        "alignlab deals analyze examples/deals/full.yaml --json --samples 2000",
        "alignlab deals map examples/deals/minimal.yaml -o zopa.png",
    ),
)

ScenarioArg = typer.Argument(..., help="Scenario YAML file (see examples/deals/).")


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
    scenario: Path = ScenarioArg,
    as_json: JsonOpt = False,
    samples: int = typer.Option(0, callback=int_range("--samples", 0), help="Monte Carlo draws for uncertain parameters "
                                "(0: the scenario's monte_carlo.samples, default 20000)."),
) -> None:
    """ZOPA, surplus, Nash price; barriers and the smallest fixes when no deal is possible."""
    from alignlab import limits
    from alignlab.deals import analyze as run
    from alignlab.deals import load_scenario
    from alignlab.deals.errors import DealsError

    if samples:  # 0: the scenario's own count
        limits.check_count(samples, "--samples", limits.SAMPLES, error=DealsError)
    s = load_scenario(scenario)
    with quiet(as_json):
        res = run(s, mc_samples=samples or None)
    if as_json:
        emit_json({"scenario": s.name or str(scenario), **res.to_dict()})
    else:
        _print_human(s.name or str(scenario), res)


@app.command("map")
def map_(
    scenario: Path = ScenarioArg,
    out: Path = out_option(Path("zopa.png"), "PNG file to write."),
    grid: int = typer.Option(201, callback=int_range("--grid", 11, 2001),
                             help="Grid points per axis (11 to 2001)."),
) -> None:
    """Heat map of the ZOPA width over the two credibilities (c_us, c_ai)."""
    from alignlab.deals import load_scenario
    from alignlab.deals.plots import zopa_map
    from alignlab.outputs import check_output

    check_output(out, "png")
    path = zopa_map(load_scenario(scenario), out, n=grid)
    typer.echo(f"wrote {path}")
