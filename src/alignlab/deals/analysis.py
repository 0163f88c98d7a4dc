"""Point analysis of a scenario: ZOPA, surplus, Nash price, barriers and the smallest fixes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from alignlab.deals import model
from alignlab.deals.config import ATTRS, SYMBOLS, Scenario
from alignlab.deals.montecarlo import MonteCarlo, monte_carlo


@dataclass(frozen=True)
class Change:
    """The smallest change of one parameter, others fixed, that opens a ZOPA (``op`` is ≥ or ≤)."""

    param: str
    symbol: str
    op: str
    value: float | None  # None when no value in the parameter's range opens a ZOPA
    current: float

    @property
    def text(self) -> str:
        if self.value is None:
            return f"no value of {self.symbol} alone opens a ZOPA"
        return f"{self.symbol} {self.op} {self.value:.6g}"


@dataclass(frozen=True)
class Barrier:
    """A barrier of the taxonomy, whether it binds, and what it does to the prices."""

    name: str
    binding: bool
    detail: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class DealAnalysis:
    """Everything ``alignlab deals analyze`` reports; ``to_dict`` is its JSON form."""

    ask: float  # a: the AI's lowest acceptable price
    offer: float  # b: our highest acceptable price
    zopa: tuple[float, float] | None
    surplus: float  # b − a when a ZOPA exists, else 0
    gap: float  # a − b when no ZOPA exists, else 0
    price: float | None  # Nash bargaining price
    barriers: tuple[Barrier, ...]
    changes: tuple[Change, ...]
    quadrant: str | None  # where the payment sits on the freedom × influence plane, if given
    monte_carlo: MonteCarlo | None

    def to_dict(self) -> dict[str, Any]:
        def change(c: Change) -> dict[str, Any]:
            return {"param": c.param, "symbol": c.symbol, "op": c.op, "value": c.value,
                    "current": c.current, "text": c.text}

        return {
            "zopa": list(self.zopa) if self.zopa else None,
            "ask": _finite(self.ask),
            "offer": _finite(self.offer),
            "surplus": self.surplus,
            "gap": _finite(self.gap),
            "price": self.price,
            "barriers": [
                {"name": b.name, "binding": b.binding, "detail": b.detail,
                 "changes": [change(c) for c in b.changes]}
                for b in self.barriers
            ],
            "changes": [change(c) for c in self.changes],
            "payment_quadrant": self.quadrant,
            "monte_carlo": _clean(asdict(self.monte_carlo)) if self.monte_carlo else None,
        }


def _clean(obj: Any) -> Any:
    """Replace non-finite floats (NaN, ±inf) by None so the JSON is standard."""
    if isinstance(obj, float):
        return obj if np.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def prices(s: Scenario) -> tuple[float, float]:
    """(a, b) for a scenario whose fields are all point values."""
    a = float(model.ask(s.r, s.c_us, s.risk_ai))
    b = float(model.offer(s.w, s.c_ai, s.exchange_rate, rv_share=s.rv_share, payment=s.payment,
                          util=s.risk_us))
    return a, b


def width(s: Scenario) -> float:
    """b − a: the ZOPA's width when ≥ 0, minus the gap when < 0."""
    a, b = prices(s)
    return b - a


def nash_price(s: Scenario, a: float, b: float) -> float:
    """The Nash bargaining price: argmax over [a, b] of the product of both sides' gains.

    Risk-neutral on both sides the gains are c_us·(p − a) and (b − p), so the price is (a+b)/2.
    """
    if (s.risk_ai.kind == "neutral" and s.risk_us.kind == "neutral") or b - a <= 1e-12 * max(1, b):
        return (a + b) / 2
    from scipy.optimize import minimize_scalar

    def neg_log_product(p: float) -> float:
        g1 = float(model.expected_gain_ai(p, s.r, s.c_us, s.risk_ai))
        g2 = float(model.expected_gain_us(p, s.w, s.c_ai, s.exchange_rate, s.rv_share, s.payment,
                                          s.risk_us))
        return np.inf if g1 <= 0 or g2 <= 0 else -(np.log(g1) + np.log(g2))

    res = minimize_scalar(neg_log_product, bounds=(a, b), method="bounded",
                          options={"xatol": 1e-10 * max(1.0, b)})
    return float(res.x)


_LEVERS = (  # (yaml name, the direction of change that opens a ZOPA)
    ("ai_reservation_price", "≤"),
    ("our_willingness_to_pay", "≥"),
    ("credibility_us", "≥"),
    ("credibility_ai", "≥"),
)


def _with(s: Scenario, name: str, v: float) -> Scenario:
    return replace(s, **{ATTRS[name]: v})


def smallest_change(s: Scenario, name: str, op: str) -> Change:
    """Solve width(s with ``name`` = v) = 0 for the nearest v in the opening direction."""
    from scipy.optimize import brentq

    cur = getattr(s, ATTRS[name])
    sym = SYMBOLS[name]

    def f(v: float) -> float:
        return width(_with(s, name, v))

    if f(cur) >= 0:
        return Change(name, sym, op, cur, cur)
    if op == "≤":  # r: width(0) = b ≥ 0, so a root lies in [0, r]
        return Change(name, sym, op, brentq(f, 0.0, cur, xtol=1e-12, rtol=1e-15), cur)
    if name.startswith("credibility"):
        if f(1.0) < 0:
            return Change(name, sym, op, None, cur)
        return Change(name, sym, op, brentq(f, cur, 1.0, xtol=1e-14, rtol=1e-15), cur)
    hi = cur * 2
    while f(hi) < 0:
        if hi > 1e15 * max(cur, 1.0):
            return Change(name, sym, op, None, cur)
        hi *= 2
    return Change(name, sym, op, brentq(f, cur, hi, xtol=1e-12, rtol=1e-15), cur)


def barriers(s: Scenario, a: float, b: float, changes: dict[str, Change]) -> tuple[Barrier, ...]:
    """The taxonomy's barriers that bind when no ZOPA exists (empty when one does).

    *Insufficient gains from trade* binds when no ZOPA exists even with full credibility on both
    sides; otherwise each side's counterparty risk with credibility < 1 binds (together they
    close the zone that the gains alone would open).
    """
    if a <= b:
        return ()
    full = replace(s, c_us=1.0, c_ai=1.0)
    a1, b1 = prices(full)
    out: list[Barrier] = []
    if b1 < a1:
        out.append(Barrier(
            "insufficient gains from trade", True,
            f"even with full credibility the AI asks {a1:.6g} and we offer at most {b1:.6g}",
            (changes["ai_reservation_price"], changes["our_willingness_to_pay"])))
    gains_suffice = b1 >= a1
    if s.c_us < 1:
        a_full = prices(replace(s, c_us=1.0))[0]
        out.append(Barrier(
            "AI's counterparty risk", gains_suffice,
            f"the AI doubts we pay (c_us = {s.c_us:g}): it asks {a:.6g} instead of {a_full:.6g}",
            (changes["credibility_us"],)))
    if s.c_ai < 1 and s.rv_share > 0:
        b_full = prices(replace(s, c_ai=1.0))[1]
        out.append(Barrier(
            "human counterparty risk", gains_suffice,
            f"we doubt the AI delivers (c_ai = {s.c_ai:g}): we offer at most {b:.6g} instead of "
            f"{b_full:.6g}",
            (changes["credibility_ai"],)))
    return tuple(out)


def analyze(scenario: Scenario, *, mc_samples: int | None = None) -> DealAnalysis:
    """Analyse a scenario at its nominal values; run Monte Carlo when any field is uncertain."""
    s = scenario.nominal()
    a, b = prices(s)
    has = bool(a <= b)
    changes = {name: smallest_change(s, name, op) for name, op in _LEVERS}
    mc = None
    if scenario.uncertain():
        mc = monte_carlo(scenario, samples=mc_samples or scenario.mc_samples)
    return DealAnalysis(
        ask=a,
        offer=b,
        zopa=(a, b) if has else None,
        surplus=b - a if has else 0.0,
        gap=0.0 if has else a - b,
        price=nash_price(s, a, b) if has else None,
        barriers=barriers(s, a, b, changes),
        changes=() if has else tuple(changes.values()),
        quadrant=s.payment.quadrant if s.payment else None,
        monte_carlo=mc,
    )
