"""Every flow Bobby ships. Add a new exercise by adding its module here."""

from collections.abc import Mapping

from bobby_core.engine.actions import CORE_ACTIONS, ActionHandler
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.flows import (
    after_exercise,
    boundaries,
    burnout,
    cheerleader,
    journaling,
    recommender,
    reflect,
    release_focus,
    smart_goal,
    welcome,
)
from bobby_core.flows.boundaries import actions as boundaries_actions
from bobby_core.flows.burnout import actions as burnout_actions
from bobby_core.flows.journaling import actions as journaling_actions
from bobby_core.flows.recommender import actions as recommender_actions
from bobby_core.flows.system import (
    consent,
    delete_data,
    export_data,
    opt_out,
    pause_check,
    resume_check,
    why_not_buy,
)
from bobby_core.privacy.actions import export_actions
from bobby_core.privacy.export_links import ExportLinks

SYSTEM_FLOWS: tuple[Flow, ...] = (
    consent.FLOW, opt_out.FLOW, delete_data.FLOW, export_data.FLOW, pause_check.FLOW, resume_check.FLOW,
    after_exercise.REMINDER_OFFER, after_exercise.FEEDBACK, after_exercise.AFTER_EXERCISE,
    why_not_buy.FLOW,
)
EXERCISE_FLOWS: tuple[Flow, ...] = (
    reflect.FLOW, burnout.FLOW, journaling.FLOW, boundaries.FLOW,
    welcome.FLOW, recommender.FLOW, release_focus.FLOW, smart_goal.FLOW, cheerleader.FLOW,
)


def default_registry() -> FlowRegistry:
    """The registry of all shipped flows, newest versions first for new sessions."""
    return FlowRegistry((*SYSTEM_FLOWS, *EXERCISE_FLOWS))


# Actions that belong to one exercise live beside it (e.g. `flows/burnout/actions.py`) and are
# added here; the engine gets the union.
FLOW_ACTIONS: Mapping[str, ActionHandler] = {
    **burnout_actions.ACTIONS, **journaling_actions.ACTIONS, **boundaries_actions.ACTIONS,
    **recommender_actions.ACTIONS,
}


def all_actions(export_links: ExportLinks | None = None) -> dict[str, ActionHandler]:
    """Every action a shipped flow may name (`export_links` sign the chat's export links)."""
    return {**CORE_ACTIONS, **FLOW_ACTIONS, **export_actions(export_links)}
