"""The ZOPA heat map over (c_us, c_ai): where a deal can exist, and how wide its zone is."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from alignlab import progress
from alignlab.deals import model
from alignlab.deals.config import Scenario


def zopa_grid(s: Scenario, n: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ZOPA width b − a on an n×n grid of credibilities in [1/n, 1] (other fields nominal)."""
    nom = s.nominal()
    c = np.linspace(1.0 / n, 1.0, n)
    cu, ca = np.meshgrid(c, c, indexing="xy")  # rows: c_ai, columns: c_us
    a = model.ask(nom.r, cu, s.risk_ai)
    b = model.offer(nom.w, ca, nom.exchange_rate, rv_share=s.rv_share, payment=s.payment,
                    util=s.risk_us)
    return c, c, b - a


def zopa_map(s: Scenario, out: str | Path, *, n: int = 201, title: str = "") -> Path:
    """Draw the heat map: colour = ZOPA width (grey where no ZOPA), the boundary, the scenario."""
    from matplotlib.colors import Normalize

    from alignlab.report import new_figure, save_figure

    with progress.bar(f"ZOPA map: {n}×{n} grid", 3) as shown:
        cu, ca, w = zopa_grid(s, n)
        shown.update(completed=1, description="ZOPA map: drawing")
        nom = s.nominal()
        fig, ax = new_figure(6.2, 5.0)
        pos = np.where(w >= 0, w, np.nan)
        vmax = float(np.nanmax(pos)) if np.isfinite(pos).any() else 1.0
        ax.imshow(np.where(w < 0, 1.0, np.nan), origin="lower", extent=(0, 1, 0, 1),
                  cmap="Greys", vmin=0, vmax=4, aspect="auto")
        im = ax.imshow(pos, origin="lower", extent=(0, 1, 0, 1), cmap="viridis",
                       norm=Normalize(0, vmax), aspect="auto")
        if (w >= 0).any() and (w < 0).any():
            ax.contour(cu, ca, w, levels=[0.0], colors="black", linewidths=1.2)
        ax.plot([nom.c_us], [nom.c_ai], marker="*", markersize=14, color="crimson",
                markeredgecolor="white", linestyle="none", label="this scenario")
        cb = fig.colorbar(im, ax=ax)
        cb.set_label("ZOPA width  b − a  (grey: no deal possible)")
        ax.set_xlabel("c_us: the AI's trust that we pay")
        ax.set_ylabel("c_ai: our trust that the AI delivers")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(loc="lower right", framealpha=0.9)
        label = title or s.name or "deal scenario"
        means = " (means)" if s.uncertain() else ""
        ax.set_title(f"{label}: r = {nom.r:.4g}, w = {nom.w:.4g}{means}")
        shown.update(completed=2, description="ZOPA map: writing the PNG")
        return save_figure(fig, out)
