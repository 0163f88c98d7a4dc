"""Each part imports on its own without the heavy or optional dependencies (docs/architecture.md)."""

import subprocess
import sys

import pytest

HEAVY = ("torch", "transformers", "dask", "distributed", "httpx", "inspect_ai")
MODULES = ["alignlab.cli", "alignlab.runtime", "alignlab.llm", "alignlab.report",
           *(f"alignlab.{p}" for p in ("agreement", "mindgrid", "mindgrid.teaching", "pap", "deals", "watermark",
                                      "randnets", "guardrails"))]


@pytest.mark.parametrize("module", MODULES)
def test_no_heavy_imports(module):
    code = (f"import sys, {module}; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"
