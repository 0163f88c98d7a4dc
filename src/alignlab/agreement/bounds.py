"""Every numbered bound of the agreement paper (Nayebi 2025), as printed, with hidden constants 1.

Big-O/Ω statements fix a bound only up to a constant; each constant here is 1, so the functions
give reference curves to compare measurements against, not certified bounds. Logarithms of bit
counts are base 2 (Prop. 1's proof counts bits with log2); every other log is natural, as in the
proofs. Counts that overflow floats (Theorem 2, Corollary 1, Prop. 5, Lemma 4) are returned as
log10 values, and log10 log10 where even that is astronomic.

Where the printed text is ambiguous we say what we read in the docstring (and in docs/agreement.md):
the negative logarithm in Theorem 2's first exponent is read as its magnitude (a round count);
per-task failure budgets in the lemmas are the ones their theorem allocates (δ/M for Lemma 3,
δ_find/(3M) and δ_agree/(3M) for Lemmas 6 and 10, as Theorem 2's printed exponents imply).
:func:`table` evaluates every result for one parameter set, with a warning for each hypothesis
the parameters break.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

from alignlab.agreement.errors import AgreementError

LOG10E = math.log10(math.e)


def _check(M: int, N: int, eps: float, delta: float, D: int | None = None) -> None:
    if M < 1 or N < 2:
        raise AgreementError(f"bounds need M ≥ 1 and N ≥ 2, got M={M}, N={N}")
    if not (0 < eps < 1 and 0 < delta < 1):
        raise AgreementError(f"bounds need eps, delta in (0, 1), got eps={eps}, delta={delta}")
    if D is not None and D < 1:
        raise AgreementError(f"bounds need D ≥ 1, got D={D}")


def log10_sum(*terms: float) -> float:
    """log10(Σ 10^t) for log10 values t, without overflow (−inf terms are zeros)."""
    finite = [t for t in terms if t != -math.inf]
    if not finite:
        return -math.inf
    m = max(finite)
    if m == math.inf:
        return math.inf
    return m + math.log10(sum(10 ** (t - m) for t in finite))


# ---------------------------------------------------------------------------------------------
# §4 lower bounds (bits)


def prop1_bits(M: int, N: int, eps: float) -> float:
    """Prop. 1 (§4): Ω(M N² log(1/ε)) bits for any protocol; log base 2 (the proof, App. D.1)."""
    return M * N**2 * math.log2(1 / eps)


def prop2_bits(M: int, N: int, eps: float, nu: float) -> float:
    """Prop. 2 (§4): Ω(M N² (ν + log(1/ε))) bits for smooth protocols (log base 2)."""
    return M * N**2 * (nu + math.log2(1 / eps))


def prop3_bits(M: int, N: int, D: int, eps: float, nu: float, beta: float = 3.0) -> float:
    """Prop. 3 (§4): Ω(M N² [D ν + log(1/ε)]) bits for canonical-equality BBF(β) protocols, with
    the printed implicit constant 1/log β (both logs base 2 here, so the constant is 1/log2 β)."""
    if beta <= 1:
        raise AgreementError(f"beta must be > 1 (Prop. 3: BBF(β) for some β > 1), got {beta}")
    return M * N**2 * (D * nu + math.log2(1 / eps)) / math.log2(beta)


# ---------------------------------------------------------------------------------------------
# §5 unbounded agents (messages)


def theorem1_messages(M: int, N: int, D: int, eps: float, delta: float) -> float:
    """Theorem 1 (§5) and Prop. 4 (§5.1): T = O(M N² D + M³ N⁷ / (ε² δ²)) messages."""
    _check(M, N, eps, delta, D)
    return M * N**2 * D + M**3 * N**7 / (eps**2 * delta**2)


def theorem1_prior_phase(M: int, N: int, D: int) -> float:
    """Theorem 1's first term, M N² D: M tasks × Lemma 2's N² D messages to a common prior."""
    return float(M * N**2 * D)


def lemma1_messages(N: int) -> float:
    """Lemma 1 (§5): O(g_j) = O(N) messages per proper refinement (g_j = N, the worst-case ring)."""
    return float(N)


def lemma2_messages(N: int, D: int) -> float:
    """Lemma 2 (§5, proof in App. E): O(N² D_j) messages until a common prior exists."""
    return float(N**2 * D)


def lemma3_messages(N: int, eps: float, delta: float) -> float:
    """Lemma 3 (§5): O(N⁷ / (δ_j ε_j)²) further messages to global ⟨ε_j, δ_j⟩-agreement."""
    return N**7 / (delta * eps) ** 2


def aaronson_messages(eps: float, delta: float) -> float:
    """App. B (Aaronson 2005): two agents with a common prior agree after O(1/(δ ε²)) messages."""
    _check(1, 2, eps, delta)
    return 1 / (delta * eps**2)


def bbf_beta(theta: float) -> float:
    """App. F: the channel keeps a bucket w.p. 1 − 2θ, sends each other codeword w.p. θ, so every
    likelihood ratio is in [θ/(1−2θ), (1−2θ)/θ]: BBF(β) with β = (1 − 2θ)/θ (≤ 3 iff θ ≥ 1/5)."""
    if not 0 < theta < 0.5:
        raise AgreementError(f"theta must be in (0, 1/2) for 1 − 2θ > 0, got {theta}")
    return (1 - 2 * theta) / theta


def bbf_messages(M: int, N: int, D: int, eps: float, delta: float, theta: float = 0.25) -> float:
    """App. F, BBF(3)-compliant extension of Prop. 4 (last display of App. F):

    T = O(M N² D + M³ N⁷ ln(M N²/δ) / ((1 − 2θ) ε² δ)).

    Only the agreement term changes: the informative-round drift (1−2θ)δ(ε/4)²/2 gives
    E[T] = O((1−2θ)⁻¹ ε⁻² δ⁻¹) per pair, and Azuma–Hoeffding over M·C(N+1, 2) pairs adds the log.
    """
    _check(M, N, eps, delta, D)
    bbf_beta(theta)
    return M * N**2 * D + M**3 * N**7 * math.log(M * N**2 / delta) / ((1 - 2 * theta) * eps**2 * delta)


# ---------------------------------------------------------------------------------------------
# §5.2 / App. G bounded agents (time, as log10)


def t_nq(N: int, q: int, t_sample_h: float = 1.0, t_sample_ai: float = 1.0, t_eval_h: float = 1.0,
         t_eval_ai: float = 1.0) -> float:
    """§5.2: T_{N,q} = q T_sample,H + (N−q) T_sample,AI + q T_eval,H + (N−q) T_eval,AI."""
    return q * t_sample_h + (N - q) * t_sample_ai + q * t_eval_h + (N - q) * t_eval_ai


def t_nq_sample(N: int, q: int, t_sample_h: float = 1.0, t_sample_ai: float = 1.0) -> float:
    """Eq. 15 (App. G.3) and Prop. 5: T_{N,q,sample} = q T_sample,H + (N−q) T_sample,AI."""
    return q * t_sample_h + (N - q) * t_sample_ai


def tree_draws(B: int, R: int) -> int:
    """Eq. 11 (App. G.2): a sampling tree of height R and branching B draws B + B² + … + B^R states."""
    if B < 1 or R < 0:
        raise AgreementError(f"a sampling tree needs B ≥ 1 and R ≥ 0, got B={B}, R={R}")
    return R if B == 1 else (B ** (R + 1) - 1) // (B - 1) - 1


def lemma4_log10(B: float, R: float, tnq: float) -> float:
    """Lemma 4 (eq. 12): the sampling trees of all N agents take O(B^R T_{N,q}) time (log10)."""
    return R * math.log10(B) + math.log10(tnq)


def lemma5_rounds(mu: float, alpha: float) -> float:
    """Lemma 5 (App. G.3): a refinement within T = O(ln(μ)/ln(1/α)) rounds w.p. ≥ 1 − μ; ln μ < 0,
    so we read the count as its magnitude ln(1/μ)/ln(1/α)."""
    return math.log(1 / mu) / math.log(1 / alpha)


def lemma6_rounds(N: int, D: int, delta_j: float, alpha: float) -> float:
    """Lemma 6 (App. G.3): R_j = O(N² D_j ln(δ_j/(N² D_j)) / ln(1/α_j)) rounds to a common prior
    w.p. ≥ 1 − δ_j; the printed log is negative, read as its magnitude."""
    return N**2 * D * math.log(N**2 * D / delta_j) / math.log(1 / alpha)


def lemma10_rounds(N: int, eps: float, delta_j: float) -> float:
    """Lemma 10 (App. G.3): R'_j = O(N⁷/(δ_j ε_j)²) rounds to global agreement on a common prior."""
    return N**7 / (delta_j * eps) ** 2


def theorem2_exponents(M: int, N: int, D: int, eps: float, alpha: float, delta_find: float,
                       delta_agree: float) -> tuple[float, float]:
    """Theorem 2's two exponents of B (§5.2), as printed:

    x1 = N² D ln(δ_find/(3 M N² D)) / ln(1/α), read as its magnitude N² D ln(3MN²D/δ_find)/ln(1/α)
    (Lemma 6's R with δ_j = δ_find/(3M), App. G.3); x2 = 9 M² N⁷/(δ_agree ε)² (Lemma 10's R' with
    δ_j = δ_agree/(3M)).
    """
    x1 = N**2 * D * math.log(3 * M * N**2 * D / delta_find) / math.log(1 / alpha)
    x2 = 9 * M**2 * N**7 / (delta_agree * eps) ** 2
    return x1, x2


def theorem2_log10(M: int, N: int, D: int, eps: float, *, alpha: float, B: float, delta_find: float,
                   delta_agree: float, tnq: float, common_prior: bool = False) -> float:
    """Theorem 2 (§5.2): O(M T_{N,q} (B^{x1} + B^{x2})) time, as log10 (see
    :func:`theorem2_exponents`). A common prior removes the first term (§5.2, after Corollary 1)."""
    x1, x2 = theorem2_exponents(M, N, D, eps, alpha, delta_find, delta_agree)
    first = -math.inf if common_prior else x1 * math.log10(B)
    return math.log10(M * tnq) + log10_sum(first, x2 * math.log10(B))


def corollary1_log10(M: int, N: int, D: int, eps: float, *, alpha: float, rho: float, B: float,
                     delta_find: float, delta_agree: float, tnq: float,
                     common_prior: bool = False) -> tuple[float, float]:
    """Corollary 1 (§5.2): O(M T_{N,q} (B^{x1} + (11/α)^{729 M⁶ N²¹/(δ_agree ε)⁶} ·
    ρ^{−18 M² N⁷/(δ_agree ε)²})) time — the second term is eq. 18's B' = (11/α)^{R'²}/ρ², raised to
    R' = 9M²N⁷/(δ_agree ε)²: a *product* of the (11/α) and ρ powers. Returns (log10, log10 log10).

    §5.2's worked example (N = 2, M = 1, ε = δ = ρ = 1/2, α = 1/100, common prior) prints
    ≈ 10^(10^13.27979); this function gives log10 log10 = 13.27979 for it.
    """
    if not 0 < rho <= 1:
        raise AgreementError(f"rho must be in (0, 1], got {rho}")
    x1, _ = theorem2_exponents(M, N, D, eps, alpha, delta_find, delta_agree)
    de = delta_agree * eps
    # log10 of the second term, from logs of its exponents (it overflows floats for large M, N)
    a = math.log10(729 * M**6 * N**21) - 6 * math.log10(de) + math.log10(math.log10(11 / alpha))
    b = (math.log10(18 * M**2 * N**7) - 2 * math.log10(de) + math.log10(math.log10(1 / rho))
         if rho < 1 else -math.inf)
    ll_second = log10_sum(a, b)
    second = 10**ll_second if ll_second < 300 else math.inf
    first = -math.inf if common_prior else x1 * math.log10(B)
    lg = math.log10(M * tnq) + log10_sum(first, second)
    if math.isfinite(lg):
        return lg, math.log10(lg)
    return lg, max(ll_second, math.log10(first) if first > 0 else -math.inf)


def prop5_log10(M: int, D: int, tnq_sample: float = 1.0) -> float:
    """Prop. 5 (§5.2, App. H): Ω(M T_{N,q,sample} e^D) time for any sampling-tree protocol (log10)."""
    return math.log10(M * tnq_sample) + D * LOG10E


def lemma8_constraints(N: int, D: int) -> float:
    """Lemma 8 (App. G.3): the common-prior LP has O(N D_j²) ratio constraints (poly(N D²) time)."""
    return float(N * D**2)


def lemma9_samples(N: int, D: int, eps: float, delta_j: float) -> float:
    """Lemma 9 (App. G.3): O((1/ε_j²) ln(N D_j²/δ_j)) sampling-tree draws per posterior ratio
    (the factor of poly(D² T_{N,q,sample}) in the runtime is not counted)."""
    return math.log(N * D**2 / delta_j) / eps**2


# ---------------------------------------------------------------------------------------------
# the table


@dataclass(frozen=True)
class BoundParams:
    """Parameters of every bound. None means the paper's default: α = ε/50 (§5.2's worked example
    takes the smallest allowed α), B = 1/α (Theorem 2's least branching), δ_find = δ_agree = δ/3
    (App. G.3 splits δ into three equal shares), and with ``common_prior`` δ_agree = δ and no first
    term. θ = 1/4 is App. F's "setting θ = 1/4 suffices"; β = 3 for Prop. 3 (BBF(3)); the T's are 1."""

    M: int = 1
    N: int = 2
    D: int = 100
    eps: float = 0.1
    delta: float = 0.1
    nu: float = 0.0
    theta: float = 0.25
    beta: float = 3.0
    alpha: float | None = None
    rho: float = 0.5
    B: float | None = None
    q: int = 1
    delta_find: float | None = None
    delta_agree: float | None = None
    common_prior: bool = False
    t_sample_h: float = 1.0
    t_sample_ai: float = 1.0
    t_eval_h: float = 1.0
    t_eval_ai: float = 1.0

    def resolved(self) -> BoundParams:
        """Defaults filled in and every value checked (formulas need these; hypotheses only warn)."""
        M, N, D, eps, delta = self.M, self.N, self.D, self.eps, self.delta
        for name in ("M", "N", "D", "q"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int):
                raise AgreementError(f"{name} must be an integer, got {v!r}")
        _check(M, N, eps, delta, D)
        if not 0 <= self.q <= N:
            raise AgreementError(f"q (humans) must be in 0..N={N}, got {self.q}")
        if self.nu < 0:
            raise AgreementError(f"nu must be ≥ 0, got {self.nu}")
        bbf_beta(self.theta)
        alpha = eps / 50 if self.alpha is None else self.alpha
        if not 0 < alpha < 1:
            raise AgreementError(f"alpha must be in (0, 1), got {alpha}")
        B = 1 / alpha if self.B is None else self.B
        if not B > 1:
            raise AgreementError(f"B must be > 1, got {B}")
        dflt_agree = delta if self.common_prior else delta / 3
        df = delta / 3 if self.delta_find is None else self.delta_find
        da = dflt_agree if self.delta_agree is None else self.delta_agree
        for name, v in (("delta_find", df), ("delta_agree", da)):
            if not 0 < v < 1:
                raise AgreementError(f"{name} must be in (0, 1), got {v}")
        for name in ("t_sample_h", "t_sample_ai", "t_eval_h", "t_eval_ai"):
            if not getattr(self, name) >= 0:
                raise AgreementError(f"{name} must be ≥ 0, got {getattr(self, name)}")
        if t_nq(N, self.q, self.t_sample_h, self.t_sample_ai, self.t_eval_h, self.t_eval_ai) <= 0:
            raise AgreementError("T_{N,q} must be > 0 (some T_sample or T_eval positive)")
        return replace(self, alpha=alpha, B=B, delta_find=df, delta_agree=da)


@dataclass(frozen=True)
class Row:
    """One numbered result: where it is printed, what it states, its value and broken hypotheses."""

    key: str
    result: str
    what: str  # what the result bounds, in words (the table's second column)
    where: str
    statement: str
    value: float  # log10 of the count when ``log10`` is true
    unit: str
    display: str
    warnings: tuple[str, ...] = ()
    log10: bool = False

    def as_dict(self) -> dict:
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        return d


def _num(x: float) -> str:
    """Counts with thousands separators (integers when they are), tiny or huge ones in 6 digits."""
    if not math.isfinite(x):
        return str(x)
    if abs(x) >= 1e15 or (x != 0 and abs(x) < 1e-3):
        return f"{x:.6g}"
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
        return f"{round(x):,}"
    return f"{x:,.1f}" if abs(x) >= 1000 else f"{x:.6g}"


def _pow10(lg: float) -> str:
    return f"10^{lg:.4f}" if lg < 1e6 else f"10^({_num(lg)})"


@dataclass(frozen=True)
class BoundsTable:
    """Every numbered result of the paper for one :class:`BoundParams` (rows in the paper's order)."""

    params: BoundParams
    rows: tuple[Row, ...]
    values: dict = field(default_factory=dict)  # flat key → value (the JSON's top level)

    def as_dict(self) -> dict:
        return {"params": asdict(self.params), **self.values, "rows": [r.as_dict() for r in self.rows]}


def _needs(holds: bool, warning: str) -> list[str]:
    """A row's warnings for one hypothesis: none if it ``holds``, else ``[warning]``."""
    return [] if holds else [warning]


def table(p: BoundParams | None = None, **kw) -> BoundsTable:
    """All bounds for ``p`` (or ``BoundParams(**kw)``): what ``alignlab agree bounds`` prints."""
    p = (p or BoundParams(**kw)).resolved()
    M, N, D, eps, delta, nu = p.M, p.N, p.D, p.eps, p.delta, p.nu
    alpha, B, df, da, q = p.alpha, p.B, p.delta_find, p.delta_agree, p.q
    T = t_nq(N, q, p.t_sample_h, p.t_sample_ai, p.t_eval_h, p.t_eval_ai)
    Ts = t_nq_sample(N, q, p.t_sample_h, p.t_sample_ai)
    beta_ch = bbf_beta(p.theta)

    w_lower = (_needs(M >= 2, f"needs M ≥ 2 (M = {M})") + _needs(D > 2, f"needs D > 2 (D = {D})")
               + _needs(0 < nu <= 1, f"needs 0 < ν ≤ 1 (ν = {nu:g})"))
    w_prop2 = w_lower + _needs(delta < nu / 2, f"needs δ < ν/2 (δ = {delta:g}, ν/2 = {nu / 2:g})")
    w_bbf = (_needs(p.theta <= 1 / 3, f"App. F takes 0 < θ ≤ 1/3 (θ = {p.theta:g})")
             + _needs(beta_ch <= 3, f"θ = {p.theta:g} makes the channel BBF({beta_ch:.4g}), not BBF(3): "
                      "BBF(3) needs θ ≥ 1/5"))
    w_q = _needs(1 <= q < N, f"needs 1 ≤ q < N (q = {q}, N = {N})")
    w_alpha = _needs(eps / 50 - 1e-15 <= alpha <= eps / 40 + 1e-15,
                     f"needs ε/50 ≤ α ≤ ε/40 (α = {alpha:g}; range [{eps / 50:g}, {eps / 40:g}])")
    w_B = _needs(1 / alpha - 1e-9 <= B, f"needs B ≥ 1/α = {1 / alpha:g} (B = {B:g})")
    w_split = _needs(p.common_prior or df + da < delta,
                     f"needs δ_find + δ_agree < δ ({df:g} + {da:g} ≥ {delta:g})")
    w_bounded = w_q + w_alpha + w_B + w_split

    dj_find, dj_agree = df / (3 * M), da / (3 * M)
    R = lemma6_rounds(N, D, dj_find, alpha)
    Rp = lemma10_rounds(N, eps, dj_agree)
    x1, x2 = theorem2_exponents(M, N, D, eps, alpha, df, da)
    th2 = theorem2_log10(M, N, D, eps, alpha=alpha, B=B, delta_find=df, delta_agree=da, tnq=T,
                         common_prior=p.common_prior)
    c1, c1ll = corollary1_log10(M, N, D, eps, alpha=alpha, rho=p.rho, B=B, delta_find=df, delta_agree=da,
                                tnq=T, common_prior=p.common_prior)
    cp = " (common prior: no first term)" if p.common_prior else ""
    rows = [
        Row("prop1_bits", "Prop. 1", "bits any protocol needs (lower bound)", "§4, Prop. 1 (proof App. D.1)", "Ω(M N² log(1/ε)) bits",
            prop1_bits(M, N, eps), "bits", ""),
        Row("prop2_bits", "Prop. 2", "bits when priors differ by ν (smooth protocols, lower bound)", "§4, Prop. 2 (proof App. D.2)", "Ω(M N² (ν + log(1/ε))) bits",
            prop2_bits(M, N, eps, nu), "bits", "", tuple(w_prop2)),
        Row("prop3_bits", "Prop. 3", "bits through a noisy BBF(β) channel (lower bound)", "§4, Prop. 3 (proof App. D.3)",
            f"Ω(M N² [D ν + log(1/ε)]) bits, constant 1/log β (β = {p.beta:g})",
            prop3_bits(M, N, D, eps, nu, p.beta), "bits", "", tuple(w_lower)),
        Row("theorem1_messages", "Theorem 1", "messages until agreement (exact Bayesian agents)", "§5, Theorem 1", "O(M N² D + M³ N⁷/(ε² δ²)) messages",
            theorem1_messages(M, N, D, eps, delta), "messages", ""),
        Row("lemma1_messages", "Lemma 1", "messages per proper refinement", "§5, Lemma 1", "O(g_j) = O(N) messages per proper refinement",
            lemma1_messages(N), "messages", ""),
        Row("lemma2_messages", "Lemma 2", "messages until a common prior", "§5, Lemma 2 (proof App. E, eq. 10)",
            "O(N² D_j) messages to a common prior", lemma2_messages(N, D), "messages per task", ""),
        Row("lemma3_messages", "Lemma 3", "messages to agree once the prior is common", "§5, Lemma 3", "O(N⁷/(δ_j ε_j)²) messages, δ_j = δ/M",
            lemma3_messages(N, eps, delta / M), "messages per task", ""),
        Row("prop4_messages", "Prop. 4", "messages when agents send discretized expectations", "§5.1, Prop. 4 (proof App. F)",
            "O(M N² D + M³ N⁷/(ε² δ²)) messages, discretized", theorem1_messages(M, N, D, eps, delta),
            "messages", ""),
        Row("theorem2_log10", "Theorem 2", "time for bounded agents (sampling trees)", "§5.2, Theorem 2 (proof App. G.3)",
            f"O(M T_N,q (B^x1 + B^x2)), x1 = {_num(x1)}, x2 = {_num(x2)}{cp}", th2, "log10 time steps", "",
            tuple(w_bounded)),
        Row("corollary1_log10", "Corollary 1", "time for total Bayesian wannabes", "§5.2, Corollary 1 (proof App. G.3, eq. 18)",
            "O(M T_N,q (B^x1 + (11/α)^(729M⁶N²¹/(δ_agree ε)⁶) ρ^(−18M²N⁷/(δ_agree ε)²)))" + cp, c1,
            "log10 time steps", "", tuple(w_bounded + _needs(p.rho < 1, "ρ = 1 asks nothing of the wannabes"))),
        Row("prop5_log10", "Prop. 5", "time any sampling-tree protocol needs (lower bound)", "§5.2, Prop. 5 (proof App. H)", "Ω(M T_N,q,sample e^D) time",
            prop5_log10(M, D, Ts), "log10 time steps", "",
            tuple(w_q + _needs(D >= 3, f"App. H needs D ≥ 3 (D = {D})"))),
        Row("aaronson_messages", "App. B", "messages for two agents with a common prior (Aaronson)", "App. B (Aaronson 2005)", "O(1/(δ ε²)) messages, 2 agents, common prior",
            aaronson_messages(eps, delta), "messages", ""),
        Row("bbf_messages", "App. F", "messages through a noisy BBF(3) channel", "App. F, BBF(3)-compliant extension (last display)",
            f"O(M N² D + M³ N⁷ ln(M N²/δ)/((1−2θ) ε² δ)), θ = {p.theta:g}",
            bbf_messages(M, N, D, eps, delta, p.theta), "messages", "", tuple(w_bbf)),
        Row("lemma4_log10", "Lemma 4", "time to build the sampling trees", "App. G.2, Lemma 4 (eq. 11–12)",
            f"O(B^R T_N,q) time for the sampling trees, R = Lemma 6's {_num(R)}",
            lemma4_log10(B, R, T), "log10 time steps", "", tuple(w_bounded)),
        Row("lemma5_rounds", "Lemma 5", "rounds per refinement (bounded agents)", "App. G.3, Lemma 5", "O(ln(μ)/ln(1/α)) rounds per refinement, μ = δ_j/(N²D)",
            lemma5_rounds(dj_find / (N**2 * D), alpha), "rounds", "", tuple(w_alpha)),
        Row("lemma6_rounds", "Lemma 6", "rounds until a common prior (sampling trees)", "App. G.3, Lemma 6",
            "R_j = O(N² D ln(δ_j/(N² D))/ln(1/α)) rounds, δ_j = δ_find/(3M)", R, "rounds", "",
            tuple(w_alpha)),
        Row("lemma8_constraints", "Lemma 8", "ratio constraints to find a common prior", "App. G.3, Lemma 8", "O(N D²) ratio constraints, poly(N D²) time",
            lemma8_constraints(N, D), "constraints", ""),
        Row("lemma9_samples", "Lemma 9", "draws per ratio (approximate common prior)", "App. G.3, Lemma 9",
            "O((1/ε²) ln(N D²/δ_j)) draws per ratio, δ_j = δ/(3M)", lemma9_samples(N, D, eps, delta / (3 * M)),
            "draws per ratio", ""),
        Row("lemma10_rounds", "Lemma 10", "rounds to agree (sampling trees)", "App. G.3, Lemma 10", "R'_j = O(N⁷/(δ_j ε)²) rounds, δ_j = δ_agree/(3M)",
            Rp, "rounds", ""),
    ]
    out = []
    for r in rows:
        if r.unit.startswith("log10"):
            disp = f"10^(10^{math.log10(r.value):.5f})" if r.value > 1e6 else _pow10(r.value)
            out.append(replace(r, display=disp, unit=r.unit.removeprefix("log10 "), log10=True))
        else:
            out.append(replace(r, display=_num(r.value)))
    values = {r.key: r.value for r in out}
    values.update(
        theorem1_prior_phase=theorem1_prior_phase(M, N, D), bbf_beta=beta_ch,
        theorem2_x1=None if p.common_prior else x1, theorem2_x2=x2,
        theorem2_log10log10=math.log10(th2) if th2 > 0 else -math.inf,
        corollary1_log10log10=c1ll, t_nq=T, t_nq_sample=Ts)
    return BoundsTable(p, tuple(out), values)
