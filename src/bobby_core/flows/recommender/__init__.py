"""Recommender ("not sure? help me choose"): the user says how they feel, the model suggests one
exercise with a reason, the user picks (the suggestion or any other), and that exercise starts
in place of this one, so its result is recorded under its own id. The idle menu sends text it
does not know here, as the prototype did."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    Choice,
    End,
    FreeText,
    LlmExtract,
    Option,
    Say,
    When,
)
from bobby_core.flows.prompts import load_prompt
from bobby_core.flows.recommender.suggestions import DEFAULT, KEYWORDS, OPTIONS, OPTIONS_TEXT
from bobby_core.llm import FieldSpec

FOLLOW = Option(key="suggested", label="yes", aliases=(
    "ok", "okay", "sure", "yes please", "yep", "yeah", "sounds good", "let's do it",
    "lets do it", "go", "y",
))

FLOW = Flow(
    id="recommender", version=1, title="Not sure? Help me choose", menu_key="5",
    aliases=("help me choose", "not sure", "recommend", "suggest", "choose for me"),
    description="Tell Bobby how you feel and get a suggestion.",
    steps=(
        # Text the idle menu did not know arrives as `feeling` when it is a whole sentence.
        Branch(id="told", cases=(Case(when=When(var="feeling", op="set"), goto="recommend"),),
               otherwise="feeling"),
        Ask(id="feeling", save_as="feeling", expect=FreeText(
            min_chars=2, hint="Just a few words is fine: how are you feeling right now?",
        ), prompt=(
            "Tell me how you're feeling, or what you'd like some help with, and I'll suggest an "
            "exercise. 💬"
        )),
        LlmExtract(
            id="recommend", instruction=load_prompt(__name__, "recommend.txt"),
            input="{feeling}",
            fields=(
                FieldSpec(name="recommended", description="The id of the one exercise to suggest",
                          choices=tuple(KEYWORDS), keywords=KEYWORDS, default=DEFAULT),
                FieldSpec(name="reason", description="One warm sentence on why it fits"),
            ),
        ),
        Action(id="describe", name="describe_recommendation"),
        Say(id="suggest", text="I'd suggest *{recommended_title}*. {recommended_why}"),
        Ask(id="pick", save_as="picked", expect=Choice(options=(FOLLOW, *OPTIONS)), prompt=(
            "It's just a suggestion, the choice is yours. Reply *yes* to start it, or pick "
            f"any exercise by its number:\n{OPTIONS_TEXT}"
        ), reask=f"Sorry, I didn't catch that. Reply *yes*, or one of these numbers:\n"
                 f"{OPTIONS_TEXT}"),
        Action(id="save", name="save_result",
               args={"fields": ("feeling", "recommended", "reason", "picked")}),
        Branch(id="which", cases=(
            Case(when=When(var="picked", op="==", value="suggested"), goto="start_suggested"),
        ), otherwise="start_picked"),
        Action(id="start_suggested", name="start_flow", args={"var": "recommended"},
               next="done"),
        Action(id="start_picked", name="start_flow", args={"var": "picked"}, next="done"),
        End(id="done", text="Send *menu* to see all the exercises."),
    ),
)
