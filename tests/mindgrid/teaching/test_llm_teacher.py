"""The llm teacher end to end against a real local Chat Completions server, the prompt golden file,
resuming a killed evaluation, and the Inspect task (offline, Inspect's mock model)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.llm.chat_server import Reply, completion_body

from alignlab.mindgrid.teaching.evaluate import evaluate_file
from alignlab.mindgrid.teaching.instances import generate_instances, load_instances, write_instances
from alignlab.mindgrid.teaching.prompt import build_messages, render_messages
from alignlab.mindgrid.teaching.teachers import make_teacher
from alignlab.runtime import read_records

GOLDEN = Path(__file__).parent / "golden"


def _games(tmp_path: Path, n: int, preset: str = "eval") -> tuple[Path, list]:
    insts = generate_instances(preset, n, 7)
    return write_instances(insts, tmp_path / "games.jsonl"), insts


@pytest.mark.parametrize("shots", [0, 1, 5])
def test_prompt_matches_the_golden_file(shots):
    inst = generate_instances("eval", 2, 0)[1]  # a treasure_island instance
    text = render_messages(build_messages(inst, shots))
    path = GOLDEN / f"prompt_eval-0-0001_{shots}shot.txt"
    if os.environ.get("ALIGNLAB_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert text.count("Example ") == shots
    assert "lava" in text and "Differences:" in text
    assert "the lava is safe to walk on" in text  # the templates are listed


def test_missing_llm_extra_is_said_before_any_task_runs(monkeypatch):
    from alignlab import extras
    from alignlab.mindgrid.errors import MindgridError

    monkeypatch.setitem(extras.EXTRAS, "llm", ("LLM teachers", ("alignlab_no_such_module",)))
    with pytest.raises(MindgridError, match=r"needs? the \[llm\] extra"):
        make_teacher("llm", model="m")
    assert make_teacher("llm", model="m", offline=True).offline  # answers from the cache only


def test_llm_teacher_end_to_end_against_a_local_server(tmp_path, chat_server):
    games, insts = _games(tmp_path, 4)
    gold = ["\n".join(i.sentences) for i in insts]
    chat_server.push_answer(gold[0])                                   # 1: perfect
    chat_server.push_answer("Sure! Here are the differences:\nthe grid looks different.")  # 2: malformed
    chat_server.push_status(500, "overloaded")                         # 3: a 500 ...
    chat_server.push_answer("1. " + gold[2].replace("\n", "\n2. ", 1))  # ... then success
    chat_server.push_raw(b"{not json")                                 # 4: a malformed HTTP body
    spec = make_teacher("llm", shots=1, model="test-model", base_url=chat_server.url,
                        cache_dir=str(tmp_path / "cache"), backoff_base=0.0)
    s = evaluate_file(games, spec, tmp_path / "res.jsonl", progress=False)
    assert len(chat_server.requests) == 5
    body = chat_server.requests[0].body
    assert body["model"] == "test-model" and body["temperature"] == 0.0 and body["max_tokens"] == 250
    assert body["messages"] == build_messages(insts[0], 1)
    recs = {r["id"]: r for r in read_records(tmp_path / "res.jsonl")}
    r0, r1, r2, r3 = (recs[i.id] for i in insts)
    assert r0["gap"] == {"skills": 0, "actions": 0} and r0["answer_class"] == "exact"
    assert r1["n_parsed"] == 0 and {x["status"] for x in r1["sentences"]} == {"unparsed"}
    assert r1["gap"] == {m: r1["no_teaching"][m]["gap"] for m in ("skills", "actions")}
    assert r2["gap"]["skills"] == 0 and r2["llm_requests"] == 2
    assert r3["teacher_error"] and r3["answer"] is None
    assert s["teacher_errors"] == 1 and s["n"] == 4
    assert len(s["unparsed"]) == 3 and s["unparsed"][0]["id"] == insts[1].id
    # a rerun into a fresh results file answers from the cache (no request), except the failure
    chat_server.push_answer(gold[3])
    s2 = evaluate_file(games, spec, tmp_path / "res2.jsonl", progress=False)
    assert len(chat_server.requests) == 6 and s2["teacher_errors"] == 0
    assert s2["gap_mean"] < s["gap_mean"]


def test_killed_evaluation_resumes_without_requerying(tmp_path, chat_server):
    """SIGKILL the CLI while it waits for the 4th answer; the rerun skips the 3 finished instances
    (JSONL) and asks the server only about the rest."""
    games, insts = _games(tmp_path, 6, "fewshot")
    answers = {build_messages(i, 0)[-1]["content"]: "\n".join(i.sentences) for i in insts}
    release = threading.Event()
    served: list[str] = []

    def reply(req):
        user = req.body["messages"][-1]["content"]
        served.append(user)
        if len(served) == 4 and not release.is_set():
            release.wait(20)
        return Reply(200, completion_body(answers[user]), {"Content-Type": "application/json"})

    chat_server.default = reply
    out = tmp_path / "res.jsonl"
    cmd = [sys.executable, "-m", "alignlab", "mindgrid", "evaluate", str(games), "--teacher", "llm",
           "--model", "m", "--base-url", chat_server.url, "-o", str(out)]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if out.exists() and out.read_text().count("\n") >= 3 and len(served) >= 4:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    finished = {r["id"] for r in read_records(out)}
    assert len(finished) == 3
    first = list(served)
    done = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    s = json.loads(done.stdout)
    assert s["done_before"] == 3 and s["run_now"] == 3 and s["n"] == 6
    assert s["gap_mean"] == 0 and s["llm_requests"] == 6  # one recorded request per instance
    again = served[len(first):]
    assert len(again) == 3  # only the unfinished instances (the killed one included) were asked
    assert not {build_messages(i, 0)[-1]["content"] for i in insts if i.id in finished} & set(again)
    assert len(read_records(out)) == 6


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside inspect-ai (tenacity arguments)
def test_inspect_task_runs_offline(tmp_path):
    pytest.importorskip("inspect_ai")
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import ModelOutput, ModelUsage, get_model

    from alignlab.mindgrid.teaching.inspect_task import mindgrid

    games, insts = _games(tmp_path, 3)
    gold = {build_messages(i, 1)[-1]["content"]: "\n".join(i.sentences) for i in insts[:2]}

    def answer(messages, tools, tool_choice, config):
        out = ModelOutput.from_content(model="mockllm", content=gold.get(messages[-1].text, "no idea"))
        out.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)  # no tokenizer download
        return out

    model = get_model("mockllm/model", custom_outputs=answer)
    [log] = inspect_eval(mindgrid(games=str(games), shots=1), model=model, display="none",
                         log_dir=str(tmp_path / "logs"))
    assert log.status == "success"
    scores = {s.id: s.scores["gap_scorer"] for s in log.samples}
    assert scores[insts[0].id].value == 0 and scores[insts[1].id].value == 0
    third = scores[insts[2].id]
    assert third.value > 0 and third.metadata["sentences"][0]["status"] == "unparsed"
    assert log.results.scores[0].metrics["mean"].value == pytest.approx(third.value / 3)
    assert load_instances(games)[2].id == insts[2].id
