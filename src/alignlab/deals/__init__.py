"""Deal feasibility with misaligned AIs: ZOPA, trust inflation, barriers (paper 003; docs/deals.md).

>>> from alignlab.deals import parse_scenario, analyze
>>> r = analyze(parse_scenario({"ai_reservation_price": 10, "our_willingness_to_pay": 100,
...                            "credibility_us": 0.5, "credibility_ai": 0.5}))
>>> r.zopa, r.price
((20.0, 50.0), 35.0)
"""

from alignlab.deals.analysis import Barrier, Change, DealAnalysis, analyze, prices
from alignlab.deals.config import Good, Payment, Scenario, Utility, load_scenario, parse_scenario
from alignlab.deals.errors import DealsError
from alignlab.deals.model import ask, offer
from alignlab.deals.montecarlo import MonteCarlo, monte_carlo

__all__ = [
    "Barrier", "Change", "DealAnalysis", "DealsError", "Good", "MonteCarlo", "Payment",
    "Scenario", "Utility", "analyze", "ask", "load_scenario", "monte_carlo", "offer",
    "parse_scenario", "prices",
]
