"""Boundaries days 3-5: an I-statement, a people-pleasing check, and saying no kindly."""

from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    FreeText,
    LlmExtract,
    LlmLoop,
    NumberRange,
    Say,
    Step,
    When,
)
from bobby_core.flows.boundaries.content import PLEASING
from bobby_core.flows.boundaries.stages_1_2 import FINISH, PACKAGE
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldSpec

DAY_3: tuple[Step, ...] = (
    Action(id="d3_previous", name="boundaries_previous_summary"),
    Branch(id="d3_has_previous", cases=(
        Case(when=When(var="previous_summary", op="set"), goto="d3_recap"),
    ), otherwise="d3_situation"),
    Say(id="d3_recap", next="d3_explain", text=(
        "Last time you noticed: _{previous_summary}_\nToday we'll turn that into a calm, clear "
        "sentence you could say."
    )),
    Ask(id="d3_situation", save_as="previous_summary", expect=FreeText(min_chars=8), prompt=(
        "Think of a recent situation where your limits were pushed. What happened?"
    )),
    Say(id="d3_explain", text=(
        "A good way to stand up for yourself without blaming anyone is an *I-statement*:\n"
        "_I feel … when … because … I would like …_\nLet's build yours one part at a time."
    )),
    Ask(id="d3_feel", save_as="i_feel", expect=FreeText(), prompt=(
        "How do you feel when it happens? One or two words is fine (for example hurt, drained "
        "or ignored)."
    )),
    Ask(id="d3_when", save_as="i_when", expect=FreeText(min_chars=3), prompt=(
        "When exactly? Describe what happens, without blame (for example \"when plans change "
        "at the last minute\")."
    )),
    Ask(id="d3_because", save_as="i_because", expect=FreeText(min_chars=3), prompt=(
        "Why does it matter to you? (for example \"because I need time to rest\")"
    )),
    Ask(id="d3_like", save_as="i_like", expect=FreeText(min_chars=3), prompt=(
        "And what would you like instead? (for example \"I would like us to plan a day ahead\")"
    )),
    Action(id="d3_draft", name="boundaries_draft_statement"),
    LlmExtract(id="d3_polish", instruction=load_prompt(PACKAGE, "polish_statement.txt"),
               input="{i_draft}", fields=(FieldSpec(
                   name="i_statement", description="The finished I-statement"),)),
    Say(id="d3_result", text=(
        "Here's your statement:\n\n*{i_statement}*\n\nTry saying it out loud once or twice. It "
        "gets easier every time."
    )),
    Action(id="d3_save", name="save_result", next=FINISH, args={
        "fields": ("day", "previous_summary", "i_feel", "i_when", "i_because", "i_like",
                   "i_statement"),
    }),
)

DAY_4: tuple[Step, ...] = (
    Say(id="d4_intro", text=(
        f"Today, {len(PLEASING)} quick statements about people-pleasing. Reply to each from 1 "
        "(never) to 5 (always). This is a reflection aid, not a test."
    )),
    *(Ask(id=f"d4_q{n}", save_as=f"pleasing_{n}", prompt=(
        f"{n} of {len(PLEASING)}: _{statement}_\n\n1 never · 3 sometimes · 5 always"),
        expect=NumberRange(low=1, high=5, hint="Please reply with a number from 1 (never) to 5 "
                                                "(always)."))
      for n, statement in enumerate(PLEASING, start=1)),
    Action(id="d4_score", name="score_people_pleasing"),
    Say(id="d4_result", text="{pleasing_text}"),
    Action(id="d4_save", name="save_result", next=FINISH, args={
        "fields": ("day", "pleasing_answers", "pleasing_mean", "pleasing_band"),
    }),
)

DAY_5: tuple[Step, ...] = (
    Say(id="d5_intro", text=(
        "Today we'll plan how to say no kindly. Saying no to a request isn't saying no to the "
        "person."
    )),
    Ask(id="d5_who", save_as="no_who", expect=FreeText(min_chars=2), prompt=(
        "Who is someone you find it hard to say no to? (A name or a role like \"my boss\" is "
        "enough.)"
    )),
    LlmLoop(
        id="d5_worst", save_as="worst_case_talk", prompt=load_prompt(PACKAGE, "worst_case.txt"),
        guide_questions=(
            "What might {no_who} ask of you that you'd like to say no to?",
            "What's the worst that could realistically happen if you said no?",
            "If that did happen, how could you cope with it?",
        ),
        closing="That's a brave thing to look at. The worst case is often more manageable than "
                "it feels.",
        min_turns=3, max_turns=6,
    ),
    Say(id="d5_explain", text=(
        "Now an *empathetic-assertive* no: first show you understand their side, then say your "
        "no clearly. For example: _I can see this really matters to you, and I can't take it "
        "on this week._"
    )),
    LlmLoop(
        id="d5_statement", save_as="statement_talk",
        prompt=load_prompt(PACKAGE, "assertive_statement.txt"),
        guide_questions=(
            "What could you say to {no_who} to show you understand their side?",
            "Now, how would you say your no, kindly and clearly?",
        ),
        closing="Well done. Let me put that together for you.", min_turns=2, max_turns=5,
    ),
    LlmExtract(id="d5_extract", instruction=load_prompt(PACKAGE, "extract_statement.txt"),
               input="{statement_talk_user_text}", fields=(FieldSpec(
                   name="no_statement", description="The user's kind, clear no"),)),
    Say(id="d5_result", text=(
        "Your kind no:\n\n*{no_statement}*\n\nKeep it somewhere handy for the next time you "
        "need it. 💪"
    )),
    Action(id="d5_save", name="save_result", next=FINISH, args={
        "fields": ("day", "no_who", "worst_case_talk", "statement_talk", "no_statement"),
    }),
)
