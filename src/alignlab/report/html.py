"""One self-contained HTML file: sections of prose, tables and inlined PNG figures."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """A PNG on disk and its caption; the report inlines it so the HTML stands alone."""

    path: Path
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """A report section: ``body_html`` is trusted HTML built with :func:`html_table` and friends."""

    title: str
    body_html: str
    figures: tuple[Figure, ...] = field(default_factory=tuple)
    in_nav: bool = True  # False for many similar sections (e.g. one per instance)


def esc(text: object) -> str:
    """HTML-escape any value's ``str``."""
    return html.escape(str(text))


def html_table(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A plain HTML table; every cell is escaped."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{border-bottom:2px solid #444}h2{margin-top:2em;border-bottom:1px solid #bbb}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;
text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}
code,pre{background:#f6f6f6;padding:.1em .3em}nav a{margin-right:1em}.err{color:#a00}
"""


def _figure_html(fig: Figure) -> str:
    data = base64.b64encode(Path(fig.path).read_bytes()).decode("ascii")
    cap = f"<figcaption>{esc(fig.caption)}</figcaption>" if fig.caption else ""
    return f'<figure><img alt="{esc(fig.caption)}" src="data:image/png;base64,{data}">{cap}</figure>'


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def write_report(title: str, sections: Sequence[Section], path: str | Path, *, intro: str = "") -> Path:
    """Write the report atomically (:func:`alignlab.outputs.write_text`) and return its path."""
    from alignlab.outputs import write_text

    out = Path(path)
    nav = "".join(f'<a href="#{_anchor(s.title)}">{esc(s.title)}</a>' for s in sections if s.in_nav)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{esc(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>{intro}</p>" if intro else "",
        f"<nav>{nav}</nav>",
    ]
    for s in sections:
        parts.append(f'<h2 id="{_anchor(s.title)}">{esc(s.title)}</h2>')
        parts.append(s.body_html)
        parts.extend(_figure_html(f) for f in s.figures)
    parts.append("</body></html>")
    write_text(out, "\n".join(parts), "html")
    return out
