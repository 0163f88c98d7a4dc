"""The pap section of ``alignlab demo``: the theorem table, Figure 2's world, Theorem 5.2's gap vs γ."""

from __future__ import annotations

from pathlib import Path

from alignlab.report import Figure, Section, html_table


def section(outdir: Path, seed: int) -> Section:
    """Run every theorem check, the diamond-and-lava protocols, and draw both pictures."""
    from alignlab.pap.plots import draw_grid, plot_gap_vs_gamma
    from alignlab.pap.theorems import figure_2, run_all

    outdir = Path(outdir)
    checks = run_all(seed)
    table = html_table(
        ["result", "where", "lhs", "", "rhs", "holds", "note"],
        [[c.name, c.where, f"{c.lhs:.6g}", c.rel, f"{c.rhs:.6g}", c.status, c.note] for c in checks],
    )
    fig2 = figure_2(0.9)
    names = {"ola/ostensible/solver": "OLA + perfect RLHF", "truthful/ostensible/solver": "truthful + perfect RLHF",
             "none/ostensible/solver": "no teaching + perfect RLHF"}
    lava = html_table(
        ["protocol", "P(death in lava)", "P(diamond)", "J*", "J", "ΔJ", "ε^A_desc"],
        [[names[k], f"{v['p_lava']:.2f}", f"{v['p_diamond']:.2f}", f"{v['J_star']:.4f}", f"{v['J']:.4f}",
          f"{v['gap']:.4f}", f"{v['eps_desc_A']:g}"] for k, v in fig2.items()],
    )
    grid_png = draw_grid(outdir / "pap-diamond-lava.png", 0.9)
    gap_png = plot_gap_vs_gamma(outdir / "pap-gap-vs-gamma.png")
    n_ok = sum(c.status == "PASS" for c in checks)
    n_na = sum(not c.hypothesis_met for c in checks)
    body = (
        "<p>Exact tabular theory under the MindGrid paper (§3–5, App. A): every lemma and theorem is "
        f"an executable check printing both sides (seed {seed}). <b>{n_ok}/{len(checks) - n_na} hold</b>"
        + (f"; {n_na} row(s) have unmet hypotheses (e.g. δ = 0 in Theorem 5.3) and neither pass nor fail. "
           if n_na else ". ")
        + "Lemma A.1 reaches equality (ratio 1) on reward-only perturbations; the paper's 3L in "
        "Lemma A.4 is loose by at least 3×.</p>"
        + table
        + "<p><b>Figure 2.</b> The human wants the diamond; half the humans start out believing the "
        "lava is safe. The omnipotent language agent (Def. 5.1) tells everyone the lava is safe "
        "(that world has the higher R_opt); the AI then learns the human's parameters perfectly "
        "(ε_desc = 0) and walks into the lava. A truthful teacher never does.</p>"
        + lava
        + "<p><b>Theorem 5.2.</b> App. A.4's construction: in s0, a0 pays 0 and stays, a1 pays 1 and "
        "moves to the absorbing s1 (1 forever); the human's model swaps the two actions. An AI that "
        "outputs the human's optimal plan (perfect ostensible alignment, no lie) has gap exactly "
        "1/(1−γ): 2, 10, 100 at γ = 0.5, 0.9, 0.99.</p>"
    )
    return Section(
        "pap: practical & ostensible alignment processes",
        body,
        (Figure(grid_png, "Diamond-and-lava world: the executed plans in the real world"),
         Figure(gap_png, "Theorem 5.2: the gap of perfect ostensible alignment vs γ, against 1/(1−γ)")),
    )
