"""The quantitative core: the AI's ask and our highest offer, vectorised over NumPy arrays.

Risk-neutral trust inflation (the spec's model): the AI asks at least a = r / c_us, we offer at
most b = x · w · (IV share + c_ai · RV share) / (1 + takeover_cost · influence). The zone of
possible agreement is [a, b] when a ≤ b. CRRA or exponential utilities replace the expectations by
expected utilities (the AI's lottery: paid p with probability c_us; ours: pay p·k up front and
receive the RV goods with probability c_ai). Every function broadcasts over its array arguments,
so the point analysis, Monte Carlo and the heat map share one implementation.
"""

from __future__ import annotations

import numpy as np

from alignlab.deals.config import Payment, Utility

ArrayLike = float | np.ndarray


def _u(util: Utility, x: np.ndarray) -> np.ndarray:
    """Utility of final wealth ``x`` (``-inf`` at ruin for CRRA with η ≥ 1)."""
    x = np.asarray(x, dtype=float)
    if util.kind == "exponential":
        return -np.expm1(-util.a * x) / util.a
    if util.kind == "crra":
        with np.errstate(divide="ignore", invalid="ignore"):
            if util.eta == 1.0:
                out = np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), -np.inf)
            else:
                pos = np.power(np.maximum(x, 0.0), 1.0 - util.eta) / (1.0 - util.eta)
                out = np.where(x > 0, pos, 0.0 if util.eta < 1 else -np.inf)
                out = np.where(x < 0, -np.inf, out)
        return out
    return x


def _u_inv(util: Utility, y: np.ndarray) -> np.ndarray:
    """Inverse utility; ``inf`` where ``y`` is above the utility's supremum."""
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if util.kind == "exponential":
            z = 1.0 - util.a * y
            return np.where(z > 0, -np.log(np.where(z > 0, z, 1.0)) / util.a, np.inf)
        if util.kind == "crra":
            if util.eta == 1.0:
                return np.exp(y)
            z = (1.0 - util.eta) * y
            ok = z > 0
            return np.where(ok, np.power(np.where(ok, z, 1.0), 1.0 / (1.0 - util.eta)), np.inf)
    return y


def ask(r: ArrayLike, c_us: ArrayLike, util: Utility = Utility()) -> np.ndarray:
    """The AI's lowest acceptable price a (trust inflation of r by the AI's doubt 1 − c_us)."""
    r = np.asarray(r, dtype=float)
    c = np.asarray(c_us, dtype=float)
    if util.kind == "neutral":
        return r / c
    w0 = util.wealth if util.kind == "crra" else 0.0
    target = (_u(util, w0 + r) - (1.0 - c) * _u(util, np.asarray(w0))) / c
    return _u_inv(util, target) - w0


def gains(w: ArrayLike, x: ArrayLike, rv_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Our gains from the immediately (IV) and retroactively (RV) verifiable goods, scaled by x."""
    total = np.asarray(w, dtype=float) * np.asarray(x, dtype=float)
    return total * (1.0 - rv_share), total * rv_share


def offer(
    w: ArrayLike,
    c_ai: ArrayLike,
    x: ArrayLike = 1.0,
    *,
    rv_share: float = 1.0,
    payment: Payment | None = None,
    util: Utility = Utility(),
) -> np.ndarray:
    """Our highest acceptable price b (RV value discounted by c_ai; payments cost k per unit)."""
    g_iv, g_rv = gains(w, x, rv_share)
    c = np.asarray(c_ai, dtype=float)
    k = payment.cost_factor if payment else 1.0
    if util.kind == "neutral":
        return (g_iv + c * g_rv) / k
    if util.kind == "exponential":
        a = util.a
        m = c * np.exp(-a * (g_iv + g_rv)) + (1.0 - c) * np.exp(-a * g_iv)
        return -np.log(m) / a / k
    # CRRA: largest p with c·u(W+G−pk) + (1−c)·u(W+G_iv−pk) ≥ u(W); monotone in p → bisection.
    w0 = util.wealth
    base = _u(util, np.asarray(w0))
    lo = np.zeros(np.broadcast(g_iv, g_rv, c).shape)
    hi = np.broadcast_to((g_iv + g_rv) / k, lo.shape).copy()
    for _ in range(200):
        mid = (lo + hi) / 2
        ok = c * _u(util, w0 + g_iv + g_rv - mid * k) + (1 - c) * _u(util, w0 + g_iv - mid * k) >= base
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
        if np.all(hi - lo <= 1e-12 * np.maximum(1.0, hi)):
            break
    return lo


def expected_gain_ai(p: ArrayLike, r: float, c_us: float, util: Utility) -> np.ndarray:
    """The AI's expected-utility gain from the deal at price p over its reservation price."""
    w0 = util.wealth if util.kind == "crra" else 0.0
    p = np.asarray(p, dtype=float)
    return c_us * _u(util, w0 + p) + (1 - c_us) * _u(util, np.asarray(w0)) - _u(util, np.asarray(w0 + r))


def expected_gain_us(
    p: ArrayLike, w: float, c_ai: float, x: float, rv_share: float, payment: Payment | None,
    util: Utility,
) -> np.ndarray:
    """Our expected-utility gain from the deal at price p over no deal."""
    g_iv, g_rv = gains(w, x, rv_share)
    w0 = util.wealth if util.kind == "crra" else 0.0
    cost = np.asarray(p, dtype=float) * (payment.cost_factor if payment else 1.0)
    eu = c_ai * _u(util, w0 + g_iv + g_rv - cost) + (1 - c_ai) * _u(util, w0 + g_iv - cost)
    return eu - _u(util, np.asarray(w0))
