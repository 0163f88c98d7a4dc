"""Self-contained HTML reports and deterministic PNG plots assembled from result files."""

from alignlab.report.html import Figure, Section, html_table, write_report
from alignlab.report.plots import new_figure, save_figure

__all__ = ["Figure", "Section", "html_table", "new_figure", "save_figure", "write_report"]
