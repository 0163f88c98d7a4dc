"""Sweeps through alignlab.runtime: a real local Dask cluster, kill and resume, plots, bad configs."""

import json
import signal
import subprocess
import sys
import time

import pytest
import yaml

from alignlab.agreement.errors import AgreementError
from alignlab.agreement.sweep import parse_sweep, plot_sweep, run_point, run_sweep, task_key
from alignlab.runtime import sorted_records


def test_sweep_of_hundreds_of_dialogues_on_a_local_dask_cluster(tmp_path):
    pytest.importorskip("distributed")
    cfg = {"family": "staircase", "grid": {"D": [4, 6, 8, 10, 12], "N": [2, 3], "M": [1, 2]}, "replicates": 15}
    tasks = parse_sweep(cfg)
    assert len(tasks) == 300
    out = tmp_path / "dask.jsonl"
    s = run_sweep(tasks, out, executor="dask", workers=2, progress=False)  # no address: a LocalCluster
    assert (s.total, s.done_before, s.run_now) == (300, 0, 300)
    recs = sorted_records(out)
    assert len(recs) == 300 and all(r["outcome"] == "agreed" for r in recs)
    # the same points computed in this process give the same records (seeds derive from the keys)
    for t in tasks[:: 37]:
        mine = run_point(t)
        theirs = next(r for r in recs if r["key"] == task_key(t))
        assert {k: theirs[k] for k in mine} == json.loads(json.dumps(mine))
    # staircase: messages grow with D, N and M, and stay below Theorem 1's first term M N² D
    by = {(r["D"], r["N"], r["M"]): r["messages"] for r in recs}
    assert by[(12, 2, 1)] > by[(4, 2, 1)] and by[(8, 3, 1)] > by[(8, 2, 1)] and by[(8, 2, 2)] == 2 * by[(8, 2, 1)]
    assert all(r["messages"] <= r["bound_first_term"] for r in recs)


def _start(cfg, out):
    return subprocess.Popen([sys.executable, "-m", "alignlab", "agree", "sweep", str(cfg), "-o", str(out),
                             "--executor", "local", "--workers", "2", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lines(p):
    return p.read_bytes().count(b"\n") if p.exists() else 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_sweep_resumes_without_redoing_finished_points(tmp_path, sig):
    cfg = tmp_path / "sweep.yaml"
    cfg.write_text(yaml.safe_dump({"family": "staircase", "grid": {"D": [2048], "N": [2, 3]}, "replicates": 12}))
    out = tmp_path / "out.jsonl"
    proc = _start(cfg, out)
    deadline = time.monotonic() + 60
    while _lines(out) < 3:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.communicate(timeout=30)
    assert proc.returncode != 0
    first = out.read_bytes()
    assert first.endswith(b"\n")
    k = first.count(b"\n")
    assert 3 <= k < 24, "the kill did not land mid-way"
    again = _start(cfg, out)
    stdout, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    summary = json.loads(stdout)
    assert (summary["done_before"], summary["run_now"], summary["total"]) == (k, 24 - k, 24)
    final = out.read_bytes()
    assert final.startswith(first)  # finished points untouched, not recomputed
    keys = [json.loads(line)["key"] for line in final.splitlines()]
    assert len(keys) == len(set(keys)) == 24


def test_sweep_cli_plot_and_mixed_grid(cli, tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_text(yaml.safe_dump({
        "family": "random", "cells": 3, "replicates": 2,
        "grid": {"D": [6, 12], "protocol": ["expectation", "bbf", "triangular"], "agent": ["exact", "bounded"],
                 "B": [2, 4]},
        "noisy": {"runs": 10, "max_messages": 10}, "bounded": {"R": 2, "grid": 0.25}}))
    out, png = tmp_path / "r.jsonl", tmp_path / "r.png"
    r = cli("agree", "sweep", cfg, "-o", out, "--plot", png, "--executor", "serial", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["total"] == 2 * (3 + 2) * 2 and obj["run_now"] == obj["total"]
    recs = sorted_records(out)
    kinds = {(x["agent"], x["protocol"]) for x in recs}
    assert kinds == {("exact", "expectation"), ("exact", "bbf"), ("exact", "triangular"), ("bounded", "expectation")}
    assert all(x["samples"] <= x["bound_work"] for x in recs if x["agent"] == "bounded")
    assert all(0 <= a["p"] <= 1 for x in recs if x["protocol"] == "bbf" for a in x["agreement"])
    assert png.exists() and png.stat().st_size > 10_000
    r2 = cli("agree", "sweep", cfg, "-o", out, "--executor", "serial", "--json")
    assert json.loads(r2.stdout)["done_before"] == obj["total"]


@pytest.mark.parametrize("cfg,msg", [
    ({"grid": {"D": [1]}}, "grid.D values must be integers ≥ 2"),
    ({"grid": {"protocol": ["telepathy"]}}, "unknown protocol 'telepathy'"),
    ({"grid": {"agent": ["oracle"]}}, "grid.agent values must be exact or bounded"),
    ({"grid": {}, "family": "zoo"}, "unknown family 'zoo'"),
    ({"grid": {"eps": [0]}}, "grid.eps values must be in (0, 1)"),
    ({"grid": {}, "noisy": {"sigma": 1}}, "sigma"),
])
def test_bad_sweep_configs(cfg, msg):
    with pytest.raises(AgreementError) as e:
        parse_sweep(cfg)
    assert msg in str(e.value)


def test_bad_executor_exits_2(cli, tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_text("grid: {D: [4]}\n")
    r = cli("agree", "sweep", cfg, "--executor", "cloud", "-o", tmp_path / "o.jsonl")
    assert r.returncode == 2 and "unknown executor 'cloud'" in r.stderr and "Traceback" not in r.stderr


def test_plot_needs_records(tmp_path):
    with pytest.raises(AgreementError, match="no records"):
        plot_sweep([], tmp_path / "x.png")
