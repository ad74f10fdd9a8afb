from bobby_core.flows import default_registry


def test_the_menu_offers_the_prototypes_exercises_under_their_numbers() -> None:
    keys = {f.menu_key: f.id for f in default_registry().exercises()}
    assert {k: keys[k] for k in "01234567"} == {
        "0": "welcome", "1": "journaling", "2": "reflect", "3": "release_focus",
        "4": "burnout", "5": "recommender", "6": "smart_goal", "7": "cheerleader",
    }


def test_exercises_one_to_four_offer_a_reminder_and_feedback_afterwards() -> None:
    registry = default_registry()
    for flow_id in ("journaling", "reflect", "release_focus", "burnout"):
        flow = registry.latest(flow_id)
        assert "after_exercise" in list(flow.subflows()), flow_id
