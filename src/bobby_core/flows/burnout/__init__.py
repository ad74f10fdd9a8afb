"""Burnout check: the 12 BAT-12 items, scores per group and overall, a band, advice and a chart.

Free for everyone (the instrument's licence is non-commercial; see `scoring.py`): it must stay
outside any paywall. If the user leaves or the conversation expires part-way, the answers given
so far are scored and kept with the abandoned result (`on_abandon`)."""

from datetime import timedelta

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, End, NumberRange, Say, SubFlow
from bobby_core.flows.burnout.scoring import ANSWER_VAR

SCALE = NumberRange(low=1, high=5, words=("never", "rarely", "sometimes", "often", "always"))
"""Every item is answered on the same scale, by number or by word."""


def _item(number: int) -> Ask:
    return Ask(id=f"item_{number:02d}", save_as=ANSWER_VAR.format(number), expect=SCALE)


FLOW = Flow(
    id="burnout", version=1, menu_key="4",
    aliases=("quiz", "burnout", "burnout quiz", "burnout check"),
    keywords=("exhausted", "tired", "drained", "burnt", "burned", "burnout", "burn out",
              "worn out", "no energy", "cynical", "fed up", "dread", "sleep"),
    deep_links=("Burnout Check-In",), on_abandon="score_burnout_partial",
    rest_after=timedelta(days=7),
    steps=(
        Say(id="intro"),
        # Exhaustion, mental distance, cognitive control, emotional control: three items each.
        _item(1), _item(2), _item(3), _item(4), _item(5), _item(6),
        _item(7), _item(8), _item(9), _item(10), _item(11), _item(12),
        Say(id="working_out"),
        Action(id="score", name="score_burnout"),
        Say(id="results", chart="burnout_chart"),
        Say(id="advice"),
        Action(id="save", name="save_result", args={"fields": (
            "burnout_answers", "burnout_answered", "burnout_group_scores", "burnout_overall",
            "burnout_band",
        )}),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
    ),
)
