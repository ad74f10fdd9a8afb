"""Building the registry refuses a flow that would fail a user part-way, naming flow and step."""

import logging
from pathlib import Path

import pytest

from bobby_core.engine.actions import CORE_ACTIONS, declare
from bobby_core.engine.checks import checked_registry
from bobby_core.engine.copy import parse_copy, with_copy
from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    End,
    FreeText,
    NumberRange,
    Say,
    When,
    YesNo,
)
from bobby_core.errors import FlowDefinitionError
from bobby_core.flows import all_actions, default_registry, registry_from, shipped_flows

FLOWS_DIR = Path(__file__).parents[2] / "src" / "bobby_core" / "flows"


def flow(*steps: object, **extra: object) -> Flow:
    return Flow(id="demo", version=1, title="Demo", steps=steps, **extra)  # type: ignore[arg-type]


def refused(*steps: object, actions: object = CORE_ACTIONS, **extra: object) -> str:
    with pytest.raises(FlowDefinitionError) as caught:
        checked_registry([flow(*steps, **extra)], actions)  # type: ignore[arg-type]
    return str(caught.value)


def test_every_shipped_flow_passes_the_load_checks() -> None:
    registry = default_registry()
    assert {f.id for f in registry.all_latest()} == {f.id for f in shipped_flows()}
    assert len(registry.exercises()) >= 9


def test_the_shipped_text_files_pass_the_checks_when_read_from_their_directory() -> None:
    registry = registry_from(FLOWS_DIR)
    assert registry.latest("reflect").step("welcome") == default_registry().latest(
        "reflect").step("welcome")


def test_an_action_that_does_not_exist_is_named_with_its_flow_and_step() -> None:
    problem = refused(Action(id="score", name="score_everything"), End(id="done"))
    assert "demo, step 'score': names unknown action 'score_everything'" in problem


def test_a_variable_no_step_writes_is_caught() -> None:
    problem = refused(Say(id="hello", text="Hello {name}"), End(id="done"))
    assert "demo, step 'hello': reads {name}, which no earlier step or action writes" in problem


def test_a_variable_written_only_later_is_caught() -> None:
    problem = refused(Say(id="hello", text="You said {answer}"),
                      Ask(id="ask", save_as="answer", prompt="Well?"), End(id="done"))
    assert "step 'hello': reads {answer}" in problem


def test_a_variable_an_action_declares_it_writes_is_known_after_it() -> None:
    async def greet(ctx: object, args: object) -> None:
        return None
    actions = {**CORE_ACTIONS, "greet": declare(greet, writes=("name",))}
    checked_registry([flow(Action(id="greet", name="greet"), Say(id="hello", text="Hi {name}"),
                           End(id="done"))], actions)
    problem = refused(Say(id="hello", text="Hi {nickname}"), Action(id="greet", name="greet"),
                      End(id="done"), actions=actions)
    assert "reads {nickname}" in problem


def test_a_branch_on_a_variable_no_step_writes_is_caught() -> None:
    problem = refused(Branch(id="route", cases=(Case(when=When(var="mood", op="set"),
                                                     goto="done"),), otherwise="done"),
                      End(id="done"))
    assert "demo, step 'route': reads {mood}" in problem


def test_a_variable_given_at_the_start_is_known() -> None:
    checked_registry([flow(Say(id="hello", text="About {feeling}"), End(id="done"),
                           inputs=("feeling",))], CORE_ACTIONS)


def test_a_jump_to_a_step_that_does_not_exist_is_caught() -> None:
    with pytest.raises(FlowDefinitionError, match="demo: jump to unknown step 'nowhere'"):
        flow(Say(id="hello", text="Hi", next="nowhere"), End(id="done"))


def test_a_step_no_path_reaches_is_caught() -> None:
    with pytest.raises(FlowDefinitionError, match="step 'orphan' can never be reached"):
        flow(Say(id="hello", text="Hi", next="done"), Say(id="orphan", text="Lost"),
             End(id="done"))


def test_an_action_whose_texts_the_text_file_lacks_is_caught() -> None:
    problem = refused(Ask(id="days", save_as="reminder_days", prompt="How many?",
                          expect=NumberRange(low=1, high=7)),
                      Action(id="schedule", name="schedule_reminder"), End(id="done"))
    assert "step 'schedule': action 'schedule_reminder' needs [texts] 'when_days'" in problem


def test_a_step_left_without_words_is_caught() -> None:
    problem = refused(Say(id="hello"), End(id="done"))
    assert "demo, step 'hello': says nothing" in problem


def test_an_exercise_without_a_title_is_caught() -> None:
    with pytest.raises(FlowDefinitionError, match="demo: no title"):
        checked_registry([Flow(id="demo", version=1, steps=(End(id="done"),))], CORE_ACTIONS)


@pytest.mark.parametrize(("expect", "when", "says"), [
    (NumberRange(low=1, high=5), When(var="score", op=">", value="3"), "not a number"),
    (NumberRange(low=1, high=5), When(var="score", op="==", value="three"), "the number score"),
    (YesNo(), When(var="score", op="==", value="yes"), "the yes/no answer score"),
    (FreeText(), When(var="score", op="said", value="skip"), "collection of values"),
])
def test_a_comparison_that_cannot_work_is_caught_at_load(expect: object, when: When,
                                                         says: str) -> None:
    problem = refused(Ask(id="ask", save_as="score", prompt="?", expect=expect),  # type: ignore[arg-type]
                      Branch(id="route", cases=(Case(when=when, goto="done"),),
                             otherwise="done"),
                      End(id="done"))
    assert "demo, step 'route':" in problem
    assert says in problem


def test_a_text_file_naming_a_step_the_flow_lacks_is_refused() -> None:
    shipped = default_registry().latest("reflect")
    with pytest.raises(FlowDefinitionError, match="reflect: the text file names no step 'welcom'"):
        with_copy(shipped, parse_copy("reflect", '[welcom]\ntext = "Hi"\n'))


def test_a_text_file_giving_a_key_the_step_has_not_is_refused() -> None:
    shipped = default_registry().latest("reflect")
    with pytest.raises(FlowDefinitionError, match="step 'welcome' has unknown keys \\['prompt'\\]"):
        with_copy(shipped, parse_copy("reflect", '[welcome]\nprompt = "Hi"\n'))


def test_a_coachs_edit_that_breaks_a_placeholder_fails_the_check(tmp_path: Path) -> None:
    source = (FLOWS_DIR / "cheerleader" / "cheerleader.toml").read_text(encoding="utf-8")
    (tmp_path / "cheerleader.toml").write_text(source.replace("{friend}", "{freind}"),
                                               encoding="utf-8")
    with pytest.raises(FlowDefinitionError, match=r"cheerleader, step '.*': reads \{freind\}"):
        registry_from(tmp_path)


def test_a_comparison_evaluates_only_the_operator_asked_for() -> None:
    assert When(var="v", op="==", value=3).holds({"v": "three"}) is False
    assert When(var="v", op="said", value=("skip",)).holds({"v": 7}) is False
    assert When(var="v", op=">", value=3).holds({"v": 4}) is True


def test_a_type_mismatch_at_run_time_is_false_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bobby.flows"):
        assert When(var="v", op=">", value=3).holds({"v": "four"}) is False
    assert "cannot compare a str" in caplog.text
    assert "four" not in caplog.text  # the user's words stay out of the log


def test_every_shipped_action_declares_what_it_writes() -> None:
    undeclared = [name for name, handler in all_actions().items()
                  if not hasattr(handler, "writes")]
    assert undeclared == []
