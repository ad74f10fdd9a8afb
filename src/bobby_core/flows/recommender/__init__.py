"""Recommender ("not sure? help me choose"): the user says how they feel, the model suggests one
exercise with a reason, the user picks (the suggestion or any other), and that exercise starts
in place of this one, so its result is recorded under its own id. The idle menu sends text it
does not know here, as the prototype did.

The exercises on offer, their words for the offline model and the model's list are built from
the other exercises' catalogue (`build_flow`), so a new exercise is offered without an edit."""

from collections.abc import Sequence

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
from bobby_core.flows.recommender.actions import DEFAULT, FLOW_ID
from bobby_core.llm import FieldSpec

FOLLOW = Option(key="suggested", label="yes", aliases=(
    "ok", "okay", "sure", "yes please", "yep", "yeah", "sounds good", "let's do it",
    "lets do it", "go", "y",
))
DECLINE = Option(key="declined", label="no")
"""Not the suggestion, and none of the others either (every spelling of no)."""


def _option(flow: Flow) -> Option:
    return Option(key=flow.id, label=flow.title,
                  aliases=(flow.menu_key or "", flow.id.replace("_", " "), *flow.aliases))


def _briefs(offered: Sequence[Flow]) -> str:
    return "\n".join(f"- {f.id}: {f.title}. {f.description} {f.why}".rstrip() for f in offered)


def build_flow(exercises: Sequence[Flow]) -> Flow:
    """The recommender over every other exercise in the menu."""
    offered = [f for f in exercises if f.id != FLOW_ID]
    keywords = {f.id: f.keywords for f in offered}
    instruction = load_prompt(__name__, "recommend.txt").replace("{exercises}", _briefs(offered))
    return Flow(
        id=FLOW_ID, version=1, menu_key="5", inputs=("feeling",),
        aliases=("help me choose", "not sure", "recommend", "suggest", "choose for me"),
        steps=(
            # Text the idle menu did not know arrives as `feeling` when it is a whole sentence.
            Branch(id="told", cases=(Case(when=When(var="feeling", op="set"), goto="recommend"),),
                   otherwise="feeling"),
            Ask(id="feeling", save_as="feeling", expect=FreeText(min_chars=2)),
            LlmExtract(id="recommend", instruction=instruction, input="{feeling}", fields=(
                FieldSpec(name="recommended", description="The id of the one exercise to suggest",
                          choices=tuple(keywords), keywords=keywords, default=DEFAULT),
                FieldSpec(name="reason", description="One warm sentence on why it fits"),
            )),
            Action(id="describe", name="describe_recommendation"),
            Say(id="suggest"),
            Action(id="options", name="list_exercises", args={"skip": (FLOW_ID,)}),
            Ask(id="pick", save_as="picked",
                expect=Choice(options=(FOLLOW, DECLINE, *(_option(f) for f in offered)))),
            Action(id="save", name="save_result",
                   args={"fields": ("feeling", "recommended", "reason", "picked")}),
            Branch(id="which", cases=(
                Case(when=When(var="picked", op="==", value="suggested"), goto="start_suggested"),
                Case(when=When(var="picked", op="==", value="declined"), goto="declined"),
            ), otherwise="start_picked"),
            Say(id="declined", next="done"),
            Action(id="start_suggested", name="start_flow", args={"var": "recommended"},
                   next="done"),
            Action(id="start_picked", name="start_flow", args={"var": "picked"}, next="done"),
            End(id="done"),
        ),
    )
