"""Boundaries journey: five days unlocked in order, one per calendar day in the user's zone
(the next day unlocks at local midnight after a finished day, with one "Day N is ready" nudge
the next morning).

Day 1 a yes/no quiz with a chart; day 2 "follow the resentment" ending in a second-person
summary; day 3 an I-statement built on day 2's summary; day 4 a people-pleasing check; day 5 a
plan to say no kindly. Each day is saved with its number, which unlocks the next."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Branch, Case, End, Say, SubFlow, When
from bobby_core.flows.boundaries.stages_1_2 import DAY_1, DAY_2, FINISH
from bobby_core.flows.boundaries.stages_3_5 import DAY_3, DAY_4, DAY_5

FLOW = Flow(
    id="boundaries", version=1, title="Boundaries journey", menu_key="8", reads_progress=True,
    aliases=("boundaries", "boundary", "boundaries journey"),
    description="Five short days on setting healthy boundaries (about 5 minutes a day).",
    steps=(
        Action(id="progress", name="boundaries_progress"),
        Say(id="overview", text="{boundaries_intro}"),
        Branch(id="route", cases=(
            Case(when=When(var="day_locked", op="==", value=True), goto="locked"),
            Case(when=When(var="day", op="==", value=1), goto="d1_intro"),
            Case(when=When(var="day", op="==", value=2), goto="d2_intro"),
            Case(when=When(var="day", op="==", value=3), goto="d3_previous"),
            Case(when=When(var="day", op="==", value=4), goto="d4_intro"),
            Case(when=When(var="day", op="==", value=5), goto="d5_intro"),
        ), otherwise="complete"),
        *DAY_1, *DAY_2, *DAY_3, *DAY_4, *DAY_5,
        Action(id=FINISH, name="boundaries_next_note"),
        Say(id="next_day", text="{next_day_note}"),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
        End(id="locked", text=(
            "You've done today's day already, well done. 🌙 Day {day} unlocks at midnight your "
            "time; I'll send you a note in the morning. Send menu to try another exercise.")),
        End(id="complete", text=(
            "You've completed every day of the journey that's ready so far. 🎉 More days are "
            "coming soon. In the meantime, send menu to try another exercise."
        )),
    ),
)
