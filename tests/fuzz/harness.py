"""The fuzz harness: discover every command, build a cheap valid call of each, run it hostile.

Commands are found by walking the Typer app (so a new part's commands are covered without editing
this file); a parameter typed ``Path`` is an input unless its name says it is written
(:data:`OUTPUT_NAMES`). :data:`TEMPLATES` holds a cheap valid call per known command; a new command
gets one built from its parameter types (:func:`auto_template`). Calls run in-process through
:func:`alignlab.cli.run` (fast, for the many cases) or in a subprocess under a memory limit
(:func:`run_subprocess`, for the cases that could eat memory or hang).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# transformers' logger keeps the stderr it first saw; in-process calls swap stderr per call, so
# its warnings would land in a closed stream ("--- Logging error ---"). Errors only, here.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

#: Parameter names that name something a command writes (a file or a folder).
OUTPUT_NAMES = frozenset({"out", "plot", "cache_dir", "output", "out_dir", "figure"})
#: Parameters that name a resumable results file a command both reads and writes: outputs here.
RESUMABLE = {("guardrails", "figure1", "results"), ("guardrails", "figure2", "results")}
#: Output parameters that are folders (several files are written inside).
FOLDER_OUTPUTS = {("demo", "out"), ("watermark", "evaluate", "out"), ("mindgrid", "evaluate", "cache_dir")}

#: Memory limit of the subprocess runs (address space; generous for NumPy/matplotlib imports).
MEMORY_LIMIT = 3 * 2**30
#: Environment of every run: small input-size limit so a "too large" file stays small on disk.
ENV = {"ALIGNLAB_MAX_INPUT_BYTES": str(2**20), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
       "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "NO_COLOR": "1", "COLUMNS": "100",
       "ALIGNLAB_DEBUG": "", "TRANSFORMERS_VERBOSITY": "error"}


@dataclass(frozen=True)
class Param:
    name: str
    opt: str | None  # the option's flag; None for a positional argument
    kind: str  # path | int | float | bool | str
    required: bool
    is_output: bool


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    params: tuple[Param, ...]

    @property
    def name(self) -> str:
        return " ".join(self.path)

    @property
    def inputs(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.kind == "path" and not p.is_output)

    @property
    def outputs(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.is_output)

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


def _kind(annotation: Any) -> str:
    """path | int | float | bool | str for a parameter's annotation (``X | None`` unwrapped)."""
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    t = args[0] if args and typing.get_origin(annotation) in (typing.Union, types.UnionType) \
        else annotation
    if isinstance(t, type) and issubclass(t, os.PathLike):
        return "path"
    return {bool: "bool", int: "int", float: "float"}.get(t, "str")


def commands() -> list[Command]:
    """Every leaf command of ``alignlab`` with its parameters."""
    import typer.main

    from alignlab.cli import app

    out: list[Command] = []

    root = typer.main.get_command(app)
    ctx = type(root).context_class(root, info_name="alignlab")

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "list_commands"):  # a group (parts are loaded lazily, as when run)
            for name in sorted(cmd.list_commands(ctx)):
                _, sub, _ = cmd.resolve_command(ctx, [name])
                walk(sub, (*path, name))
            return
        params = []
        for p in cmd.params:
            if p.name == "help":
                continue
            kind = _kind(p.type_descriptor.annotation)
            longs = [o for o in p.opts if o.startswith("--")] or list(p.opts)
            opt = None if p.param_type_name == "argument" else longs[0]
            written = p.name in OUTPUT_NAMES or (*path, p.name) in RESUMABLE
            params.append(Param(p.name, opt, kind, bool(p.required), kind == "path" and written))
        out.append(Command(path, tuple(params)))

    walk(root, ())
    return out


# ----- valid, cheap calls ---------------------------------------------------------------------
@dataclass
class Fixtures:
    """Valid input files, made once per session."""

    root: Path
    files: dict[str, Path] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Path:
        return self.files[name]


def make_fixtures(root: Path) -> Fixtures:
    root.mkdir(parents=True, exist_ok=True)
    fx = Fixtures(root)
    copies = {
        "deals": EXAMPLES / "deals" / "minimal.yaml",
        "agree": EXAMPLES / "agreement" / "aumann.yaml",
        "pap": EXAMPLES / "pap" / "two_worlds.yaml",
        "study": EXAMPLES / "randnets" / "quick.yaml",
        "world_txt": EXAMPLES / "mindgrid" / "door_or_passage.txt",
        "world_json": EXAMPLES / "mindgrid" / "treasure_island_seed3.json",
        "games": EXAMPLES / "mindgrid" / "instances.jsonl",
        "answers": EXAMPLES / "mindgrid" / "answers.jsonl",
        "reference": REPO / "tests" / "mindgrid" / "data" / "reference_fewshot.jsonl",
    }
    for name, src in copies.items():
        fx.files[name] = root / f"{name}{src.suffix}"
        shutil.copyfile(src, fx.files[name])
    fx.files["sweep"] = root / "sweep.yaml"
    fx.files["sweep"].write_text("family: staircase\ngrid:\n  D: [4]\n  N: [2]\n"
                                 "  protocol: [expectation]\nreplicates: 1\n")
    fx.files["wm_config"] = root / "wm_config.yaml"  # a tiny evaluation: a valid run is quick
    fx.files["wm_config"].write_text(
        "calibration_texts: 20\ncalibration_length: 16\npower_lengths: [8]\n"
        "power_entropies: [1.0]\npower_texts: 5\ndistortion_keys: 20\nrobustness_ks: [1]\n"
        "robustness_rates: [0.0]\nrobustness_length: 8\nrobustness_texts: 5\n"
        "overhead_tokens: 10\n")
    fx.files["tokens"] = root / "tokens.txt"
    fx.files["tokens"].write_text("5 9 2 7 1 3 8 4 6 0 5 9\n")
    fx.files["results"] = root / "results.jsonl"
    r = run_inprocess(["mindgrid", "evaluate", str(fx["games"]), "--teacher", "gold",
                       "--executor", "serial", "-o", str(fx["results"]), "--json"])
    assert r.code == 0, r
    return fx


#: A cheap valid call per command: parameter name → value. ``"@name"`` is a fixture file,
#: ``"!name"`` a fresh output path (file) under the case's folder. A list holds variants that
#: exercise different readers of the same parameter (e.g. a world as ASCII, JSON, games file).
TEMPLATES: dict[str, list[dict[str, str]]] = {
    "demo": [{"out": "!demo", "only": "deals"}],
    "deals analyze": [{"scenario": "@deals", "samples": "200"}],
    "deals map": [{"scenario": "@deals", "out": "!zopa.png", "grid": "11"}],
    "agree run": [{"config": "@agree", "out": "!agree.jsonl"}],
    "agree prior": [{"config": "@agree"}],
    "agree bounds": [{}],
    "agree sweep": [{"config": "@sweep", "out": "!sweep.jsonl", "plot": "!sweep.png",
                     "executor": "serial"}],
    "mindgrid show": [{"world": "@world_txt", "out": "!show.png"},
                      {"world": "@world_json", "out": "!show.png"},
                      {"world": "@games", "iid": "0", "out": "!show.png"}],
    "mindgrid plan": [{"world": "@world_txt"}, {"world": "@world_json"}],
    "mindgrid export": [{"world": "@world_txt", "out": "!world.json"},
                        {"world": "@world_json", "out": "!world.json"}],
    "mindgrid parse": [{"sentence": "there is a walkable passage at column 3 row 5",
                        "world": "@world_txt"},
                       {"sentence": "the lava is safe to walk on", "world": "@world_json"}],
    "mindgrid generate": [{"n": "2", "out": "!games.jsonl"}],
    "mindgrid validate": [{"file": "@games"}],
    "mindgrid evaluate": [{"games": "@games", "teacher": "scripted", "answers": "@answers",
                           "executor": "serial", "out": "!results.jsonl"}],
    "mindgrid report": [{"results": "@results", "out": "!report.html", "max_instances": "1"}],
    "mindgrid compare": [{"a": "@results", "b": "@results"}],
    "mindgrid convert-reference": [{"export": "@reference", "out": "!converted.jsonl"}],
    "guardrails run": [{"guardrail": "posterior", "threshold": "0.1", "episodes": "20"}],
    "guardrails figure1": [{"out": "!fig1.png", "episodes": "20", "alphas": "0.001",
                            "thresholds": "0.1", "results": "!fig1.jsonl", "executor": "serial"}],
    "guardrails figure2": [{"out": "!fig2.png", "episodes": "20", "alphas": "0.001",
                            "results": "!fig2.jsonl", "executor": "serial"}],
    "pap run": [{"config": "@pap", "out": "!pap.jsonl"}],
    "pap theorems": [{"n": "3"}],
    "watermark generate": [{"key": "k", "prompt": "1 2 3", "tokens": "4"}],
    "watermark detect": [{"key": "k", "tokens_file": "@tokens"}],
    "watermark evaluate": [{"config": "@wm_config", "out": "!wm"}],
    "randnets corr": [{"activation": "tanh", "depth": "2"}],
    "randnets sweep": [{"activations": "tanh", "depth": "2", "out": "!sweep.png"}],
    "randnets mc": [{"activation": "tanh", "width": "8", "depth": "2", "nets": "4"}],
    "randnets excess": [{"widths": "8,16", "depth": "2", "nets": "4", "out": "!excess.png"}],
    "randnets center": [{"depth": "2"}],
    "randnets check": [{"activation": "tanh"}],
    "randnets yes": [{"width": "4", "depth": "2", "nets": "4"}],
    "randnets run": [{"config": "@study", "out": "!study.jsonl", "executor": "serial"}],
}

#: Commands whose negative answer on a bad file is a report and exit 1 (not an error, exit 2).
REPORTING = {"mindgrid validate"}


def auto_template(cmd: Command) -> dict[str, str] | None:
    """A call of a command not in :data:`TEMPLATES`, from its parameter types (None: impossible)."""
    t: dict[str, str] = {}
    for p in cmd.params:
        if p.is_output:
            t[p.name] = "!" + p.name + (".png" if "plot" in p.name or "figure" in p.name else "")
        elif p.required:
            if p.kind == "path":
                return None  # needs a valid input file this harness does not know
            t[p.name] = {"int": "1", "float": "0.5", "bool": "", "str": "x"}[p.kind]
    return t


def templates(cmd: Command) -> list[dict[str, str]]:
    return TEMPLATES.get(cmd.name) or [t for t in [auto_template(cmd)] if t is not None]


def argv(cmd: Command, values: Mapping[str, str], fx: Fixtures, workdir: Path) -> list[str]:
    """The argument list for ``values`` (``@``/``!`` resolved against fixtures and ``workdir``)."""
    args = list(cmd.path)
    positional: list[str] = []
    for p in cmd.params:
        if p.name not in values:
            continue
        v = values[p.name]
        if v.startswith("@"):
            v = str(fx[v[1:]])
        elif v.startswith("!"):
            v = str(workdir / v[1:])
        if p.opt is None:
            positional.append(v)
        elif p.kind == "bool":
            args.append(p.opt)
        else:
            args.extend([p.opt, v])
    return args + positional


# ----- running ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def error_lines(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.strip()]


class Hung(BaseException):
    """Raised in a call that ran past its time (a BaseException: ``except Exception`` misses it)."""


@contextlib.contextmanager
def time_guard(seconds: float) -> Iterator[None]:
    """Interrupt the calling (main) thread with :class:`Hung` after ``seconds``."""
    import signal

    def alarm(signum: int, frame: Any) -> None:
        raise Hung(f"still running after {seconds:g} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


#: Hang detector of in-process calls (generous: a hostile input must fail fast, a slow machine
#: must not make a test flaky).
INPROCESS_TIMEOUT = 120.0


def _entry() -> Any:
    try:
        from alignlab.cli import run
    except ImportError:  # an older alignlab without run(): measure it through main()
        from alignlab.cli import main

        def run(argv: list[str]) -> int:
            main(argv)
            return 0
    return run


def run_inprocess(args: list[str], env: Mapping[str, str] | None = None, *,
                  guard: bool = True) -> Result:
    """``alignlab ARGS`` in this process, through the real entry point (:func:`alignlab.cli.run`),
    with :func:`memory_guard` (unless ``guard=False``) and :func:`time_guard`."""
    from typer.testing import CliRunner

    run = _entry()
    with memory_guard() if guard else contextlib.nullcontext(), \
            CliRunner().isolation(env={**ENV, **(env or {})}) as (out, err, _):
        try:
            with time_guard(INPROCESS_TIMEOUT):
                code = run(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except Hung as exc:
            code = -1
            sys.stderr.write(f"HUNG: {exc}\n")
        except Exception as exc:  # an old entry point that lets exceptions out
            code = -2
            sys.stderr.write(f"Traceback (uncaught {type(exc).__name__}: {exc})\n")
        sys.stdout.flush()
        sys.stderr.flush()
        return Result(code, out.getvalue().decode("utf-8", "replace"),
                      err.getvalue().decode("utf-8", "replace"))


#: Extra address space an in-process run may take before it gets a MemoryError.
INPROCESS_HEADROOM = 2 * 2**30


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


@contextlib.contextmanager
def memory_guard() -> Iterator[None]:
    """Cap this process's address space at its current size + :data:`INPROCESS_HEADROOM` while
    an in-process call runs (a leak becomes a MemoryError in the call, not the OOM killer)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _vm_size() + INPROCESS_HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _limit_memory() -> None:  # runs in the child between fork and exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_subprocess(args: list[str], *, cwd: Path, timeout: float = 120,
                   env: Mapping[str, str] | None = None) -> Result:
    """``python -m alignlab ARGS`` under :data:`MEMORY_LIMIT`; a hang fails with a timeout."""
    full_env = {**os.environ, **ENV, **(env or {}),
                "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, "-m", "alignlab", *args], cwd=cwd, env=full_env,
                       capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory,
                       errors="replace")
    return Result(p.returncode, p.stdout, p.stderr)


def run_batch(cases: list[tuple[list[str], Path]], *, workdir: Path,
              timeout: float = 300) -> list[Result]:
    """Many calls in one subprocess under :data:`MEMORY_LIMIT` (see :mod:`tests.fuzz.batch`)."""
    import json

    spec = workdir / "cases.json"
    spec.write_text(json.dumps([{"argv": a, "cwd": str(c)} for a, c in cases]))
    env = {**os.environ, **ENV,
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO),
                                          os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, "-m", "tests.fuzz.batch", str(spec)], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=timeout,
                       preexec_fn=_limit_memory, errors="replace")
    assert p.returncode == 0, f"the batch process died (exit {p.returncode}): {p.stderr[-2000:]}"
    return [Result(r["code"], r["stdout"], r["stderr"]) for r in json.loads(p.stdout)]


def problems(r: Result, command: str) -> list[str]:
    """What is wrong with the outcome of a hostile call (empty: a clean refusal)."""
    bad = []
    if "Traceback" in r.stderr or "Traceback" in r.stdout:
        bad.append("traceback")
    if command in REPORTING and r.code == 1:
        if r.error_lines():
            bad.append("exit 1 with output on stderr")
        return bad
    if r.code != 2:
        bad.append(f"exit {r.code}")
    lines = r.error_lines()
    if len(lines) != 1 or not lines[0].startswith("error: "):
        bad.append(f"stderr is {len(lines)} line(s), not one 'error: …' line")
    return bad


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def stray_temp_files(folder: Path) -> list[Path]:
    """Temporary files a writer left behind (``.name.tmp…`` or ``tmp*``)."""
    return [p for p in folder.rglob("*") if ".tmp" in p.name or p.name.startswith("tmp")]
