"""Figure grids as resumable runtime tasks: keys, sums of blocks, resuming."""

import json

import pytest

from alignlab.guardrails import GuardrailsError, Setting, Tally, simulate
from alignlab.guardrails.experiments import (
    ALPHAS,
    THRESHOLDS,
    collect,
    collect_tightness,
    figure1_settings,
    run_grid,
    run_sim_task,
    run_tight_task,
    sim_key,
    sim_tasks,
    tight_key,
    tight_tasks,
)
from alignlab.runtime import SerialExecutor, run_tasks


def test_figure1_grid_is_the_spec_grid():
    settings = figure1_settings()
    assert len(settings) == 3 * (4 + 11) and THRESHOLDS == (1e-3, 1e-2, 1e-1)
    assert 1e-3 in ALPHAS and 3e-3 in ALPHAS  # the two the authors skipped
    tasks = sim_tasks(settings, 1200, 0)
    assert len(tasks) == 45 * 3 and [t.size for t in tasks[:3]] == [500, 500, 200]
    keys = [sim_key(t) for t in tasks]
    assert len(set(keys)) == len(keys)
    assert sim_key(sim_tasks(settings, 1200, 1)[0]) != keys[0]  # the seed is in the key


def test_blocks_sum_to_the_direct_simulation_and_runs_resume(tmp_path):
    settings = [Setting("iid", 0.1), Setting("non-iid", 0.01, 0.3, "random")]
    tasks = sim_tasks(settings, 700, 3)
    out = tmp_path / "runs.jsonl"
    recs = run_grid(tasks, run_sim_task, sim_key, out, executor=SerialExecutor(), progress=False)
    got = collect(recs, tasks)
    for s in settings:
        want = Tally.of(simulate(s, 700, 3)).to_dict()
        for k, v in got[s].to_dict().items():  # float sums differ only by summation order
            assert v == pytest.approx(want[k], rel=1e-12)
    again = run_tasks(run_sim_task, tasks, key=sim_key, out=out, executor=SerialExecutor(),
                      progress=False)
    assert again.run_now == 0 and again.done_before == len(tasks)
    # a killed run: drop the last record, rerun computes only that block, same numbers
    lines = out.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:-1]))
    again = run_tasks(run_sim_task, tasks, key=sim_key, out=out, executor=SerialExecutor(),
                      progress=False)
    assert again.run_now == 1
    from alignlab.runtime import read_records

    assert collect(read_records(out), tasks) == got
    assert json.loads(lines[0])["setting"]["guardrail"] in ("iid", "non-iid")
    with pytest.raises(GuardrailsError, match="no result"):
        collect([], tasks)


def test_tightness_tasks(tmp_path):
    tasks = tight_tasks(600, 0, (1e-4, 1.0), "groups")
    assert len(tasks) == 2 and len({tight_key(t) for t in tasks}) == 2
    recs = run_grid(tasks, run_tight_task, tight_key, tmp_path / "t.jsonl",
                    executor=SerialExecutor(), progress=False)
    tally = collect_tightness(recs, tasks)
    assert tally.episodes == 600 and tally.alphas == (1e-4, 1.0)
    with pytest.raises(GuardrailsError, match="alphas"):
        tight_tasks(10, 0, (0.0,))
    with pytest.raises(GuardrailsError, match="tie rule"):
        tight_tasks(10, 0, (0.1,), "sorted")
