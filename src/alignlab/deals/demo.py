"""The deals section of ``alignlab demo``: the spec's worked figures, a Monte Carlo scenario and
the ZOPA heat maps."""

from __future__ import annotations

from pathlib import Path

from alignlab.deals.analysis import analyze
from alignlab.deals.config import parse_scenario
from alignlab.deals.plots import zopa_map
from alignlab.report import Figure, Section, html_table

WORKED = {
    "r = 10, w = 100, c = 0.5": {"ai_reservation_price": 10, "our_willingness_to_pay": 100,
                                 "credibility_us": 0.5, "credibility_ai": 0.5},
    "r = 90, w = 100, c = 0.5": {"ai_reservation_price": 90, "our_willingness_to_pay": 100,
                                 "credibility_us": 0.5, "credibility_ai": 0.5},
}
UNCERTAIN = {
    "name": "uncertain research deal",
    "ai_reservation_price": {"dist": "lognormal", "mean_log": 3.0, "sd_log": 0.5},
    "goods": [{"name": "checkable proof", "value": 40, "verification": "immediate"},
              {"name": "strategic advice", "value": 80, "verification": "retroactive"}],
    "credibility_us": {"dist": "beta", "a": 4, "b": 2},
    "credibility_ai": {"dist": "uniform", "low": 0.2, "high": 0.8},
    "payment": {"freedom": 0.8, "influence": 0.2, "takeover_cost": 0.5},
}


def section(outdir: Path, seed: int) -> Section:
    """Compute the section; figures go to ``outdir``."""
    rows = []
    for label, doc in WORKED.items():
        res = analyze(parse_scenario(doc, label))
        zopa = f"[{res.zopa[0]:g}, {res.zopa[1]:g}]" if res.zopa else "none"
        fixes = "; ".join(c.text for c in res.changes) or "—"
        binding = ", ".join(b.name for b in res.barriers if b.binding) or "—"
        rows.append([label, f"{res.ask:g}", f"{res.offer:g}", zopa,
                     "—" if res.price is None else f"{res.price:g}", binding, fixes])
    table = html_table(["scenario", "ask r/c_us", "offer w·c_ai", "ZOPA", "Nash price",
                        "binding barriers", "smallest fixes"], rows)
    unc = parse_scenario({**UNCERTAIN, "monte_carlo": {"seed": seed, "samples": 20000}}, "demo")
    mc = analyze(unc).monte_carlo
    assert mc is not None
    sens = html_table(["parameter", "Spearman with width", "P(ZOPA | high)", "P(ZOPA | low)"],
                      [[s.symbol, f"{s.spearman:+.3f}", f"{s.p_zopa_high:.3f}",
                        f"{s.p_zopa_low:.3f}"] for s in mc.sensitivities])
    f1 = zopa_map(parse_scenario(WORKED["r = 10, w = 100, c = 0.5"], "demo"),
                  outdir / "deals-zopa-worked.png", title="worked example")
    f2 = zopa_map(unc, outdir / "deals-zopa-uncertain.png")
    body = (
        "<p>Trust inflation: the AI asks at least r/c_us, we offer at most w·c_ai; a deal needs "
        "the zone of possible agreement [r/c_us, w·c_ai] to be non-empty. The spec's two worked "
        "figures:</p>" + table
        + f"<p>With uncertain parameters (lognormal r, beta c_us, uniform c_ai, immediately and "
        f"retroactively verifiable goods, a payment with takeover cost): P(ZOPA) = "
        f"{mc.p_zopa:.4f} ({mc.confidence:.0%} CI {mc.ci[0]:.4f}–{mc.ci[1]:.4f}, "
        f"{mc.samples} draws, seed {mc.seed}). Sensitivities, most influential first:</p>" + sens
    )
    return Section("Deals with misaligned AIs", body, (
        Figure(f1, "ZOPA width over the two credibilities for r = 10, w = 100; the star is "
                   "c_us = c_ai = 0.5, where ZOPA = [20, 50]."),
        Figure(f2, "The uncertain scenario at its mean values (CRRA-averse buyer)."),
    ))
