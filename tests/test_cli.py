"""The root command: version, help listing the parts, and the demo's part selection."""

from alignlab import __version__


def test_version(cli):
    r = cli("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"alignlab {__version__}"


def test_help_lists_demo(cli):
    r = cli("--help")
    assert r.returncode == 0
    assert "demo" in r.stdout


def test_unknown_command_is_usage_error(cli):
    r = cli("no-such-command")
    assert r.returncode == 2
