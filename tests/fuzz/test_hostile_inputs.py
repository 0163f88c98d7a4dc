"""Every file-reading command, fed every hostile file: one ``error: …`` line and exit 2, always.

The corpus (:mod:`tests.fuzz.corpus`) goes to every input parameter of every command found in
the CLI (in-process, fast); the cases that could eat memory or hang also run as real
subprocesses under a memory limit. The counts are printed with ``-s`` for the closing note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fuzz import corpus
from tests.fuzz.harness import (
    TEMPLATES,
    argv,
    chdir,
    commands,
    problems,
    run_batch,
    run_inprocess,
    run_subprocess,
    stray_temp_files,
    templates,
)


def _cases() -> list[tuple[str, str, int]]:
    """(command, input parameter, template variant) for every file-reading command."""
    out = []
    for cmd in commands():
        for i, t in enumerate(templates(cmd)):
            for p in cmd.inputs:
                if p.name in t or p.required:
                    out.append((cmd.name, p.name, i))
    return out


CASES = _cases()


def test_every_file_reading_command_is_covered():
    """A command that reads files but has no template (and none can be built) fails here."""
    missing = [c.name for c in commands() if c.inputs and not templates(c)]
    assert not missing, f"add a cheap valid call to tests/fuzz/harness.py TEMPLATES: {missing}"
    stale = set(TEMPLATES) - {c.name for c in commands()}
    assert not stale, f"templates for commands that no longer exist: {stale}"
    assert len({c for c, _, _ in CASES}) >= 13


def _suffix(cmd_name: str, param: str, variant: int, fx) -> str:
    t = templates(next(c for c in commands() if c.name == cmd_name))[variant]
    v = t.get(param, "")
    return fx[v[1:]].suffix if v.startswith("@") else ".yaml"


@pytest.mark.parametrize(("command", "param", "variant"), CASES,
                         ids=[f"{c}:{p}:{v}".replace(" ", "-") for c, p, v in CASES])
def test_corpus_is_refused_cleanly(command, param, variant, fx, tmp_path):
    cmd = next(c for c in commands() if c.name == command)
    base = templates(cmd)[variant]
    suffix = _suffix(command, param, variant, fx)
    failures = []
    work = tmp_path / "work"
    work.mkdir()
    for item in corpus.ITEMS:
        path = corpus.materialize(item, tmp_path / "corpus", suffix)
        args = argv(cmd, {**base, param: str(path)}, fx, work)
        with chdir(work):
            r = run_inprocess(args)
        bad = problems(r, command)
        if bad:
            failures.append(f"{item.name} ({item.klass}): {', '.join(bad)}: "
                            f"{(r.stderr or r.stdout)[-300:]!r}")
    assert not stray_temp_files(work)
    assert not failures, "\n".join(failures)


#: Hostile inputs that ate memory, recursed or hung before the limits.
HEAVY = ("alias_bomb", "deep_flow", "deep_json", "char_device", "too_large", "big_int_yaml")


def _first_variants() -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for command, param, _ in CASES:
        if (command, param) not in seen:
            seen.append((command, param))
    return seen


def test_heavy_inputs_in_a_memory_limited_process(fx, tmp_path):
    """Every heavy item × every reader, in one process whose address space is capped."""
    cases, labels = [], []
    for name in HEAVY:
        item = {i.name: i for i in corpus.ITEMS}[name]
        for command, param in _first_variants():
            cmd = next(c for c in commands() if c.name == command)
            path = corpus.materialize(item, tmp_path / "corpus", _suffix(command, param, 0, fx))
            work = tmp_path / f"w{len(cases)}"
            work.mkdir()
            cases.append((argv(cmd, {**templates(cmd)[0], param: str(path)}, fx, work), work))
            labels.append((name, command, param))
    results = run_batch(cases, workdir=tmp_path)
    bad = [f"{lab}: {problems(r, lab[1])}: {r.stderr[-200:]!r}"
           for lab, r in zip(labels, results, strict=True) if problems(r, lab[1])]
    assert not bad, "\n".join(bad)
    assert len(results) == len(HEAVY) * len(_first_variants())


@pytest.mark.parametrize("name", HEAVY)
def test_heavy_input_through_the_real_entry_point(name, fx, tmp_path):
    """``python -m alignlab`` as a user runs it, memory-capped, one reader per item."""
    variants = _first_variants()
    command, param = variants[HEAVY.index(name) * 3 % len(variants)]
    cmd = next(c for c in commands() if c.name == command)
    item = {i.name: i for i in corpus.ITEMS}[name]
    path = corpus.materialize(item, tmp_path / "corpus", _suffix(command, param, 0, fx))
    r = run_subprocess(argv(cmd, {**templates(cmd)[0], param: str(path)}, fx, tmp_path),
                       cwd=tmp_path)
    assert not problems(r, command), (command, param, r)


def test_fixture_templates_are_valid(fx, tmp_path):
    """Every template runs cleanly as given (so a refusal above is due to the hostile file)."""
    failures = []
    for cmd in commands():
        # commands that write run their templates validly in test_hostile_outputs
        # (missing parents are created); the demo and the evaluation suite take seconds
        if (cmd.outputs and any(t.get(p.name, "").startswith("!") for t in templates(cmd)[:1]
                               for p in cmd.outputs)) or cmd.name in ("watermark evaluate", "demo"):
            variants = templates(cmd)[1:]
        else:
            variants = templates(cmd)
        for i, t in enumerate(variants):
            work = tmp_path / f"{cmd.name.replace(' ', '-')}-{i}"
            work.mkdir()
            with chdir(work):
                r = run_inprocess(argv(cmd, t, fx, work))
            if r.code != 0 and not (cmd.name == "pap theorems" and r.code == 1):
                failures.append(f"{cmd.name} [{i}]: exit {r.code}: {r.stderr[-300:]}")
    assert not failures, "\n".join(failures)


def test_corpus_size():
    assert len(corpus.ITEMS) >= 35
    assert Path(corpus.__file__).is_file()
