from bobby_core.engine.steps import Action, Ask, FreeText
from bobby_core.flows import default_registry
from bobby_core.flows.system.why_not_buy import FEEDBACK_KIND, FLOW_ID


def test_the_why_not_buy_question_is_a_system_flow_that_saves_free_text_as_feedback() -> None:
    flow = default_registry().latest(FLOW_ID)
    assert flow.system
    assert flow.menu_key is None
    ask = flow.first
    assert isinstance(ask, Ask)
    assert isinstance(ask.expect, FreeText)
    [save] = [s for s in flow.steps if isinstance(s, Action)]
    assert save.name == "save_feedback"
    assert save.args == {"var": ask.save_as, "kind": FEEDBACK_KIND}
