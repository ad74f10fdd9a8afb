"""The burnout chart's key never covers a value label (issue 17 item 17), whatever the scores.

The chart is the one the burnout check asks for: a generic bar chart of scores with bands, in
the words of the flow's text file."""

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bobby_adapters.matplotlib_charts import MatplotlibChartRenderer
from bobby_core.flows import default_registry
from bobby_core.flows.burnout.actions import burnout_chart
from bobby_core.flows.burnout.scoring import score

pytestmark = pytest.mark.integration


def answers(groups: tuple[int, int, int, int]) -> tuple[int | None, ...]:
    """Three equal answers per group, so each group scores its number."""
    return tuple(a for a in groups for _ in range(3))


@pytest.mark.parametrize("groups", [(5, 2, 3, 1), (5, 5, 5, 5), (1, 1, 1, 1), (2, 3, 3, 4)])
def test_the_legend_and_the_value_labels_never_overlap(groups: tuple[int, int, int, int]) -> None:
    texts = default_registry().latest("burnout").texts
    scores = score(answers(groups))
    assert scores.overall is not None
    figure = MatplotlibChartRenderer().bar_figure(burnout_chart(texts, scores, scores.overall))
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    [axes] = figure.axes
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [texts["chart_at_risk"],
                                                           texts["chart_high_risk"]]
    key = legend.get_window_extent(renderer)
    labels = [t for t in axes.texts if isinstance(t, Text) and t.get_text()]
    assert len(labels) == 5
    for label in labels:
        assert not key.overlaps(label.get_window_extent(renderer)), label.get_text()
    whole = figure.bbox
    assert whole.x0 <= key.x0
    assert key.x1 <= whole.x1
    assert whole.y0 <= key.y0
    assert key.y1 <= whole.y1


def test_the_axis_is_the_one_to_five_scale_and_bars_grow_from_one() -> None:
    texts = default_registry().latest("burnout").texts
    scores = score(answers((5, 2, 3, 1)))
    assert scores.overall is not None
    figure = MatplotlibChartRenderer().bar_figure(burnout_chart(texts, scores, scores.overall))
    [axes] = figure.axes
    assert axes.get_xlim()[0] == 1
    assert [int(t) for t in axes.get_xticks()] == [1, 2, 3, 4, 5]
    bars = [bar for bar in axes.patches if isinstance(bar, Rectangle)]
    assert len(bars) == 5
    assert {bar.get_x() for bar in bars} == {1}
    ends = sorted(round(bar.get_x() + bar.get_width(), 2) for bar in bars)
    assert ends == sorted([5.0, 2.0, 3.0, 1.0, round(scores.overall, 2)])
    labels = sorted(t.get_text() for t in axes.texts if t.get_text())
    assert labels == sorted(["5.0", "2.0", "3.0", "1.0", f"{scores.overall:.1f}"])
