"""Deal scenarios: the YAML schema, its validation, and the frozen model it produces.

Symbols: r (``ai_reservation_price``), w (``our_willingness_to_pay``), c_us (``credibility_us``,
the AI's trust that we pay), c_ai (``credibility_ai``, our trust that the AI delivers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from alignlab import limits
from alignlab.config import (
    as_choice,
    as_int,
    as_list,
    as_number,
    check_keys,
    load_yaml,
    require_mapping,
)
from alignlab.deals.distributions import Distribution, parse_distribution
from alignlab.deals.errors import DealsError
from alignlab.runtime.seeds import MAX_SEED

Value = float | Distribution

#: (lo, hi, lo_open) domain of every numeric field that may be uncertain.
DOMAINS: dict[str, tuple[float, float, bool]] = {
    "ai_reservation_price": (0.0, np.inf, False),
    "our_willingness_to_pay": (0.0, np.inf, True),
    "credibility_us": (0.0, 1.0, True),
    "credibility_ai": (0.0, 1.0, True),
    "exchange_rate": (0.0, np.inf, True),
}
SYMBOLS = {
    "ai_reservation_price": "r",
    "our_willingness_to_pay": "w",
    "credibility_us": "c_us",
    "credibility_ai": "c_ai",
    "exchange_rate": "x",
}
#: YAML field name → ``Scenario`` attribute, for every numeric field that may be uncertain.
ATTRS = {
    "ai_reservation_price": "r",
    "our_willingness_to_pay": "w",
    "credibility_us": "c_us",
    "credibility_ai": "c_ai",
    "exchange_rate": "exchange_rate",
}
VERIFICATION = ("immediate", "retroactive")


@dataclass(frozen=True)
class Good:
    """Something we buy from the AI; retroactively verifiable (RV) value is discounted by c_ai."""

    name: str
    value: float
    verification: str  # "immediate" (IV) or "retroactive" (RV)


@dataclass(frozen=True)
class Payment:
    """Where the payment sits on the freedom × influence plane (each in [0, 1]).

    Every unit paid costs us ``1 + takeover_cost · influence``: influence over the world carries a
    takeover risk that lowers our willingness to pay.
    """

    freedom: float = 0.5
    influence: float = 0.0
    takeover_cost: float = 0.0

    @property
    def quadrant(self) -> str:
        f = "high freedom" if self.freedom >= 0.5 else "low freedom"
        i = "high influence" if self.influence >= 0.5 else "low influence"
        return f"{f}, {i}"

    @property
    def cost_factor(self) -> float:
        return 1.0 + self.takeover_cost * self.influence


@dataclass(frozen=True)
class Utility:
    """A party's attitude to risk: ``neutral``, ``crra`` (η, wealth) or ``exponential`` (a)."""

    kind: str = "neutral"
    eta: float = 0.0
    wealth: float = 0.0
    a: float = 0.0


@dataclass(frozen=True)
class Scenario:
    """A validated deal scenario; numeric fields are floats or :class:`Distribution`s."""

    r: Value
    w: Value  # total value of what we buy (before discounts); with ``goods`` their sum
    c_us: Value
    c_ai: Value
    exchange_rate: Value = 1.0
    goods: tuple[Good, ...] = ()
    payment: Payment | None = None  # None: a plain money-equivalent payment (cost factor 1)
    risk_ai: Utility = field(default_factory=Utility)
    risk_us: Utility = field(default_factory=Utility)
    name: str = ""
    mc_samples: int = 20_000
    mc_seed: int = 0
    confidence: float = 0.95

    @property
    def rv_share(self) -> float:
        """Fraction of the goods' value that is only retroactively verifiable (1 without goods)."""
        if not self.goods:
            return 1.0
        total = sum(g.value for g in self.goods)
        return sum(g.value for g in self.goods if g.verification == "retroactive") / total

    def uncertain(self) -> dict[str, Distribution]:
        """The fields given as distributions, by YAML name."""
        vals = {name: getattr(self, attr) for name, attr in ATTRS.items()}
        return {k: v for k, v in vals.items() if isinstance(v, Distribution)}

    def nominal(self, **override: float) -> Scenario:
        """The same scenario with every distribution replaced by its mean (and ``override``)."""
        def pt(v: Value) -> float:
            return v.mean if isinstance(v, Distribution) else v

        from dataclasses import replace

        point = replace(self, r=pt(self.r), w=pt(self.w), c_us=pt(self.c_us), c_ai=pt(self.c_ai),
                        exchange_rate=pt(self.exchange_rate))
        return replace(point, **override) if override else point


_TOP = ("ai_reservation_price", "our_willingness_to_pay", "credibility_us", "credibility_ai")
_OPTIONAL = ("name", "description", "goods", "payment", "risk_aversion", "exchange_rate",
             "monte_carlo")


def _value(doc: Mapping, key: str, where: str) -> Value:
    lo, hi, lo_open = DOMAINS[key]
    v = doc[key]
    if isinstance(v, Mapping):
        return parse_distribution(v, key, where=where, lo=lo, hi=hi, lo_open=lo_open)
    return as_number(v, key, where=where, lo=lo, hi=None if hi == np.inf else hi,
                     lo_open=lo_open, error=DealsError)


def _goods(items: Any, where: str) -> tuple[Good, ...]:
    out = []
    for i, g in enumerate(as_list(items, "goods", where=where, error=DealsError)):
        sub = f"{where}: goods[{i}]"
        require_mapping(g, sub, error=DealsError)
        check_keys(g, required=("value", "verification"), optional=("name",), where=sub,
                   error=DealsError)
        verification = as_choice(g["verification"], "verification", VERIFICATION, where=sub,
                                 error=DealsError)
        val = as_number(g["value"], "value", where=sub, lo=0, lo_open=True, error=DealsError)
        out.append(Good(str(g.get("name", f"good {i + 1}")), val, verification))
    return tuple(out)


def _payment(doc: Any, where: str) -> Payment:
    sub = f"{where}: payment"
    require_mapping(doc, sub, error=DealsError)
    check_keys(doc, optional=("freedom", "influence", "takeover_cost"), where=sub, error=DealsError)
    return Payment(
        freedom=as_number(doc.get("freedom", 0.5), "freedom", where=sub, lo=0, hi=1, error=DealsError),
        influence=as_number(doc.get("influence", 0.0), "influence", where=sub, lo=0, hi=1,
                            error=DealsError),
        takeover_cost=as_number(doc.get("takeover_cost", 0.0), "takeover_cost", where=sub, lo=0,
                                error=DealsError),
    )


def _utility(doc: Any, where: str) -> Utility:
    require_mapping(doc, where, error=DealsError)
    kind = doc.get("utility", "neutral")
    if kind == "neutral":
        check_keys(doc, optional=("utility",), where=where, error=DealsError)
        return Utility()
    if kind == "crra":
        check_keys(doc, required=("utility", "eta", "wealth"), where=where, error=DealsError)
        eta = as_number(doc["eta"], "eta", where=where, lo=0, error=DealsError)
        wealth = as_number(doc["wealth"], "wealth", where=where, lo=0, lo_open=True,
                           error=DealsError)
        return Utility("crra", eta=eta, wealth=wealth)
    if kind == "exponential":
        check_keys(doc, required=("utility", "a"), where=where, error=DealsError)
        return Utility("exponential", a=as_number(doc["a"], "a", where=where, lo=0, lo_open=True,
                                                  error=DealsError))
    raise DealsError(f"{where}: field 'utility' must be neutral, crra or exponential, got {kind!r}")


def parse_scenario(doc: Any, where: str = "scenario") -> Scenario:
    """Validate a parsed YAML document into a :class:`Scenario`."""
    require_mapping(doc, where, error=DealsError)
    goods = _goods(doc["goods"], where) if "goods" in doc else ()
    required = _TOP if not goods else tuple(k for k in _TOP if k != "our_willingness_to_pay")
    check_keys(doc, required=required, optional=(*_OPTIONAL, "our_willingness_to_pay"),
               where=where, error=DealsError)
    if goods and "our_willingness_to_pay" in doc:
        raise DealsError(f"{where}: give either 'our_willingness_to_pay' or 'goods' (w is then "
                         "the goods' total value), not both")
    w: Value = sum(g.value for g in goods) if goods else _value(doc, "our_willingness_to_pay", where)
    risk_ai = risk_us = Utility()
    if "risk_aversion" in doc:
        ra = require_mapping(doc["risk_aversion"], f"{where}: risk_aversion", error=DealsError)
        check_keys(ra, optional=("ai", "us"), where=f"{where}: risk_aversion", error=DealsError)
        if "ai" in ra:
            risk_ai = _utility(ra["ai"], f"{where}: risk_aversion.ai")
        if "us" in ra:
            risk_us = _utility(ra["us"], f"{where}: risk_aversion.us")
    mc: Mapping = {}
    if "monte_carlo" in doc:
        mc = require_mapping(doc["monte_carlo"], f"{where}: monte_carlo", error=DealsError)
        check_keys(mc, optional=("samples", "seed", "confidence"), where=f"{where}: monte_carlo",
                   error=DealsError)
    samples = as_int(mc.get("samples", 20_000), "monte_carlo.samples", where=where, lo=100,
                     error=DealsError)
    limits.check_count(samples, "monte_carlo.samples", limits.SAMPLES, lo=100, where=where,
                       error=DealsError)
    seed = as_int(mc.get("seed", 0), "monte_carlo.seed", where=where, lo=0, hi=MAX_SEED,
                  error=DealsError)
    return Scenario(
        r=_value(doc, "ai_reservation_price", where),
        w=w,
        c_us=_value(doc, "credibility_us", where),
        c_ai=_value(doc, "credibility_ai", where),
        exchange_rate=_value(doc, "exchange_rate", where) if "exchange_rate" in doc else 1.0,
        goods=goods,
        payment=_payment(doc["payment"], where) if "payment" in doc else None,
        risk_ai=risk_ai,
        risk_us=risk_us,
        name=str(doc.get("name", "")),
        mc_samples=samples,
        mc_seed=seed,
        confidence=as_number(mc.get("confidence", 0.95), "monte_carlo.confidence", where=where,
                             lo=0, hi=1, lo_open=True, hi_open=True, error=DealsError),
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file."""
    return parse_scenario(load_yaml(path, error=DealsError), where=str(path))
