"""Boundaries days 1 and 2: the yes/no quiz with a chart, and "follow the resentment"."""

from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    FreeText,
    LlmExtract,
    LlmLoop,
    Say,
    Step,
    When,
    YesNo,
)
from bobby_core.flows.boundaries.content import FEELINGS, QUIZ
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldSpec

PACKAGE = "bobby_core.flows.boundaries"
FINISH = "finish"

DAY_1: tuple[Step, ...] = (
    Say(id="d1_intro", text=(
        "Boundaries are the limits that protect your time, energy and feelings. Let's see how "
        f"yours are doing with {len(QUIZ)} quick statements. Answer each with yes or no; there "
        "are no wrong answers."
    )),
    *(Ask(id=f"d1_q{n:02d}", save_as=f"quiz_{n:02d}", expect=YesNo(hint=(
        "Please answer yes or no. If it's somewhere in between, pick the one that's closer.")),
        prompt=f"{n} of {len(QUIZ)}: _{item.statement}_")
      for n, item in enumerate(QUIZ, start=1)),
    Action(id="d1_score", name="score_boundaries_quiz"),
    Say(id="d1_result", media_url="{quiz_chart_url}", text=(
        f"You answered {{quiz_healthy}} of {len(QUIZ)} in a way that protects you.\n\n"
        "{quiz_band}"
    )),
    Action(id="d1_save", name="save_result", next=FINISH, args={
        "fields": ("day", "quiz_answers", "quiz_healthy", "quiz_unhealthy"),
    }),
)

DAY_2: tuple[Step, ...] = (
    Say(id="d2_intro", text=(
        "Today we'll *follow the resentment*. Resentment is often a sign that one of your "
        "boundaries is being pushed, so it's a useful clue."
    )),
    LlmLoop(
        id="d2_loop", save_as="resentment_talk", prompt=load_prompt(PACKAGE, "resentment.txt"),
        guide_questions=(
            "Think of a recent moment when you felt resentful, irritated or taken for granted. "
            "What happened?",
            "What did the other person ask of you or do?",
            "How did you feel in that moment, and what did you wish had happened instead?",
        ),
        closing="Thank you for looking at that honestly. Let me sum it up.",
        min_turns=3, max_turns=6,
    ),
    LlmExtract(
        id="d2_extract", instruction=load_prompt(PACKAGE, "summarise_resentment.txt"),
        input="{resentment_talk_user_text}",
        fields=(
            FieldSpec(name="feeling", description="The main feeling, one of the choices",
                      choices=tuple(FEELINGS), keywords=FEELINGS, default="uneasy"),
            FieldSpec(name="situation", description=(
                "What happens that pushes the boundary, as a short clause that could follow "
                "'when', in the second person (e.g. 'your manager adds work at 6pm')")),
        ),
    ),
    Action(id="d2_summarise", name="boundaries_summarise"),
    Ask(id="d2_confirm", save_as="summary_right", expect=YesNo(), prompt=(
        "Here's how I'd put it:\n\n_{summary}_\n\nDoes that feel right? (yes/no)"
    )),
    Branch(id="d2_right", cases=(
        Case(when=When(var="summary_right", op="==", value=True), goto="d2_save"),
    ), otherwise="d2_own"),
    Ask(id="d2_own", save_as="own_summary", expect=FreeText(min_chars=8), prompt=(
        "How would you put it? Try starting with \"I feel … when …\"."
    )),
    Action(id="d2_own_summary", name="boundaries_own_summary"),
    Say(id="d2_noted", text="Got it: _{summary}_"),
    Action(id="d2_save", name="save_result", next=FINISH, args={
        "fields": ("day", "summary", "feeling", "situation", "resentment_talk"),
    }),
)
