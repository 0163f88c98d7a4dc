"""The repository stands alone: no source file or doc points at files outside it.

Design notes, specs and the papers' text live outside the repository; what users need of them is in
docs/ (docs/papers.md lists the papers, which docstrings cite as "001 §4").
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(
    r"shared/(specs|seeds)|\.\./shared|DESIGN\.md|ISSUES\.md|/work/|\bseeds/\d|"
    r"mindgrid-reference-fewshot"
)


def _files() -> list[Path]:
    files = [p for p in (ROOT / "src").rglob("*") if p.suffix in (".py", ".md", ".txt", ".yaml")]
    files += [p for p in (ROOT / "docs").rglob("*.md")]
    files += [ROOT / name for name in ("README.md", "CONTRIBUTING.md") if (ROOT / name).exists()]
    return files


def test_no_reference_to_files_outside_the_repository():
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
            for p in _files()
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if OUTSIDE.search(line)]
    assert not hits, "\n".join(hits)


def test_the_check_sees_the_files_it_claims_to():
    names = {p.name for p in _files()}
    assert {"README.md", "papers.md", "architecture.md", "cli.py"} <= names
    assert OUTSIDE.search("see shared/specs/deals.md") and OUTSIDE.search("(DESIGN.md)")


def test_relative_links_in_docs_resolve():
    """``[text](target)`` links in README, CONTRIBUTING and docs/ point at files that exist."""
    link = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
    broken = []
    for p in _files():
        if p.suffix != ".md":
            continue
        for target in link.findall(p.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (p.parent / target).exists():
                broken.append(f"{p.relative_to(ROOT)} → {target}")
    assert not broken, "\n".join(broken)
