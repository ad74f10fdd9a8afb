"""The prototype's Studio routes, kept so that its Twilio Studio flows run unchanged against
Bobby (contract: STUDIO_COMPAT.md). Every route is a signed JSON POST answering a JSON object;
behind them, the flows' own steps run on the state the Studio flow keeps (`RunKeptSteps`)."""

from __future__ import annotations

from typing import Any

from injector import Injector
from litestar.di import Provide

from bobby_core.use_cases.check_access import CheckAccess
from bobby_core.use_cases.record_feedback import RecordFeedback
from bobby_core.use_cases.record_visit import RecordVisit
from bobby_core.use_cases.run_kept_steps import RunKeptSteps
from bobby_http.deps import use_case
from bobby_http.studio import account, burnout, journaling, reflect, release_focus, reminders

ROUTES: list[Any] = [*account.ROUTES, *reflect.ROUTES, *release_focus.ROUTES, *journaling.ROUTES,
                     *burnout.ROUTES, *reminders.ROUTES]

_USE_CASES: dict[str, type[Any]] = {
    "run_kept": RunKeptSteps, "record_feedback": RecordFeedback, "record_visit": RecordVisit,
    "check_access": CheckAccess,
}


def dependencies(container: Injector) -> dict[str, Provide]:
    """The use cases these routes name, resolved once from the container."""
    return {name: use_case(container, cls) for name, cls in _USE_CASES.items()}
