"""``alignlab randnets``: exact correlation maps, sweeps, Monte Carlo, centring and checks."""

from __future__ import annotations

from pathlib import Path

import typer

from alignlab.cli_common import (
    AddressOpt,
    ExecutorOpt,
    JsonOpt,
    SeedOpt,
    WorkersOpt,
    emit_json,
    examples,
    json_option,
    out_option,
    split_list,
)
from alignlab.outputs import check_output
from alignlab.progress import quiet

app = typer.Typer(
    no_args_is_help=True,
    help="Correlation maps of random neural networks and the mean-zero condition E[σ(z)] = 0.",
    epilog=examples(
        "alignlab randnets corr -a relu-center -L 16",
        "alignlab randnets sweep --activations relu,tanh,erf,relu-center -o fig.png",
        "alignlab randnets check -a 'tanh(x) - 0.1'   # any NumPy expression in x",
        "alignlab randnets center   # why ReLU − 1/√π is not centred",
        "alignlab randnets mc -a relu-center --width 256 --depth 16",
        "alignlab randnets run examples/randnets/quick.yaml -o study.jsonl",
    ),
)

ACT_HELP = (
    "Built-in (tanh, erf, relu, relu-center, sigmoid, sigmoid-center, gelu, gelu-center, hardtanh, "
    "linear), relu-shift:C, or a NumPy expression in x such as 'tanh(x) - 0.1'."
)


def _activation(default: str | None) -> object:
    """``--activation/-a`` (required when ``default`` is None)."""
    return typer.Option(... if default is None else default, "--activation", "-a", help=ACT_HELP)


def _depth(default: int, help: str = "Depth L >= 1 (number of layers).") -> object:
    return typer.Option(default, "--depth", "-L", help=help)


def _rho(default: float = 0.5) -> object:
    return typer.Option(default, "--rho", help="Input correlation ρ₀ in [-1, 1].")


def _nets(default: int) -> object:
    return typer.Option(default, "--nets", help="Number of random networks drawn.")


@app.command()
def corr(
    activation: str = _activation(None),
    depth: int = _depth(..., "Number of layers L >= 1."),  # type: ignore[arg-type]
    rho: float = _rho(),
    weight_variance: float | None = typer.Option(
        None, "--weight-variance", help="σ_w² (default 1/E[σ(z)²]: variance stays at q₀)."
    ),
    q0: float = typer.Option(1.0, "--q0", help="Input pre-activation variance q₀."),
    method: str = typer.Option("auto", help="auto, closed, quadrature or gauss-hermite."),
    as_json: JsonOpt = False,
) -> None:
    """Exact infinite-width correlation ρ_l (and variance q_l) at depth 0..L."""
    from alignlab.randnets.corrmap import correlation_path

    path = correlation_path(
        activation, depth, rho, weight_variance=weight_variance, q0=q0, method=method
    )
    if as_json:
        emit_json({**path.to_dict(), "depth_below_0.01": path.depth_below(0.01)})
        return
    typer.echo(f"activation {path.activation}   σ_w² = {path.weight_variance:.6g}   method {path.method}")
    typer.echo(f"{'depth':>5}  {'rho':>9}  {'q':>9}")
    for d, (r, q) in enumerate(zip(path.correlations, path.variances, strict=True)):
        typer.echo(f"{d:>5}  {r:>9.4f}  {q:>9.4g}")
    if path.drifts:
        typer.echo(
            f"warning: σ_w² = {path.weight_variance:g} makes the variance drift "
            f"(max |q_l/q_0 - 1| = {path.variance_drift:.3g}); the correlations depend on it. "
            "Omit --weight-variance to keep q fixed.",
            err=True,
        )


@app.command()
def sweep(
    activations: str = typer.Option(
        "relu,tanh,erf,relu-center", "--activations", help="Comma-separated (';' if expressions)."
    ),
    depth: int = _depth(32, "Depth of the table and figure."),
    rho: float = _rho(),
    threshold: float = typer.Option(0.01, help="Report the depth where |ρ| first drops below this."),
    out: Path | None = out_option(None, "Write the figure (PNG) here."),
    as_json: JsonOpt = False,
) -> None:
    """Correlation vs depth for several activations: table, depth to |ρ| < threshold, figure."""
    from alignlab.randnets.experiments import parse_activation_list, plot_sweep
    from alignlab.randnets.experiments import sweep as run_sweep

    if out is not None:
        check_output(out, "png")
    result = run_sweep(parse_activation_list(activations), depth, rho, threshold=threshold)
    fig = plot_sweep(result, out) if out is not None else None
    if as_json:
        emit_json({**result.to_dict(), "figure": str(fig) if fig else None})
        return
    header, rows = result.table()
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        typer.echo("  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)))
    if fig:
        typer.echo(f"wrote {fig}")


@app.command()
def mc(
    activation: str = _activation(None),
    width: int = typer.Option(512, "--width", "-n", help="Hidden width n."),
    depth: int = _depth(16),
    nets: int = _nets(200),
    rho: float = _rho(),
    seed: SeedOpt = 0,
    method: str = typer.Option("gram", help="gram (exact pairwise sampling) or dense (weight matrices)."),
    as_json: JsonOpt = False,
) -> None:
    """Monte Carlo over finite-width networks: output correlation with a 95% CI vs the exact map."""
    from alignlab.randnets.montecarlo import monte_carlo

    with quiet(as_json):
        r = monte_carlo(activation, width=width, depth=depth, nets=nets, rho=rho, seed=seed,
                        method=method)
    if as_json:
        emit_json(r.to_dict())
        return
    typer.echo(
        f"{r.activation}, width {r.width}, depth {r.depth}, {r.nets} nets ({r.method}), ρ₀ = {r.rho0:g}\n"
        f"Monte Carlo  {r.mean:.4f}  95% CI [{r.ci_low:.4f}, {r.ci_high:.4f}]\n"
        f"exact (∞)    {r.exact:.4f}   excess {r.excess:+.4f} (n·excess = {r.width * r.excess:.2f})"
    )


@app.command()
def excess(
    activation: str = _activation("relu-center"),
    widths: str = typer.Option("16,32,64,128,256", help="Comma-separated widths n."),
    depth: int = _depth(16),
    nets: int = _nets(2000),
    rho: float = _rho(),
    seed: SeedOpt = 0,
    out: Path | None = out_option(None, "Write the figure (PNG) here."),
    as_json: JsonOpt = False,
) -> None:
    """Finite-width excess (MC − exact) against width, with the fit c/n."""
    from alignlab.randnets.experiments import plot_excess
    from alignlab.randnets.montecarlo import finite_width_excess

    if out is not None:
        check_output(out, "png")
    ws = split_list(widths, "--widths", int, what="integers")
    with quiet(as_json):
        points, coef = finite_width_excess(activation, ws, depth=depth, nets=nets, rho=rho, seed=seed)
    fig = plot_excess(points, coef, out) if out is not None else None
    if as_json:
        emit_json({"activation": activation, "depth": depth, "nets": nets, "fit_coefficient": coef,
                   "points": [p.to_dict() for p in points], "figure": str(fig) if fig else None})
        return
    typer.echo(f"{'width':>6}  {'excess':>9}  {'±95%':>8}  {'n·excess':>8}")
    for p in points:
        typer.echo(f"{p.width:>6}  {p.excess:>9.4f}  {p.half_width:>8.4f}  {p.scaled:>8.2f}")
    typer.echo(f"fit: excess ≈ {coef:.2f}/n")
    if fig:
        typer.echo(f"wrote {fig}")


@app.command()
def center(
    q: str = typer.Option("1,2", help="Comma-separated pre-activation variances q > 0."),
    depth: int = _depth(16),
    rho: float = _rho(),
    as_json: JsonOpt = False,
) -> None:
    """Explain "ReLU − 1/√π": the right shift √(q/2π) vs paper 004's, and what each leaves."""
    from alignlab.randnets.centering import centering_report
    from alignlab.randnets.errors import RandnetsError

    qs = split_list(q, "--q", float, what="numbers")
    if any(not v > 0 for v in qs):
        raise RandnetsError(f"--q needs positive variances, got {q!r}")
    rep = centering_report(qs, depth, rho)
    if as_json:
        emit_json({**rep.to_dict(), "explanation": rep.explanation()})
        return
    typer.echo(rep.explanation())


@app.command()
def check(
    activation: str = _activation(None),
    tol: float = typer.Option(1e-8, help="|E[σ(z)]| at or below this counts as zero."),
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Check the mean-zero condition E_{z~N(0,1)}[σ(z)] = 0 for any activation."""
    from alignlab.randnets.centering import check_mean_zero

    c = check_mean_zero(activation, tol=tol, seed=seed)
    if as_json:
        emit_json(c.to_dict())
        return
    verdict = "mean zero" if c.mean_zero else "NOT mean zero"
    typer.echo(f"{c.activation}: E[σ(z)] = {c.means['1']:+.3e} at q = 1 → {verdict} (tol {c.tol:g})")
    typer.echo(f"  Monte Carlo cross-check: {c.mc_mean:+.4f} ± {1.96 * c.mc_stderr:.4f}")
    for qq, m in c.means.items():
        typer.echo(f"  E[σ(√q z)] at q = {qq}: {m:+.6f}")
    if c.kinks:
        typer.echo(f"  kinks found at {', '.join(f'{k:g}' for k in c.kinks)} (quadrature cuts there)")
    typer.echo(f"  ρ at depth 16 from ρ₀ = 0.5 (σ_w² = 1/E[σ²]): {c.depth16_rho:.4f}")
    if not c.mean_zero:
        typer.echo(f"  centred at q = 1: σ(x) - ({c.means['1']:.6g}); the shift depends on q (see above)")


@app.command()
def yes(
    activation: str = _activation("tanh"),
    n: int = typer.Option(2, "-n", help="Outputs n; inputs are {0,1}^{2n} (enumerated)."),
    width: int = typer.Option(64, "--width", help="Hidden width."),
    depth: int = _depth(8),
    nets: int = _nets(1000),
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """How often a random network has the YES-case property (every input has a positive output)."""
    from alignlab.randnets.yescase import yes_case_fraction

    with quiet(as_json):
        r = yes_case_fraction(activation, n, width=width, depth=depth, nets=nets, seed=seed)
    if as_json:
        emit_json(r.to_dict())
        return
    typer.echo(
        f"{r.activation}: n = {r.n} ({4 ** r.n} inputs), width {r.width}, depth {r.depth}, {r.nets} nets\n"
        f"Pr[every input has a positive output] = {r.fraction:.4f}  95% CI [{r.ci_low:.4f}, {r.ci_high:.4f}]\n"
        f"if outputs were independent: {r.independent_prob:.3g}; mean failing inputs "
        f"{r.mean_failing_inputs:.2f} (expected {2 ** r.n})"
    )


@app.command()
def run(
    config: Path = typer.Argument(..., help="Study YAML (see examples/randnets/excess-study.yaml)."),
    out: Path = out_option(Path("randnets-study.jsonl"), "JSONL results (resumable)."),
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    as_json: bool = json_option("Print one JSON summary object."),
) -> None:
    """Run a Monte Carlo study (activation × width × depth) into a resumable JSONL file."""
    from alignlab.randnets.runs import run_study

    check_output(out, "jsonl")
    with quiet(as_json):
        res = run_study(config, out, executor=executor, address=address, workers=workers,
                        progress=not as_json)
    if as_json:
        emit_json(res.to_dict())
        return
    typer.echo(f"{res.run_now} run now, {res.done_before} already in {out}")
    typer.echo(f"{'activation':>14} {'width':>6} {'depth':>5} {'exact':>8} {'MC':>8} {'±95%':>7} {'n·excess':>9}")
    for r in res.records:
        typer.echo(f"{r['activation']:>14} {r['width']:>6} {r['depth']:>5} {r['exact']:>8.4f} "
                   f"{r['mean']:>8.4f} {1.96 * r['stderr']:>7.4f} {r['width'] * r['excess']:>9.2f}")
