"""Charts drawn with matplotlib's object-oriented API on the Agg canvas: no pyplot, drawn off
the event loop in one thread of their own. Sized for a phone: 800 x 800 px, large type. It draws
kinds of chart (bars of scores with bands, a donut of a share), never a particular exercise."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bobby_core.charts import ScoreBars, ShareDonut, Tone

SIZE_INCHES, DPI = 8.0, 100  # 800 x 800 px
GREEN, AMBER, RED, GREY = "#4caf50", "#ffb300", "#e53935", "#cfd8dc"
COLOURS = {Tone.GOOD: GREEN, Tone.WARN: AMBER, Tone.ALERT: RED}


# One drawing thread for the process: matplotlib's font and text caches are shared and not
# made for threads drawing at once, and each thread that draws grows a malloc arena of its own
# (a worker drawing many charts at once in the default pool grew by megabytes a round).
_DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")


async def _drawn(draw: Callable[[], Figure]) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(_DRAWING, lambda: _png(draw()))


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # attach the Agg canvas explicitly; pyplot is never involved
    figure.savefig(buffer, format="png", dpi=DPI)
    figure.clear()  # drop artists now; the figure is never registered with pyplot
    return buffer.getvalue()


class MatplotlibChartRenderer:
    async def bar_chart(self, chart: ScoreBars) -> bytes:
        return await _drawn(lambda: self.bar_figure(chart))

    async def donut(self, chart: ShareDonut) -> bytes:
        return await _drawn(lambda: self.donut_figure(chart))

    def bar_figure(self, chart: ScoreBars) -> Figure:
        """The bar chart, laid out (exposed so tests can check that nothing overlaps)."""
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        axes = figure.add_subplot()
        names = [name for name, _ in chart.bars]
        values = [value for _, value in chart.bars]
        colours = [COLOURS[chart.tone(v)] for v in values]
        # The axis is the scale's own (1-5, not 0-5): a bar grows from the lowest answer, so
        # "never" draws no bar rather than a fifth of one.
        bars = axes.barh(names[::-1], [v - chart.low for v in values[::-1]], left=chart.low,
                         color=colours[::-1], height=0.6)
        for band in chart.bands:
            axes.axvline(band.starts_at, color=COLOURS[band.tone], linestyle="--", linewidth=2,
                         label=band.label, zorder=1)
        # The numbers sit on a white patch so the dashed lines never run through them.
        axes.bar_label(bars, labels=[f"{v:.1f}" for v in values[::-1]], padding=8, fontsize=24,
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}, zorder=3)
        axes.set_xlim(chart.low, chart.high + 0.6)
        axes.set_xticks(list(range(chart.low, chart.high + 1)))
        axes.tick_params(labelsize=20)
        if chart.bands:
            # Without a key the dashed lines mean nothing to the reader. It goes above the
            # plot, between the title and the bars, where no bar or value label can be.
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(chart.bands),
                        fontsize=18, frameon=False, borderaxespad=0.3)
        axes.set_xlabel(chart.axis_label, fontsize=20)
        axes.set_title(chart.title, fontsize=30, pad=48)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        return figure

    def donut_figure(self, chart: ShareDonut) -> Figure:
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        axes = figure.add_subplot()
        if chart.part + chart.rest:
            axes.pie([chart.part, chart.rest], colors=[GREEN, AMBER], startangle=90,
                     counterclock=False, wedgeprops={"width": 0.35})
        else:
            axes.pie([1], colors=[GREY], wedgeprops={"width": 0.35})
        axes.text(0, 0, f"{chart.percent}%", ha="center", va="center", fontsize=60,
                  weight="bold")
        axes.set_title(chart.title, fontsize=30, pad=20)
        axes.legend([chart.part_label, chart.rest_label], loc="lower center",
                    bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=20, frameon=False)
        axes.set_aspect("equal")
        figure.tight_layout()
        return figure
