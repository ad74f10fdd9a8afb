"""Cheerleader (self-compassion): cheer a friend on through your own situation, then turn the same
kind words on yourself, and say how you feel now."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, End, FreeText, LlmLoop, NumberRange, Say
from bobby_core.flows.prompts import load_prompt

FLOW = Flow(
    id="cheerleader", version=1, title="Cheerleader", menu_key="7",
    aliases=("cheer", "cheerlead", "cheerleader", "self compassion", "self-compassion"),
    description="Be as kind to yourself as you are to a friend (about 2 minutes).",
    steps=(
        Say(id="welcome", text=(
            "Let's be your own cheerleader for a moment. 📣 Most of us are far kinder to our "
            "friends than to ourselves. This short exercise borrows that kindness."
        )),
        Ask(id="situation", save_as="situation", expect=FreeText(
            min_chars=3, hint="Tell me in a sentence or two what's going on.",
        ), prompt="What's a situation where you could use some encouragement right now?"),
        Ask(id="friend", save_as="friend", expect=FreeText(
            hint="Just a first name or a nickname is enough.",
        ), prompt=(
            "Now think of a good friend, someone you care about. What's their name? "
            "(A first name or a nickname is enough.)"
        )),
        LlmLoop(
            id="cheer_loop", save_as="cheer_talk", prompt=load_prompt(__name__, "cheer.txt"),
            guide_questions=(
                "Imagine {friend} is going through exactly this. What would you say to cheer "
                "{friend} on?",
                "That's kind. What else would you want {friend} to hear from you?",
            ),
            closing="{friend} is lucky to have a friend like you. 💛",
            min_turns=2, max_turns=5,
        ),
        Ask(id="self_words", save_as="self_words", expect=FreeText(
            min_chars=3, hint="Try writing one or two kind sentences to yourself.",
        ), prompt=(
            "Now the important part: turn those same words on yourself. Write them to you, as "
            "if you were your own good friend."
        )),
        Ask(id="feel_after", save_as="feel_after", expect=NumberRange(low=1, high=5), prompt=(
            "How do you feel now, from 1 to 5?\n1 - worse\n3 - the same\n5 - better"
        )),
        Action(id="save", name="save_result", args={
            "fields": ("situation", "friend", "cheer_talk", "self_words"),
            "feel_after": "feel_after",
        }),
        End(id="done", text=(
            "Thank you for being kind to yourself today. You deserve the same encouragement you "
            "give others. I'm here whenever you want to talk. Just say hi. 💙"
        )),
    ),
)
