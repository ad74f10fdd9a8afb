import pytest

from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.graph import mermaid
from bobby_core.engine.steps import Ask, Branch, Case, End, Say, SubFlow, When
from bobby_core.errors import FlowDefinitionError, UnknownFlowError
from bobby_core.flows import default_registry


def test_a_jump_to_a_missing_step_is_refused() -> None:
    with pytest.raises(FlowDefinitionError, match="unknown step 'nowhere'"):
        Flow(id="x", version=1, title="X", steps=(Say(id="a", text="hi", next="nowhere"),
                                                   End(id="end")))


def test_duplicate_step_ids_are_refused() -> None:
    with pytest.raises(FlowDefinitionError, match="duplicate"):
        Flow(id="x", version=1, title="X", steps=(Say(id="a", text="hi"), End(id="a")))


def test_a_flow_must_not_fall_off_its_end() -> None:
    with pytest.raises(FlowDefinitionError, match="last step"):
        Flow(id="x", version=1, title="X", steps=(Say(id="a", text="hi"),))


def test_an_unknown_sub_flow_is_refused_by_the_registry() -> None:
    flow = Flow(id="x", version=1, title="X", steps=(SubFlow(id="s", flow_id="ghost"), End(id="e")))
    with pytest.raises(FlowDefinitionError, match="ghost"):
        FlowRegistry([flow])


def test_the_registry_serves_the_newest_version_and_keeps_older_ones() -> None:
    v1 = Flow(id="x", version=1, title="X", steps=(End(id="e"),))
    v2 = Flow(id="x", version=2, title="X", steps=(End(id="e"),))
    registry = FlowRegistry([v2, v1])
    assert registry.latest("x") is v2
    assert registry.get("x", 1) is v1
    with pytest.raises(UnknownFlowError):
        registry.latest("y")


def test_every_shipped_flow_is_valid_and_has_a_version() -> None:
    registry = default_registry()
    for flow in registry.all_latest():
        assert flow.version >= 1
        assert flow.steps


def test_mermaid_graph_shows_steps_and_branches() -> None:
    flow = Flow(id="x", version=3, title="X", steps=(
        Ask(id="q", prompt="?", save_as="a"),
        Branch(id="b", cases=(Case(when=When(var="a", op="==", value="y"), goto="yes"),),
               otherwise="no"),
        End(id="yes"), End(id="no"),
    ))
    graph = mermaid(flow)
    assert graph.startswith("flowchart TD")
    assert "s_q --> s_b" in graph
    assert "s_b -->|\"a == 'y'\"| s_yes" in graph
    assert "s_b -->|otherwise| s_no" in graph
