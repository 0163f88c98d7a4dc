"""Asymptotic bounds of the paper with every hidden constant set to 1 (documented choice).

Big-O/Ω statements fix a bound only up to a constant; here each constant is 1 so that the
functions give a reference curve to compare measurements against, not a certified bound.
Theorem 2 and Corollary 1 overflow floats, so they are returned as log10 values (and log10 log10).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from alignlab.agreement.errors import AgreementError


def _check(M: int, N: int, eps: float, delta: float, D: int | None = None) -> None:
    if M < 1 or N < 2:
        raise AgreementError(f"bounds need M ≥ 1 and N ≥ 2, got M={M}, N={N}")
    if not (0 < eps < 1 and 0 < delta < 1):
        raise AgreementError(f"bounds need eps, delta in (0, 1), got eps={eps}, delta={delta}")
    if D is not None and D < 1:
        raise AgreementError(f"bounds need D ≥ 1, got D={D}")


def theorem1_messages(M: int, N: int, D: int, eps: float, delta: float) -> float:
    """Theorem 1 / Prop. 4: O(M N² D + M³ N⁷ / (ε² δ²)) messages (constants 1)."""
    _check(M, N, eps, delta, D)
    return M * N**2 * D + M**3 * N**7 / (eps**2 * delta**2)


def theorem1_prior_phase(M: int, N: int, D: int) -> float:
    """The first term alone, M N² D: messages to reach a common prior (Lemma 2)."""
    return float(M * N**2 * D)


def bbf_messages(M: int, N: int, D: int, eps: float, delta: float, theta: float = 0.1) -> float:
    """BBF(3) variant (App. F): Theorem 1's count inflated by the channel's repetition cost.

    Assumption (constants 1): each three-valued message is repeated until the majority is correct
    with the needed reliability, a factor 1/(1−3θ)² for crossover θ < 1/3.
    """
    if not 0 < theta < 1 / 3:
        raise AgreementError(f"theta must be in (0, 1/3), got {theta}")
    return theorem1_messages(M, N, D, eps, delta) / (1 - 3 * theta) ** 2


def prop1_bits(M: int, N: int, eps: float) -> float:
    """Prop. 1: Ω(M N² log(1/ε)) bits (constant 1, log base 2)."""
    return M * N**2 * math.log2(1 / eps)


def prop2_bits(M: int, N: int, eps: float, nu: float) -> float:
    """Prop. 2: Ω(M N² (ν + log(1/ε))) bits without a common prior."""
    return M * N**2 * (nu + math.log2(1 / eps))


def prop3_bits(M: int, N: int, D: int, eps: float, nu: float, beta: float = 2.0) -> float:
    """Prop. 3: Ω(M N² (D ν + log(1/ε))) bits, with the constant 1/log β (β > 1 the prior-ratio base)."""
    if beta <= 1:
        raise AgreementError(f"beta must be > 1, got {beta}")
    return M * N**2 * (D * nu + math.log2(1 / eps)) / math.log2(beta)


def corollary1_log10log10(M: int, N: int, eps: float, delta: float, alpha: float, rho: float,
                          *, with_rho: bool = True) -> float:
    """log10 log10 of Corollary 1's count (11/α)^(729 M⁶N²¹/(δε)⁶ · ρ^(−18 M²N⁷/(δε)²)).

    ``with_rho=False`` drops the ρ factor, which reproduces the paper's worked number 10^(10^13.28).
    """
    if not (0 < alpha < 1 and 0 < rho < 1):
        raise AgreementError(f"alpha and rho must be in (0, 1), got alpha={alpha}, rho={rho}")
    de = delta * eps
    ll = math.log10(729 * M**6 * N**21 / de**6) + math.log10(math.log10(11 / alpha))
    if with_rho:
        ll += 18 * M**2 * N**7 / de**2 * math.log10(1 / rho)
    return ll


def theorem2_log10(M: int, N: int, eps: float, delta: float, alpha: float, rho: float,
                   t_sample: float = 1.0, t_eval: float = 1.0) -> float:
    """log10 of Theorem 2's total time: M·(T_sample + T_eval)·(Corollary 1's count), constants 1.

    Returned as log10(time) — which is itself astronomically large; see also the log10 log10 value.
    """
    ll = corollary1_log10log10(M, N, eps, delta, alpha, rho)
    if ll > 300:
        return math.inf
    return math.log10(M * (t_sample + t_eval)) + 10**ll


def prop5_log10(M: int, D: int, t_sample: float = 1.0) -> float:
    """Prop. 5: Ω(M · T_sample · e^D) time, as log10 (overflows for D in the thousands)."""
    return math.log10(M * t_sample) + D * math.log10(math.e)


def aaronson_messages(eps: float, delta: float) -> float:
    """Aaronson (2005), two agents with a common prior: O(1/(δ ε²)) messages."""
    _check(1, 2, eps, delta)
    return 1 / (delta * eps**2)


@dataclass(frozen=True)
class BoundsTable:
    """Every bound for one parameter set (see each function for its statement)."""

    M: int
    N: int
    D: int
    eps: float
    delta: float
    nu: float
    theorem1_messages: float
    prior_phase_messages: float
    bbf_messages: float
    prop1_bits: float
    prop2_bits: float
    prop3_bits: float
    corollary1_log10log10: float
    corollary1_log10log10_without_rho: float
    theorem2_log10log10: float
    prop5_log10: float
    aaronson_messages: float

    def as_dict(self) -> dict:
        return asdict(self)


def table(M: int, N: int, D: int, eps: float, delta: float, nu: float = 0.0, *,
          alpha: float = 0.01, rho: float = 0.5, theta: float = 0.1) -> BoundsTable:
    """All bounds at once (what ``alignlab agree bounds`` prints)."""
    _check(M, N, eps, delta, D)
    if nu < 0:
        raise AgreementError(f"nu must be ≥ 0, got {nu}")
    c1 = corollary1_log10log10(M, N, eps, delta, alpha, rho)
    return BoundsTable(
        M, N, D, eps, delta, nu,
        theorem1_messages(M, N, D, eps, delta), theorem1_prior_phase(M, N, D),
        bbf_messages(M, N, D, eps, delta, theta), prop1_bits(M, N, eps), prop2_bits(M, N, eps, nu),
        prop3_bits(M, N, D, eps, nu), c1,
        corollary1_log10log10(M, N, eps, delta, alpha, rho, with_rho=False),
        # log10 log10 of M(T_s+T_e)·count ≈ log10 log10 count for counts this large
        c1, prop5_log10(M, D), aaronson_messages(eps, delta))
