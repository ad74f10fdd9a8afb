"""Charts drawn with matplotlib's object-oriented API on the Agg canvas: no pyplot, no global
state, safe to run in a worker thread. Sized for a phone: 800 x 800 px, large type."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SIZE_INCHES, DPI = 8.0, 100  # 800 x 800 px
GREEN, AMBER, RED, GREY = "#4caf50", "#ffb300", "#e53935", "#cfd8dc"


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # attach the Agg canvas explicitly; pyplot is never involved
    figure.savefig(buffer, format="png", dpi=DPI)
    figure.clear()  # drop artists now; the figure is never registered with pyplot
    return buffer.getvalue()


def _colour(score: float, at_risk: float, high: float) -> str:
    return RED if score >= high else AMBER if score >= at_risk else GREEN


class MatplotlibChartRenderer:
    def __init__(self, at_risk_from: float = 2.54, high_risk_from: float = 2.95) -> None:
        self._at_risk, self._high = at_risk_from, high_risk_from

    async def render_burnout(self, groups: Mapping[str, float], overall: float) -> bytes:
        return await asyncio.to_thread(self._burnout, dict(groups), overall)

    async def render_boundaries(self, healthy: int, unhealthy: int) -> bytes:
        return await asyncio.to_thread(self._boundaries, healthy, unhealthy)

    def _burnout(self, groups: dict[str, float], overall: float) -> bytes:
        return _png(self.burnout_figure(groups, overall))

    def burnout_figure(self, groups: Mapping[str, float], overall: float) -> Figure:
        """The burnout chart, laid out (exposed so tests can check that nothing overlaps)."""
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        axes = figure.add_subplot()
        names = [*groups, "Overall"]
        values = [*groups.values(), overall]
        colours = [_colour(v, self._at_risk, self._high) for v in values]
        bars = axes.barh(names[::-1], values[::-1], color=colours[::-1], height=0.6)
        axes.axvline(self._at_risk, color=AMBER, linestyle="--", linewidth=2, label="at risk",
                     zorder=1)
        axes.axvline(self._high, color=RED, linestyle="--", linewidth=2, label="high risk",
                     zorder=1)
        # The numbers sit on a white patch so the dashed lines never run through them.
        axes.bar_label(bars, labels=[f"{v:.1f}" for v in values[::-1]], padding=8, fontsize=24,
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}, zorder=3)
        axes.set_xlim(0, 5.6)
        axes.set_xticks([1, 2, 3, 4, 5])
        axes.tick_params(labelsize=20)
        # Without a key the two dashed lines mean nothing to the reader. It goes above the
        # plot, between the title and the bars, where no bar or value label can be.
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=18,
                    frameon=False, borderaxespad=0.3)
        axes.set_xlabel("1 = never   5 = always", fontsize=20)
        axes.set_title("Your burnout check", fontsize=30, pad=48)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        return figure

    def _boundaries(self, healthy: int, unhealthy: int) -> bytes:
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        axes = figure.add_subplot()
        total = healthy + unhealthy
        if total:
            axes.pie([healthy, unhealthy], colors=[GREEN, AMBER], startangle=90,
                     counterclock=False, wedgeprops={"width": 0.35})
        else:
            axes.pie([1], colors=[GREY], wedgeprops={"width": 0.35})
        share = round(100 * healthy / total) if total else 0
        axes.text(0, 0, f"{share}%", ha="center", va="center", fontsize=60, weight="bold")
        axes.set_title("Healthy boundaries", fontsize=30, pad=20)
        axes.legend([f"Healthy: {healthy}", f"Room to grow: {unhealthy}"], loc="lower center",
                    bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=20, frameon=False)
        axes.set_aspect("equal")
        figure.tight_layout()
        return _png(figure)
