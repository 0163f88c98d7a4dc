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


def test_import_and_help_load_no_part():
    """`import alignlab.cli` and `alignlab --help` import no part: the listing is the registry."""
    import subprocess
    import sys

    from alignlab.parts import PARTS

    code = ("import sys, alignlab.cli as c\n"
            "from typer.testing import CliRunner\n"
            "r = CliRunner().invoke(c.app, ['--help'], env={'COLUMNS': '200'})\n"
            "print(r.output)\n"
            "print('LOADED', sorted(m for m in sys.modules if m.startswith('alignlab.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = out.rsplit("LOADED", 1)[1]
    for part in PARTS:
        assert f"'alignlab.{part.package}" not in loaded
        assert part.command in out and part.summary in out


def test_part_command_loads_its_cli_only(cli):
    r = cli("deals", "--help")
    assert r.returncode == 0 and "analyze" in r.stdout and "Examples" in r.stdout
