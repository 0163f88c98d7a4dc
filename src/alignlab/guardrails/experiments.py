"""The two figures' grids as resumable task lists for :func:`alignlab.runtime.run_tasks`.

A task is one block of :data:`~alignlab.guardrails.simulate.BLOCK` episodes of one configuration;
its record holds the block's :class:`Tally` (sums), so blocks from any executor add up to the same
numbers, and a killed run resumes at the missing blocks. Keys carry a hash of everything that
changes the numbers (setting, seed, block size), so one results file can hold several runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignlab.guardrails.config import DEFAULT_TIES, Bandit, Setting, check_episodes, check_seed
from alignlab.guardrails.errors import GuardrailsError
from alignlab.guardrails.simulate import BLOCK, Tally, block_episodes, blocks, run_block
from alignlab.guardrails.tightness import TightnessTally, run_tightness_block

THRESHOLDS: tuple[float, ...] = (1e-3, 1e-2, 1e-1)
ALPHAS: tuple[float, ...] = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
FIXED: tuple[str, ...] = ("none", "cheating", "posterior", "iid")


def figure1_settings(thresholds: Iterable[float] = THRESHOLDS, alphas: Iterable[float] = ALPHAS,
                     ties: str | Sequence[str] = DEFAULT_TIES, bandit: Bandit | None = None,
                     beta: float = 0.5) -> list[Setting]:
    """Figure 1's grid: per C, the four fixed guardrails and Prop 4.6 at every α, once per tie rule."""
    b = bandit or Bandit()
    rules = (ties,) if isinstance(ties, str) else tuple(ties)
    als = tuple(alphas)
    cs = tuple(thresholds)
    out = []
    for c in cs:  # the first rule's grid, C by C; further rules add their Prop 4.6 curves after it
        out += [Setting(g, c, beta=beta, bandit=b) for g in FIXED]
        out += [Setting("non-iid", c, a, rules[0], beta, b) for a in als]
    out += [Setting("non-iid", c, a, r, beta, b) for r in rules[1:] for c in cs for a in als]
    return out


@dataclass(frozen=True)
class SimTask:
    """Block ``block`` (``size`` episodes) of ``setting`` from ``seed``."""

    setting: Setting
    seed: int
    block: int
    size: int


def sim_tasks(settings: Iterable[Setting], episodes: int, seed: int) -> list[SimTask]:
    """Every block of every setting."""
    check_episodes(episodes)
    check_seed(seed)
    return [SimTask(s, seed, b, n) for s in settings for b, n in blocks(episodes)]


def _hash(obj: Any) -> str:
    from alignlab.runtime import config_hash

    return config_hash(obj, 12)


def sim_key(task: SimTask) -> str:
    """``<label>|<hash of setting, seed, block size>|b<block>``: unique per block of a run."""
    s = task.setting
    h = _hash({"setting": s.to_dict(), "seed": task.seed, "block_size": BLOCK, "size": task.size})
    return f"{s.guardrail}|C={s.threshold:g}|a={s.alpha if s.alpha is not None else '-'}|{h}|b{task.block:05d}"


def run_sim_task(task: SimTask) -> dict[str, Any]:
    """Run one block; the record is the block's tally plus what produced it."""
    out = run_block(task.setting, block_episodes(task.setting, task.seed, task.block, task.size))
    return {"setting": task.setting.to_dict(), "seed": task.seed, "block": task.block,
            **Tally.of(out).to_dict()}


def collect(records: Iterable[dict[str, Any]], tasks: list[SimTask],
            key: Callable[[Any], str] = sim_key) -> dict[Setting, Tally]:
    """Sum the blocks of each setting (in block order); every task must have its record."""
    by_key = {r["key"]: r for r in records}
    out: dict[Setting, Tally] = {}
    for t in tasks:
        rec = by_key.get(key(t))
        if rec is None:
            raise GuardrailsError(f"no result for {key(t)}; rerun to complete the results file")
        out[t.setting] = out.get(t.setting, Tally()) + Tally.from_dict(rec)
    return out


@dataclass(frozen=True)
class TightTask:
    """Block ``block`` (``size`` episodes) of the Figure 2 random-agent run."""

    bandit: Bandit
    alphas: tuple[float, ...]
    ties: str
    seed: int
    block: int
    size: int


def tight_tasks(episodes: int, seed: int, alphas: Iterable[float] = ALPHAS,
                ties: str = DEFAULT_TIES, bandit: Bandit | None = None) -> list[TightTask]:
    """Every block of the Figure 2 run."""
    check_seed(seed)
    al = tuple(float(a) for a in alphas)
    if not al or any(not 0 < a <= 1 for a in al):
        raise GuardrailsError(f"alphas must be in (0, 1], got {list(al)}")
    # validates the tie rule through Setting
    Setting("non-iid", 0.5, al[0], ties, bandit=bandit or Bandit())
    return [TightTask(bandit or Bandit(), al, ties, seed, b, n) for b, n in blocks(episodes)]


def tight_key(task: TightTask) -> str:
    """``tightness|<hash>|b<block>``."""
    h = _hash({"bandit": task.bandit, "alphas": task.alphas, "ties": task.ties,
               "seed": task.seed, "block_size": BLOCK, "size": task.size})
    return f"tightness|{h}|b{task.block:05d}"


def run_tight_task(task: TightTask) -> dict[str, Any]:
    """Run one block of the random agent."""
    s = Setting("non-iid", 0.5, task.alphas[0], task.ties, bandit=task.bandit)
    eps = block_episodes(s, task.seed, task.block, task.size)
    return {"seed": task.seed, "block": task.block, "ties": task.ties,
            **run_tightness_block(task.bandit, task.alphas, task.ties, eps).to_dict()}


def collect_tightness(records: Iterable[dict[str, Any]], tasks: list[TightTask]) -> TightnessTally:
    """Sum the blocks of the Figure 2 run."""
    by_key = {r["key"]: r for r in records}
    total: TightnessTally | None = None
    for t in tasks:
        rec = by_key.get(tight_key(t))
        if rec is None:
            raise GuardrailsError(f"no result for {tight_key(t)}; rerun to complete the results file")
        part = TightnessTally.from_dict(rec)
        total = part if total is None else total + part
    assert total is not None
    return total


def run_grid(tasks: list[Any], fn: Callable[[Any], dict[str, Any]], key: Callable[[Any], str],
             results: str | Path, *, executor: Any = None, progress: bool = True,
             description: str = "") -> list[dict[str, Any]]:
    """Run the missing tasks into ``results`` (resumable) and return its records."""
    from alignlab.runtime import read_records, run_tasks

    run_tasks(fn, tasks, key=key, out=results, executor=executor, progress=progress,
              description=description)
    return read_records(results)


def figure1(settings: Sequence[Setting], episodes: int, seed: int, results: str | Path, *,
            executor: str = "local", address: str | None = None, workers: int | None = None,
            progress: bool = True) -> dict[Setting, Tally]:
    """Run (or resume) Figure 1's grid into ``results``; the summed tally of every setting."""
    from alignlab.runtime import make_executor

    tasks = sim_tasks(settings, episodes, seed)
    with make_executor(executor, address, workers) as ex:  # type: ignore[arg-type]
        records = run_grid(tasks, run_sim_task, sim_key, results, executor=ex, progress=progress,
                           description="figure 1")
    return collect(records, tasks)


def figure2(episodes: int, seed: int, alphas: Iterable[float], ties: Sequence[str],
            bandit: Bandit, results: str | Path, *, executor: str = "local",
            address: str | None = None, workers: int | None = None,
            progress: bool = True) -> dict[str, TightnessTally]:
    """Run (or resume) Figure 2's random-agent blocks into ``results``; one tally per tie rule."""
    from alignlab.runtime import make_executor

    per_rule = {r: tight_tasks(episodes, seed, alphas, r, bandit) for r in ties}
    tasks = [t for ts in per_rule.values() for t in ts]
    with make_executor(executor, address, workers) as ex:  # type: ignore[arg-type]
        records = run_grid(tasks, run_tight_task, tight_key, results, executor=ex,
                           progress=progress, description="figure 2")
    return {r: collect_tightness(records, ts) for r, ts in per_rule.items()}
