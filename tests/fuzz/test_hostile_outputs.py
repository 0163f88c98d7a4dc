"""Every output target a careless user can give, for every command that writes: no damage.

Devices and FIFOs stay what they were, folders are not replaced by files, a wrong extension is
refused, a parent that is a file is refused; missing parents are created; an existing file is
replaced atomically and no temporary file is left anywhere. Commands are discovered from the CLI.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tests.fuzz.harness import (
    FOLDER_OUTPUTS,
    argv,
    chdir,
    commands,
    problems,
    run_batch,
    run_inprocess,
    stray_temp_files,
    templates,
)

#: Valid runs that take more than a second or two: only their refusals are tested here.
SLOW = {"demo", "watermark evaluate"}
#: Commands where ``-o -`` means standard output.
STREAMS = {("mindgrid", "export", "out")}


def _targets() -> list[tuple[str, str]]:
    return [(c.name, p.name) for c in commands() for p in c.outputs if templates(c)]


TARGETS = _targets()
IDS = [f"{c}:{p}".replace(" ", "-") for c, p in TARGETS]


def _is_folder(command: str, param: str) -> bool:
    return (*command.split(), param) in FOLDER_OUTPUTS


def _call(command: str, param: str, target: Path | str, fx, work: Path) -> list[str]:
    cmd = next(c for c in commands() if c.name == command)
    t = dict(templates(cmd)[0])
    if param not in t:  # an optional output the template leaves out (e.g. --cache-dir)
        t[param] = "!unused"
    return argv(cmd, {**t, param: str(target)}, fx, work)


def _default_name(command: str, param: str) -> str:
    cmd = next(c for c in commands() if c.name == command)
    v = templates(cmd)[0].get(param, "!out")
    return v[1:]


def test_outputs_are_discovered():
    assert len(TARGETS) >= 14
    assert ("demo", "out") in TARGETS


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize(("command", "param"), TARGETS, ids=IDS)
def test_device_output_is_refused_and_untouched(command, param, fx, tmp_path):
    dev = tmp_path / "null-device"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null twin
    work = tmp_path / "work"
    work.mkdir()
    with chdir(work):
        r = run_inprocess(_call(command, param, dev, fx, work))
    assert not problems(r, command), r
    assert stat.S_ISCHR(os.stat(dev).st_mode), "the device node was replaced"
    assert not stray_temp_files(tmp_path)


def test_fifo_outputs_in_a_memory_limited_process(fx, tmp_path):
    """FIFOs (a write would block, a read-back would hang): all commands in one capped process."""
    cases, labels = [], []
    for command, param in TARGETS:
        work = tmp_path / f"w{len(cases)}"
        work.mkdir()
        fifo = work / ("fifo" + Path(_default_name(command, param)).suffix)
        os.mkfifo(fifo)
        cases.append((_call(command, param, fifo, fx, work), work))
        labels.append((command, param, fifo))
    results = run_batch(cases, workdir=tmp_path, timeout=240)
    bad = []
    for (command, param, fifo), r in zip(labels, results, strict=True):
        if problems(r, command) or not stat.S_ISFIFO(os.stat(fifo).st_mode):
            bad.append(f"{command} {param}: {problems(r, command)} {r.stderr[-200:]!r}")
    assert not bad, "\n".join(bad)
    assert not stray_temp_files(tmp_path)


@pytest.mark.parametrize(("command", "param"), TARGETS, ids=IDS)
def test_bad_targets_are_refused_before_any_work(command, param, fx, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    afile = work / "a-file.txt"
    afile.write_text("keep me\n")
    folder = work / "a-folder"
    folder.mkdir()
    name = _default_name(command, param)
    bad: list[Path | str] = [afile / Path(name).name]  # a parent that is a file
    if _is_folder(command, param):
        bad.append(afile)  # a file where a folder is meant
    else:
        bad.append(folder)  # a folder where a file is meant
        if (*command.split(), param) not in STREAMS:
            bad.append("-")
        if Path(name).suffix:
            bad.append(work / (Path(name).stem + ".jpg"))
    failures = []
    for target in bad:
        with chdir(work):
            r = run_inprocess(_call(command, param, target, fx, work))
        if problems(r, command):
            failures.append(f"{target}: {problems(r, command)}: {(r.stderr or r.stdout)[-300:]!r}")
    assert not failures, "\n".join(failures)
    assert afile.read_text() == "keep me\n" and folder.is_dir() and not any(folder.iterdir())
    # refused before any work: nothing else (a results file, a folder of pictures) was written
    assert sorted(p.name for p in work.iterdir()) == ["a-file.txt", "a-folder"], \
        list(work.iterdir())
    assert not (work / (Path(name).stem + ".jpg")).exists()
    assert not stray_temp_files(tmp_path)


@pytest.mark.parametrize(("command", "param"), [t for t in TARGETS if t[0] not in SLOW
                                                 and t[1] != "cache_dir"],
                         ids=[i for t, i in zip(TARGETS, IDS, strict=True)
                              if t[0] not in SLOW and t[1] != "cache_dir"])
def test_missing_parents_are_created_and_files_replaced(command, param, fx, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    target = work / "new" / "deeper" / Path(_default_name(command, param)).name
    with chdir(work):
        r = run_inprocess(_call(command, param, target, fx, work))
    assert r.code == 0, r
    assert target.is_file()
    first = target.stat().st_ino
    if not target.name.endswith(".jsonl"):  # products are replaced; result files are resumed
        with chdir(work):
            r = run_inprocess(_call(command, param, target, fx, work))
        assert r.code == 0, r
        assert target.stat().st_ino != first, "not replaced by a new file (atomic rename)"
    assert not stray_temp_files(tmp_path)


def test_export_dash_is_stdout(fx, tmp_path):
    r = run_inprocess(["mindgrid", "export", str(fx["world_txt"]), "-o", "-"])
    assert r.code == 0 and r.stdout.lstrip().startswith("{")
