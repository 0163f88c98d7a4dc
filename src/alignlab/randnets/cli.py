"""``alignlab randnets``: exact correlation maps, sweeps, Monte Carlo, centring and checks."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from alignlab.outputs import check_output
from alignlab.runtime.options import AddressOpt, ExecutorOpt, WorkersOpt

app = typer.Typer(
    no_args_is_help=True,
    help="Correlation maps of random neural networks and the mean-zero condition E[σ(z)] = 0.",
)

ACT_HELP = (
    "Built-in (tanh, erf, relu, relu-center, sigmoid, sigmoid-center, gelu, gelu-center, hardtanh, "
    "linear), relu-shift:C, or a NumPy expression in x such as 'tanh(x) - 0.1'."
)


def _emit(obj: dict[str, object]) -> None:
    typer.echo(json.dumps(obj, allow_nan=False, default=float))


@app.command()
def corr(
    activation: str = typer.Option(..., "--activation", "-a", help=ACT_HELP),
    depth: int = typer.Option(..., "--depth", "-L", help="Number of layers L >= 1."),
    rho: float = typer.Option(0.5, "--rho", help="Input correlation ρ₀ in [-1, 1]."),
    weight_variance: float | None = typer.Option(
        None, "--weight-variance", help="σ_w² (default 1/E[σ(z)²]: variance stays at q₀)."
    ),
    q0: float = typer.Option(1.0, "--q0", help="Input pre-activation variance q₀."),
    method: str = typer.Option("auto", help="auto, closed, quadrature or gauss-hermite."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Exact infinite-width correlation ρ_l (and variance q_l) at depth 0..L."""
    from alignlab.randnets.corrmap import correlation_path

    path = correlation_path(
        activation, depth, rho, weight_variance=weight_variance, q0=q0, method=method
    )
    if as_json:
        _emit({**path.to_dict(), "depth_below_0.01": path.depth_below(0.01)})
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
    depth: int = typer.Option(32, "--depth", "-L", help="Depth of the table and figure."),
    rho: float = typer.Option(0.5, "--rho", help="Input correlation ρ₀."),
    threshold: float = typer.Option(0.01, help="Report the depth where |ρ| first drops below this."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the figure (PNG) here."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Correlation vs depth for several activations: table, depth to |ρ| < threshold, figure."""
    from alignlab.randnets.experiments import parse_activation_list, plot_sweep
    from alignlab.randnets.experiments import sweep as run_sweep

    if out is not None:
        check_output(out, "png")
    result = run_sweep(parse_activation_list(activations), depth, rho, threshold=threshold)
    fig = plot_sweep(result, out) if out is not None else None
    if as_json:
        _emit({**result.to_dict(), "figure": str(fig) if fig else None})
        return
    header, rows = result.table()
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        typer.echo("  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)))
    if fig:
        typer.echo(f"wrote {fig}")


@app.command()
def mc(
    activation: str = typer.Option(..., "--activation", "-a", help=ACT_HELP),
    width: int = typer.Option(512, "--width", "-n", help="Hidden width n."),
    depth: int = typer.Option(16, "--depth", "-L", help="Depth L >= 1."),
    nets: int = typer.Option(200, "--nets", help="Number of random networks."),
    rho: float = typer.Option(0.5, "--rho", help="Input correlation ρ₀."),
    seed: int = typer.Option(0, help="Seed."),
    method: str = typer.Option("gram", help="gram (exact pairwise sampling) or dense (weight matrices)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Monte Carlo over finite-width networks: output correlation with a 95% CI vs the exact map."""
    from alignlab.randnets.montecarlo import monte_carlo

    r = monte_carlo(activation, width=width, depth=depth, nets=nets, rho=rho, seed=seed, method=method)
    if as_json:
        _emit(r.to_dict())
        return
    typer.echo(
        f"{r.activation}, width {r.width}, depth {r.depth}, {r.nets} nets ({r.method}), ρ₀ = {r.rho0:g}\n"
        f"Monte Carlo  {r.mean:.4f}  95% CI [{r.ci_low:.4f}, {r.ci_high:.4f}]\n"
        f"exact (∞)    {r.exact:.4f}   excess {r.excess:+.4f} (n·excess = {r.width * r.excess:.2f})"
    )


@app.command()
def excess(
    activation: str = typer.Option("relu-center", "--activation", "-a", help=ACT_HELP),
    widths: str = typer.Option("16,32,64,128,256", help="Comma-separated widths."),
    depth: int = typer.Option(16, "--depth", "-L"),
    nets: int = typer.Option(2000, "--nets"),
    rho: float = typer.Option(0.5, "--rho"),
    seed: int = typer.Option(0),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the figure (PNG) here."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Finite-width excess (MC − exact) against width, with the fit c/n."""
    from alignlab.randnets.errors import RandnetsError
    from alignlab.randnets.experiments import plot_excess
    from alignlab.randnets.montecarlo import finite_width_excess

    if out is not None:
        check_output(out, "png")
    try:
        ws = tuple(int(w) for w in widths.split(",") if w.strip())
    except ValueError:
        raise RandnetsError(f"--widths must be comma-separated integers, got {widths!r}") from None
    if not ws:
        raise RandnetsError("--widths is empty")
    points, coef = finite_width_excess(activation, ws, depth=depth, nets=nets, rho=rho, seed=seed)
    fig = plot_excess(points, coef, out) if out is not None else None
    if as_json:
        _emit({
            "activation": activation, "depth": depth, "nets": nets, "fit_coefficient": coef,
            "points": [{"width": p.width, "excess": p.excess, "half_width": p.half_width,
                        "n_times_excess": p.scaled} for p in points],
            "figure": str(fig) if fig else None,
        })
        return
    typer.echo(f"{'width':>6}  {'excess':>9}  {'±95%':>8}  {'n·excess':>8}")
    for p in points:
        typer.echo(f"{p.width:>6}  {p.excess:>9.4f}  {p.half_width:>8.4f}  {p.scaled:>8.2f}")
    typer.echo(f"fit: excess ≈ {coef:.2f}/n")
    if fig:
        typer.echo(f"wrote {fig}")


@app.command()
def center(
    q: str = typer.Option("1,2", help="Comma-separated pre-activation variances q."),
    depth: int = typer.Option(16, "--depth", "-L"),
    rho: float = typer.Option(0.5, "--rho"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Explain "ReLU − 1/√π": the right shift √(q/2π) vs the seed's, and what each leaves."""
    from alignlab.randnets.centering import centering_report
    from alignlab.randnets.errors import RandnetsError

    try:
        qs = tuple(float(v) for v in q.split(",") if v.strip())
    except ValueError:
        raise RandnetsError(f"--q must be comma-separated numbers, got {q!r}") from None
    if not qs or any(not v > 0 for v in qs):
        raise RandnetsError(f"--q needs positive variances, got {q!r}")
    rep = centering_report(qs, depth, rho)
    if as_json:
        _emit({**rep.to_dict(), "explanation": rep.explanation()})
        return
    typer.echo(rep.explanation())


@app.command()
def check(
    activation: str = typer.Option(..., "--activation", "-a", help=ACT_HELP),
    tol: float = typer.Option(1e-8, help="|E[σ(z)]| at or below this counts as zero."),
    seed: int = typer.Option(0),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Check the mean-zero condition E_{z~N(0,1)}[σ(z)] = 0 for any activation."""
    from alignlab.randnets.centering import check_mean_zero

    c = check_mean_zero(activation, tol=tol, seed=seed)
    if as_json:
        _emit(c.to_dict())
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
    activation: str = typer.Option("tanh", "--activation", "-a", help=ACT_HELP),
    n: int = typer.Option(2, "-n", help="Outputs n; inputs are {0,1}^{2n} (enumerated)."),
    width: int = typer.Option(64, "--width"),
    depth: int = typer.Option(8, "--depth", "-L"),
    nets: int = typer.Option(1000, "--nets"),
    seed: int = typer.Option(0),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """How often a random network has the YES-case property (every input has a positive output)."""
    from alignlab.randnets.yescase import yes_case_fraction

    r = yes_case_fraction(activation, n, width=width, depth=depth, nets=nets, seed=seed)
    if as_json:
        _emit(r.to_dict())
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
    out: Path = typer.Option(Path("randnets-study.jsonl"), "--out", "-o", help="JSONL results (resumable)."),
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON summary object."),
) -> None:
    """Run a Monte Carlo study (activation × width × depth) into a resumable JSONL file."""
    from alignlab.randnets.study import load_study, run_task, task_key
    from alignlab.runtime import make_executor, run_tasks, sorted_records

    check_output(out, "jsonl")
    study = load_study(config)
    ex = make_executor(executor, address, workers)  # type: ignore[arg-type]
    try:
        summary = run_tasks(run_task, study.tasks(), key=task_key, out=out, executor=ex,
                            progress=not as_json, description="randnets study")
    finally:
        ex.close()
    order = {a: i for i, a in enumerate(study.activations)}
    records = sorted(sorted_records(out),
                     key=lambda r: (order.get(r["activation"], len(order)), r["depth"], r["width"]))
    if as_json:
        _emit({"out": str(out), "total": summary.total, "done_before": summary.done_before,
               "run_now": summary.run_now, "records": records})
        return
    typer.echo(f"{summary.run_now} run now, {summary.done_before} already in {out}")
    typer.echo(f"{'activation':>14} {'width':>6} {'depth':>5} {'exact':>8} {'MC':>8} {'±95%':>7} {'n·excess':>9}")
    for r in records:
        typer.echo(f"{r['activation']:>14} {r['width']:>6} {r['depth']:>5} {r['exact']:>8.4f} "
                   f"{r['mean']:>8.4f} {1.96 * r['stderr']:>7.4f} {r['width'] * r['excess']:>9.2f}")
