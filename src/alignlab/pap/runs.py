"""``alignlab pap run`` as one library call: every protocol of a config measured, with the
Theorem 4.1 (for Z = AI and Z = human) and 5.1 checks, and the resumable JSONL records of the run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignlab.pap.config import RunConfig
from alignlab.pap.metrics import PapResult, analyze_pap
from alignlab.pap.theorems import ATOL, GAP_BOUNDS


@dataclass(frozen=True, eq=False)
class ConfigRun:
    """The measured protocols of one config; ``samples`` None means exact expectations."""

    config: RunConfig
    samples: int | None
    seed: int
    results: tuple[PapResult, ...]

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-ready row per protocol: :meth:`PapResult.as_dict` plus the theorem checks."""
        rows = []
        for res in self.results:
            d = res.as_dict()
            for key, _, sides in GAP_BOUNDS:
                lhs, rhs = sides(res)
                d[key] = {"lhs": lhs, "rhs": rhs, "holds": lhs <= rhs + ATOL}
            rows.append(d)
        return rows

    def to_dict(self, source: str) -> dict[str, Any]:
        """The ``--json`` object; ``source`` names the config file."""
        return {"config": source, "gamma": self.config.pap.gamma, "samples": self.samples,
                "seed": self.seed, "results": self.rows()}


def run_config(cfg: RunConfig, *, samples: int | None = None, seed: int | None = None) -> ConfigRun:
    """Measure every protocol of ``cfg``; ``samples``/``seed`` override the config's (None: keep)."""
    from alignlab import limits
    from alignlab.pap.errors import PapError
    from alignlab.runtime.seeds import check_seed

    if samples:
        limits.check_count(samples, "samples", limits.EPISODES, error=PapError)
    if seed is not None:
        check_seed(seed)
    n = samples or cfg.samples
    sd = cfg.seed if seed is None else seed
    return ConfigRun(cfg, n, sd, tuple(analyze_pap(cfg.pap, p, samples=n, seed=sd)
                                       for p in cfg.protocols))


def append_records(run: ConfigRun, out: str | Path, source: str) -> None:
    """Append one record per protocol to ``out`` (key = config hash + protocol; kept if present),
    through the runtime's one JSONL writer."""
    from alignlab.runtime import append_new, config_hash

    h = config_hash({"config": run.config.doc, "samples": run.samples, "seed": run.seed})
    append_new(out, [{"key": f"pap:{h}:{p.label}:eta={p.rate}:T={p.rounds}", "config_hash": h,
                      "config": source, "seed": run.seed, "samples": run.samples, **d}
                     for d, p in zip(run.rows(), run.config.protocols, strict=True)])
