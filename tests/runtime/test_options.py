"""The shared --executor/--address/--workers options: same spelling and errors in every part."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ("agree", "sweep", ROOT / "examples" / "agreement" / "sweep_staircase.yaml"),
    ("randnets", "run", ROOT / "examples" / "randnets" / "quick.yaml"),
]


@pytest.mark.parametrize(("group", "command", "config"), COMMANDS)
def test_unknown_executor_is_a_clear_error(cli, tmp_path, group, command, config):
    r = cli(group, command, config, "--executor", "nope", "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2, r.stderr
    assert "unknown executor 'nope'" in r.stderr and "local, serial, dask" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(("group", "command", "config"), COMMANDS)
def test_address_needs_dask(cli, tmp_path, group, command, config):
    r = cli(group, command, config, "--executor", "local", "--address", "tcp://127.0.0.1:1",
            "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2 and "needs the dask executor" in r.stderr, r.stderr
