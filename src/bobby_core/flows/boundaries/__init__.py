"""Boundaries journey: five days unlocked in order, one per calendar day in the user's zone
(the next day unlocks at local midnight after a finished day, with one "Day N is ready" nudge
the next morning). Each day is saved with its number, which unlocks the next.

The steps below read top to bottom, one block per day; every day ends at `finish`."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    End,
    FreeText,
    LlmExtract,
    LlmLoop,
    NumberRange,
    Say,
    SubFlow,
    When,
    YesNo,
)
from bobby_core.flows.boundaries.content import FEELINGS
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldSpec

YES_NO = YesNo()
ONE_TO_FIVE = NumberRange(low=1, high=5)


def _prompt(name: str) -> str:
    return load_prompt(__name__, name)


def _day(number: int, first_step: str) -> Case:
    return Case(when=When(var="day", op="==", value=number), goto=first_step)


def _save(day: str, *fields: str) -> Action:
    return Action(id=f"{day}_save", name="save_result", next="finish",
                  args={"fields": ("day", *fields)})


FLOW = Flow(
    id="boundaries", version=1, menu_key="8", reads_progress=True,
    aliases=("boundaries", "boundary", "boundaries journey"),
    keywords=("boundaries", "boundary", "saying yes", "say yes", "yes to everyone",
              "say no", "saying no", "can't say no", "cant say no", "people pleaser",
              "people pleasing", "pushover", "taken advantage", "taken for granted",
              "walk all over", "resentful", "resentment", "everyone else", "guilty saying no"),
    steps=(
        Action(id="progress", name="boundaries_progress"),
        Say(id="overview"),
        Branch(id="route", cases=(
            Case(when=When(var="day_locked", op="==", value=True), goto="locked"),
            _day(1, "d1_intro"), _day(2, "d2_intro"), _day(3, "d3_previous"),
            _day(4, "d4_intro"), _day(5, "d5_intro"),
        ), otherwise="complete"),

        # Day 1: how healthy are your boundaries? Ten yes/no statements and a chart.
        Say(id="d1_intro"),
        Ask(id="d1_q01", save_as="quiz_01", expect=YES_NO),
        Ask(id="d1_q02", save_as="quiz_02", expect=YES_NO),
        Ask(id="d1_q03", save_as="quiz_03", expect=YES_NO),
        Ask(id="d1_q04", save_as="quiz_04", expect=YES_NO),
        Ask(id="d1_q05", save_as="quiz_05", expect=YES_NO),
        Ask(id="d1_q06", save_as="quiz_06", expect=YES_NO),
        Ask(id="d1_q07", save_as="quiz_07", expect=YES_NO),
        Ask(id="d1_q08", save_as="quiz_08", expect=YES_NO),
        Ask(id="d1_q09", save_as="quiz_09", expect=YES_NO),
        Ask(id="d1_q10", save_as="quiz_10", expect=YES_NO),
        Action(id="d1_score", name="score_boundaries_quiz"),
        Say(id="d1_result", chart="quiz_chart"),
        _save("d1", "quiz_answers", "quiz_healthy", "quiz_unhealthy"),

        # Day 2: follow the resentment, then a second-person summary the user confirms.
        Say(id="d2_intro"),
        LlmLoop(id="d2_loop", save_as="resentment_talk", prompt=_prompt("resentment.txt"),
                min_turns=3, max_turns=6),
        LlmExtract(id="d2_extract", instruction=_prompt("summarise_resentment.txt"),
                   input="{resentment_talk_user_text}", fields=(
                       FieldSpec(name="feeling", description="The main feeling, one of the choices",
                                 choices=tuple(FEELINGS), keywords=FEELINGS, default="uneasy"),
                       FieldSpec(name="situation", description=(
                           "What happens that pushes the boundary, as a short clause that could "
                           "follow 'when', in the second person (e.g. 'your manager adds work "
                           "at 6pm')")),
                   )),
        Action(id="d2_summarise", name="boundaries_summarise"),
        Ask(id="d2_confirm", save_as="summary_right", expect=YES_NO),
        Branch.if_yes(id="d2_right", var="summary_right", then="d2_save", otherwise="d2_own"),
        Ask(id="d2_own", save_as="own_summary", expect=FreeText(min_chars=8)),
        Action(id="d2_own_summary", name="boundaries_own_summary"),
        Say(id="d2_noted"),
        _save("d2", "summary", "feeling", "situation", "resentment_talk"),

        # Day 3: an I-statement, built on day 2's summary, one part at a time.
        Action(id="d3_previous", name="boundaries_previous_summary"),
        Branch(id="d3_has_previous", cases=(
            Case(when=When(var="previous_summary", op="set"), goto="d3_recap"),
        ), otherwise="d3_situation"),
        Say(id="d3_recap", next="d3_explain"),
        Ask(id="d3_situation", save_as="previous_summary", expect=FreeText(min_chars=8)),
        Say(id="d3_explain"),
        Ask(id="d3_feel", save_as="i_feel", expect=FreeText()),
        Ask(id="d3_when", save_as="i_when", expect=FreeText(min_chars=3)),
        Ask(id="d3_because", save_as="i_because", expect=FreeText(min_chars=3)),
        Ask(id="d3_like", save_as="i_like", expect=FreeText(min_chars=3)),
        Action(id="d3_draft", name="boundaries_draft_statement"),
        LlmExtract(id="d3_polish", instruction=_prompt("polish_statement.txt"), input="{i_draft}",
                   fields=(FieldSpec(name="i_statement", description="The finished I-statement"),)),
        Say(id="d3_result"),
        _save("d3", "previous_summary", "i_feel", "i_when", "i_because", "i_like", "i_statement"),

        # Day 4: are you a people pleaser? Six statements from 1 (never) to 5 (always).
        Say(id="d4_intro"),
        Ask(id="d4_q1", save_as="pleasing_1", expect=ONE_TO_FIVE),
        Ask(id="d4_q2", save_as="pleasing_2", expect=ONE_TO_FIVE),
        Ask(id="d4_q3", save_as="pleasing_3", expect=ONE_TO_FIVE),
        Ask(id="d4_q4", save_as="pleasing_4", expect=ONE_TO_FIVE),
        Ask(id="d4_q5", save_as="pleasing_5", expect=ONE_TO_FIVE),
        Ask(id="d4_q6", save_as="pleasing_6", expect=ONE_TO_FIVE),
        Action(id="d4_score", name="score_people_pleasing"),
        Say(id="d4_result"),
        _save("d4", "pleasing_answers", "pleasing_mean", "pleasing_band"),

        # Day 5: say no kindly: face the worst case, then word an empathetic-assertive no.
        Say(id="d5_intro"),
        Ask(id="d5_who", save_as="no_who", expect=FreeText(min_chars=2)),
        LlmLoop(id="d5_worst", save_as="worst_case_talk", prompt=_prompt("worst_case.txt"),
                min_turns=3, max_turns=6),
        Say(id="d5_explain"),
        LlmLoop(id="d5_statement", save_as="statement_talk",
                prompt=_prompt("assertive_statement.txt"), min_turns=2, max_turns=5),
        LlmExtract(id="d5_extract", instruction=_prompt("extract_statement.txt"),
                   input="{statement_talk_user_text}",
                   fields=(FieldSpec(name="no_statement", description="The user's kind, clear no"),)),
        Say(id="d5_result"),
        _save("d5", "no_who", "worst_case_talk", "statement_talk", "no_statement"),

        # Every day: what comes next, the reminder offer and feedback.
        Action(id="finish", name="boundaries_next_note"),
        Say(id="next_day"),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
        End(id="locked"),
        End(id="complete"),
    ),
)
