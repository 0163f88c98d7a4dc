"""Point analysis: the spec's worked figures, closed forms, barriers and smallest changes."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.deals import analyze, parse_scenario, prices
from alignlab.deals.analysis import smallest_change, width


def scn(r, w, cu, ca, **extra):
    return parse_scenario({"ai_reservation_price": r, "our_willingness_to_pay": w,
                           "credibility_us": cu, "credibility_ai": ca, **extra})


def test_worked_no_zopa():
    res = analyze(scn(90, 100, 0.5, 0.5))
    assert res.zopa is None and res.price is None
    assert (res.ask, res.offer, res.gap) == (180.0, 50.0, 130.0)
    names = {b.name: b.binding for b in res.barriers}
    assert names == {"AI's counterparty risk": True, "human counterparty risk": True}
    fixes = {c.param: c for c in res.changes}
    assert fixes["ai_reservation_price"].value == pytest.approx(25.0, rel=1e-12)
    assert fixes["our_willingness_to_pay"].value == pytest.approx(360.0, rel=1e-12)
    assert fixes["credibility_us"].value is None and fixes["credibility_ai"].value is None
    assert fixes["our_willingness_to_pay"].text == "w ≥ 360"


def test_worked_zopa():
    res = analyze(scn(10, 100, 0.5, 0.5))
    assert res.zopa == (20.0, 50.0)
    assert res.surplus == 30.0 and res.price == 35.0
    assert res.barriers == () and res.changes == ()
    d = res.to_dict()
    assert d["zopa"] == [20.0, 50.0] and d["barriers"] == []


def test_insufficient_gains_binds():
    res = analyze(scn(120, 100, 1.0, 1.0))
    assert [b.name for b in res.barriers] == ["insufficient gains from trade"]
    assert res.barriers[0].binding


def test_spec_style_fixes():
    # with c_ai = 1, w = 100: c_us >= 0.9 opens the zone for r = 90; w >= 180 at c_us = 0.5
    res = analyze(scn(90, 100, 0.5, 1.0))
    fixes = {c.symbol: c for c in res.changes}
    assert fixes["c_us"].text == "c_us ≥ 0.9"
    assert fixes["w"].text == "w ≥ 180"


@settings(max_examples=150, deadline=None)
@given(r=st.floats(0.1, 500), w=st.floats(0.1, 500), cu=st.floats(0.01, 1), ca=st.floats(0.01, 1))
def test_neutral_closed_forms(r, w, cu, ca):
    s = scn(r, w, cu, ca).nominal()
    a, b = prices(s)
    assert a == pytest.approx(r / cu) and b == pytest.approx(w * ca)
    if b < a:
        assert smallest_change(s, "ai_reservation_price", "≤").value == pytest.approx(w * ca * cu)
        assert smallest_change(s, "our_willingness_to_pay", "≥").value == pytest.approx(r / cu / ca)
        c = smallest_change(s, "credibility_us", "≥").value
        assert c == (None if r / (w * ca) > 1 else pytest.approx(r / (w * ca)))
    else:
        res = analyze(s)
        assert res.price == pytest.approx((a + b) / 2)


def test_goods_discount_only_retroactive():
    s = parse_scenario({"ai_reservation_price": 10, "credibility_us": 1, "credibility_ai": 0.5,
                        "goods": [{"value": 40, "verification": "immediate"},
                                  {"value": 60, "verification": "retroactive"}]})
    assert prices(s)[1] == pytest.approx(40 + 0.5 * 60)


def test_takeover_cost_lowers_offer():
    base = scn(10, 100, 1, 1)
    costly = scn(10, 100, 1, 1, payment={"influence": 1.0, "takeover_cost": 1.0, "freedom": 0.2})
    assert prices(costly)[1] == pytest.approx(prices(base)[1] / 2)
    assert analyze(costly).quadrant == "low freedom, high influence"


def test_exchange_rate_scales_gains():
    assert prices(scn(10, 100, 1, 0.5, exchange_rate=2))[1] == pytest.approx(100)


def test_risk_aversion_widens_ask_and_narrows_offer():
    neutral = prices(scn(10, 100, 0.5, 0.5))
    averse = prices(scn(10, 100, 0.5, 0.5, risk_aversion={
        "ai": {"utility": "crra", "eta": 2, "wealth": 50},
        "us": {"utility": "exponential", "a": 0.02}}))
    assert averse[0] > neutral[0] and averse[1] < neutral[1]


def test_crra_offer_solves_indifference():
    s = scn(10, 100, 0.5, 0.6, risk_aversion={"us": {"utility": "crra", "eta": 3, "wealth": 80}})
    b = prices(s)[1]
    u = lambda x: x ** -2 / -2  # noqa: E731
    assert 0.6 * u(80 + 100 - b) + 0.4 * u(80 - b) == pytest.approx(u(80), rel=1e-9)


def test_exponential_ask_can_be_infinite():
    # a very risk-averse AI with low trust: no price compensates, the ask is infinite
    s = scn(50, 100, 0.2, 1, risk_aversion={"ai": {"utility": "exponential", "a": 0.1}})
    res = analyze(s)
    assert math.isinf(res.ask) and res.zopa is None
    assert res.to_dict()["ask"] is None
    fix = {c.param: c for c in res.changes}
    assert fix["our_willingness_to_pay"].value is None


def test_nash_price_risk_averse_inside_zopa():
    s = scn(10, 100, 0.8, 0.8, risk_aversion={"us": {"utility": "crra", "eta": 2, "wealth": 100}})
    res = analyze(s)
    lo, hi = res.zopa
    assert lo < res.price < hi


def test_width_monotone_in_credibility():
    s = scn(30, 100, 0.5, 0.5).nominal()
    from dataclasses import replace
    ws = [width(replace(s, c_us=c)) for c in (0.2, 0.4, 0.6, 0.8, 1.0)]
    assert ws == sorted(ws)
