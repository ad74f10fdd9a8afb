"""Burnout check: the 12 BAT-12 items, scores per group and overall, a band, advice and a chart.

Free for everyone (the instrument's licence is non-commercial; see `scoring.py`): it must stay
outside any paywall. If the user leaves or the conversation expires part-way, the answers given
so far are scored and kept with the abandoned result (`on_abandon`)."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, End, NumberRange, Say, Step, SubFlow
from bobby_core.flows.burnout.scoring import ANSWER_VAR, GROUPS, ITEM_COUNT

SCALE_WORDS = ("never", "rarely", "sometimes", "often", "always")
SCALE = " · ".join(f"{n} {word}" for n, word in enumerate(SCALE_WORDS, start=1))


def _items() -> tuple[Step, ...]:
    asks: list[Step] = []
    statements = [item for group in GROUPS for item in group.items]
    for number, statement in enumerate(statements, start=1):
        asks.append(Ask(
            id=f"item_{number:02d}", save_as=ANSWER_VAR.format(number),
            expect=NumberRange(low=1, high=5, words=SCALE_WORDS,
                               hint=f"Please reply with one number or word: {SCALE}"),
            prompt=f"{number} of {ITEM_COUNT}: _{statement}_\n\n{SCALE}",
        ))
    return tuple(asks)


FLOW = Flow(
    id="burnout", version=1, title="Burnout check", menu_key="4",
    aliases=("quiz", "burnout", "burnout quiz", "burnout check"),
    deep_links=("Burnout Check-In",), on_abandon="score_burnout_partial",
    description="Twelve quick questions on how work is wearing on you (about 3 minutes).",
    steps=(
        Say(id="intro", text=(
            "Let's check in on burnout. 🔋 I'll ask 12 short questions about how you've felt at "
            "work lately. Reply to each with a number from 1 (never) to 5 (always).\n\n"
            "Your answers are stored privately and only used to show you your results. Doing "
            "this every couple of weeks helps you notice changes early."
        )),
        *_items(),
        Say(id="working_out", text="Thank you! Let me work out your results…"),
        Action(id="score", name="score_burnout"),
        Say(id="results", text="{burnout_summary}", media_url="{burnout_chart_url}"),
        Say(id="advice", text=(
            "{burnout_advice}\n\nThis check is a screening aid based on the Burnout Assessment "
            "Tool (BAT-12, KU Leuven), not a diagnosis."
        )),
        Action(id="save", name="save_result", args={"fields": (
            "burnout_answers", "burnout_answered", "burnout_group_scores", "burnout_overall",
            "burnout_band",
        )}),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
    ),
)
