"""The shared CLI layer: one JSON printer, the common options, flags shown as flags."""

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from alignlab.cli_common import JsonOpt, SeedOpt, emit_json, out_option, split_list
from alignlab.errors import AlignlabError


def test_emit_json_one_line_numpy_and_paths(capsys):
    emit_json({"a": np.float64(0.5), "b": np.arange(3), "c": Path("x/y.png"), "d": "≤"})
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == {"a": 0.5, "b": [0, 1, 2], "c": "x/y.png", "d": "≤"}
    assert out.isascii()


def test_emit_json_rejects_unknown_objects():
    with pytest.raises(TypeError, match="object is not JSON serialisable"):
        emit_json({"x": object()})


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def cmd(as_json: JsonOpt = False, seed: SeedOpt = 0,
            out: Path = out_option(Path("a.png"), "PNG to write.")) -> None:
        typer.echo(f"{as_json} {seed} {out}")

    return app


def test_shared_options_parse_and_validate():
    r = CliRunner().invoke(_app(), ["--json", "--seed", "3", "-o", "b.png"])
    assert r.exit_code == 0 and r.output.strip() == "True 3 b.png"
    r = CliRunner().invoke(_app(), ["--seed", "-1"])  # AlignlabError: one line, exit 2 from main
    assert isinstance(r.exception, AlignlabError)
    assert str(r.exception) == "--seed must be an integer in [0, 9223372036854775807], got -1"


def test_help_shows_flags_without_a_type():
    r = CliRunner().invoke(_app(), ["--help"], env={"COLUMNS": "120"})
    assert r.exit_code == 0
    assert "<bool>" not in r.output
    assert "--json" in r.output and "<path>" in r.output  # values keep their type


def test_split_list_names_the_option():
    assert split_list("16, 32,64", "--widths", int, what="integers") == (16, 32, 64)
    with pytest.raises(AlignlabError, match=r"^--widths must be comma-separated integers, got '8,x'$"):
        split_list("8,x", "--widths", int, what="integers")
    with pytest.raises(AlignlabError, match=r"^--q is empty$"):
        split_list(" , ", "--q", float)


def test_bad_option_value_is_one_error_line(cli):
    r = cli("randnets", "mc", "-a", "relu", "--seed", "-2")
    assert r.returncode == 2 and r.stderr == (
        "error: --seed must be an integer in [0, 9223372036854775807], got -2\n")


def test_max_seed_matches_the_runtime():
    """cli_common spells MAX_SEED itself (no NumPy import for --help); it must stay the runtime's."""
    from alignlab.cli_common import MAX_SEED
    from alignlab.runtime.seeds import MAX_SEED as RUNTIME_MAX_SEED

    assert MAX_SEED == RUNTIME_MAX_SEED
