"""``alignlab randnets`` run as a user would (subprocess): interfaces, files and errors."""

import json

import pytest


def test_corr_json_interface(cli):
    r = cli("randnets", "corr", "--activation", "tanh", "--depth", "16", "--rho", "0.5", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert len(obj["correlations"]) == 17 and obj["correlations"][0] == 0.5
    assert [round(obj["correlations"][d], 4) for d in (1, 4, 16)] == [0.4726, 0.3951, 0.1769]
    assert obj["weight_variance"] == pytest.approx(2.5361754, rel=1e-6)
    assert obj["drifts"] is False


def test_corr_reports_variance_drift(cli):
    r = cli("randnets", "corr", "-a", "relu-shift:0.3989422804", "-L", "16", "--weight-variance", "2")
    assert r.returncode == 0, r.stderr
    assert "variance drift" in r.stderr
    assert "0.9057" in r.stdout


def test_sweep_writes_figure_and_table(cli, tmp_path):
    fig = tmp_path / "fig.png"
    r = cli("randnets", "sweep", "--activations", "relu,tanh,erf,relu-center", "--depth", "16", "-o", fig)
    assert r.returncode == 0, r.stderr
    assert fig.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "relu-center" in r.stdout and "0.9403" in r.stdout and "0.0076" in r.stdout
    assert "> 400" in r.stdout  # plain ReLU never decorrelates


def test_mc_json(cli):
    r = cli("randnets", "mc", "--activation", "relu-center", "--width", "512", "--depth", "16",
            "--nets", "200", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["nets"] == 200 and obj["width"] == 512
    assert obj["ci_low"] < obj["mean"] < obj["ci_high"]
    assert obj["exact"] == pytest.approx(0.0076, abs=1e-4)


def test_center_and_check_and_yes(cli):
    r = cli("randnets", "center", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert "right only at q = 2" in obj["explanation"]
    r = cli("randnets", "check", "--activation", "maximum(x, 0) - 1/sqrt(pi)")
    assert r.returncode == 0, r.stderr
    assert "NOT mean zero" in r.stdout and "q = 2: +0.000000" in r.stdout
    r = cli("randnets", "yes", "-a", "relu", "-n", "2", "--nets", "100", "--width", "16", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["n"] == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("corr", "-a", "tanh(x", "-L", "3"), "does not parse"),
        (("corr", "-a", "log(x)", "-L", "3"), "not finite"),
        (("check", "-a", "__import__('os').getcwd()"), "unsupported syntax"),
        (("corr", "-a", "tanh", "-L", "0"), "depth must be an integer >= 1"),
        (("mc", "-a", "tanh", "--rho", "-1.5"), "rho must be in [-1, 1]"),
    ],
)
def test_bad_input_exits_2_with_clear_error(cli, args, fragment):
    r = cli("randnets", *args)
    assert r.returncode == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr
