"""Cheerleader (self-compassion): cheer a friend on through your own situation, then turn the same
kind words on yourself, and say how you feel now."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, End, FreeText, LlmLoop, Name, NumberRange, Say
from bobby_core.flows.prompts import load_prompt

FLOW = Flow(
    id="cheerleader", version=1, menu_key="7",
    aliases=("cheer", "cheerlead", "cheerleader", "self compassion", "self-compassion"),
    keywords=("confidence", "confident", "nervous", "doubt", "doubting", "insecure",
              "not good enough", "hard on myself", "encouragement", "interview",
              "presentation", "imposter", "failure", "useless", "exam"),
    steps=(
        Say(id="welcome"),
        Ask(id="situation", save_as="situation", expect=FreeText(min_chars=3)),
        Ask(id="friend", save_as="friend", expect=Name()),
        LlmLoop(id="cheer_loop", save_as="cheer_talk", prompt=load_prompt(__name__, "cheer.txt"),
                min_turns=2, max_turns=5),
        Ask(id="self_words", save_as="self_words", expect=FreeText(min_chars=3)),
        Ask(id="feel_after", save_as="feel_after", expect=NumberRange(low=1, high=5)),
        Action(id="save", name="save_result", args={
            "fields": ("situation", "friend", "cheer_talk", "self_words"),
            "feel_after": "feel_after",
        }),
        End(id="done"),
    ),
)
