"""What follows an exercise: offer a reminder (1-7 days), ask for feedback, say goodbye."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    End,
    FreeText,
    NumberRange,
    SubFlow,
    Unsure,
    When,
    YesNo,
)

SKIP_WORDS = ("skip", "no", "no thanks", "nothing", "nope", "n", "-", "idk", "i don't know",
              "i dont know", "not sure", "dunno", "no idea")
"""Feedback is optional: these (and "I don't know") leave it out."""
FEEDBACK_KIND = "exercise"

REMINDER_OFFER = Flow(
    id="reminder_offer", version=1, system=True,
    steps=(
        Ask(id="want", save_as="want_reminder", expect=YesNo()),
        Branch.if_yes(id="decide", var="want_reminder", then="days", otherwise="no_thanks"),
        Ask(id="days", save_as="reminder_days", expect=NumberRange(low=1, high=7, days=True)),
        Action(id="schedule", name="schedule_reminder", args={"days_var": "reminder_days"}),
        End(id="scheduled"),
        End(id="no_thanks"),
    ),
)

FEEDBACK = Flow(
    id="feedback", version=1, system=True,
    steps=(
        Ask(id="ask", save_as="feedback", expect=FreeText(), unsure=Unsure.ANSWER),
        Branch(id="skipped", cases=(Case(when=When(var="feedback", op="said", value=SKIP_WORDS),
                                          goto="bye"),), otherwise="save"),
        Action(id="save", name="save_feedback", args={"var": "feedback", "kind": FEEDBACK_KIND}),
        End(id="thanks"),
        End(id="bye"),
    ),
)

NOTE_PLANNED = "next_note_planned"
"""Set by an exercise that has already planned its own next message (the Boundaries journey's
morning note): no other reminder is offered on top of the one it promised."""

AFTER_EXERCISE = Flow(
    id="after_exercise", version=1, system=True, inputs=(NOTE_PLANNED,),
    steps=(
        Branch.if_yes(id="planned", var=NOTE_PLANNED, then="feedback", otherwise="reminder"),
        SubFlow(id="reminder", flow_id="reminder_offer"),
        SubFlow(id="feedback", flow_id="feedback"),
        End(id="bye"),
    ),
)

FLOWS = (REMINDER_OFFER, FEEDBACK, AFTER_EXERCISE)
