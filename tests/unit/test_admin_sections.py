"""The admin sections' shaping: access under the paywall, and the chart's text escaped."""

from datetime import UTC, date, datetime, timedelta

from bobby_adapters.disabled import EmptyOperatorStats
from bobby_core.ports.stats import FeelPoint, ModelPrices, UserLine
from bobby_core.subscriptions.model import Subscription, SubscriptionStatus
from bobby_core.subscriptions.paywall import Paywall
from bobby_http.admin.charts import line_chart
from bobby_http.admin.sections import page_of, section_data

NOW = datetime.now(UTC)


class TwoUsers(EmptyOperatorStats):
    async def users(self, limit: int) -> list[UserLine]:
        paid = Subscription(id="sub_1", status=SubscriptionStatus.ACTIVE, as_of=NOW,
                            period_end=NOW + timedelta(days=9))
        return [UserLine(user_id=name, phone_hint="…0001", created_at=NOW, consent="given",
                         opted_out=False, last_message_at=None, subscriptions=subs)
                for name, subs in (("paying", (paid,)), ("not", ()))]


async def test_with_the_paywall_on_only_a_paying_user_has_access() -> None:
    data = await section_data("users", TwoUsers(), ModelPrices(), Paywall(on=True))
    paying, other = data["users"]
    assert (paying["access"]["allowed"], other["access"]["allowed"]) == (True, False)
    cells = [row[6] for row in page_of("users", data).tables[0].rows]
    assert cells[0].startswith("paid until ")
    assert cells[1] == "none"


async def test_every_section_renders_with_nothing_stored() -> None:
    for name in ("users", "funnels", "feel-after", "feedback", "safety", "deliveries", "usage",
                 "guard", "erasures"):
        page = page_of(name, await section_data(name, EmptyOperatorStats(), ModelPrices(),
                                                Paywall()))
        assert page.tables
        assert all(table.rows == [] for table in page.tables)


def test_the_chart_escapes_exercise_names() -> None:
    svg = line_chart({"<script>x</script>": [(date(2026, 3, 1), 3.0)]}, y_max=5, label="feel")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert line_chart({}, y_max=5, label="feel").startswith('<p class="empty">')


class TwoExercises(EmptyOperatorStats):
    async def feel_after(self) -> list[FeelPoint]:
        return [FeelPoint(flow_id=flow, day=date(2026, 3, day), average=3.5, answers=2)
                for flow in ("reflect", "burnout") for day in (1, 2)]


async def test_the_feel_after_page_draws_a_chart_per_exercise() -> None:
    page = page_of("feel-after", await section_data("feel-after", TwoExercises(), ModelPrices(),
                                                    Paywall()))
    assert page.chart is not None
    assert page.chart.count("<svg") == 2
    assert page.chart.index("<h3>burnout</h3>") < page.chart.index("<h3>reflect</h3>")
