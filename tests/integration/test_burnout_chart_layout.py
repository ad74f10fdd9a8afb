"""The burnout chart's key never covers a value label (issue 17 item 17), whatever the scores."""

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from bobby_adapters.matplotlib_charts import MatplotlibChartRenderer

pytestmark = pytest.mark.integration

GROUPS = ("Exhaustion", "Mental distance", "Cognitive control", "Emotional control")


@pytest.mark.parametrize("scores", [
    (4.8, 2.0, 3.0, 1.5, 4.9), (5.0, 5.0, 5.0, 5.0, 5.0), (1.0, 1.0, 1.0, 1.0, 1.0),
    (2.5, 2.9, 3.1, 4.2, 3.2),
])
def test_the_legend_and_the_value_labels_never_overlap(scores: tuple[float, ...]) -> None:
    figure = MatplotlibChartRenderer().burnout_figure(dict(zip(GROUPS, scores[:4], strict=True)),
                                                      scores[4])
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    [axes] = figure.axes
    legend = axes.get_legend()
    assert legend is not None
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
