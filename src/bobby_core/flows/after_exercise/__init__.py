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
    When,
    YesNo,
)

SKIP_WORDS = ("skip", "no", "no thanks", "nothing", "nope", "n", "-")

REMINDER_OFFER = Flow(
    id="reminder_offer", version=1, title="Custom reminder", system=True,
    steps=(
        Ask(id="want", save_as="want_reminder", expect=YesNo(), prompt=(
            "Would you like me to remind you to come back for another conversation? "
            "Reply yes or no."
        )),
        Branch.if_yes(id="decide", var="want_reminder", then="days", otherwise="no_thanks"),
        Ask(id="days", save_as="reminder_days",
            expect=NumberRange(low=1, high=7, hint="Please pick a number between 1 and 7."),
            prompt=("In how many days should I remind you? Two or three days works well for many "
                    "people. Reply with a number from 1 to 7.")),
        Action(id="schedule", name="schedule_reminder", args={"days_var": "reminder_days"}),
        End(id="scheduled", text="Great! I'll send you a reminder {reminder_when}."),
        End(id="no_thanks", text="No problem."),
    ),
)

FEEDBACK = Flow(
    id="feedback", version=1, title="Feedback", system=True,
    steps=(
        Ask(id="ask", save_as="feedback", expect=FreeText(), prompt=(
            "One last thing: how was this exercise for you? Anything you tell me helps me get "
            "better. (Reply skip to skip.)"
        )),
        Branch(id="skipped", cases=(Case(when=When(var="feedback", op="said", value=SKIP_WORDS),
                                          goto="bye"),), otherwise="save"),
        Action(id="save", name="save_feedback", args={"var": "feedback", "kind": "exercise"}),
        End(id="thanks", text="Thank you for telling me."),
        End(id="bye"),
    ),
)

AFTER_EXERCISE = Flow(
    id="after_exercise", version=1, title="After an exercise", system=True,
    steps=(
        SubFlow(id="reminder", flow_id="reminder_offer"),
        SubFlow(id="feedback", flow_id="feedback"),
        End(id="bye", text="I'm here whenever you want to talk. Just say hi. 💙"),
    ),
)
