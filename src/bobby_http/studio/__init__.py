"""The prototype's Studio routes, kept so that its Twilio Studio flows run unchanged against
Bobby (contract: STUDIO_COMPAT.md). Every route is a signed JSON POST answering a JSON object."""

from __future__ import annotations

from typing import Any

from injector import Injector
from litestar.di import Provide

from bobby_core.use_cases.caller_flows.burnout_answers import RecordBurnoutCheck, ScoreBurnoutAnswers
from bobby_core.use_cases.caller_flows.check_access import CheckAccess
from bobby_core.use_cases.caller_flows.choose_topic import ChooseJournalTopic
from bobby_core.use_cases.caller_flows.custom_reminder import ScheduleCustomReminder
from bobby_core.use_cases.caller_flows.journal_followups import FollowUpJournal
from bobby_core.use_cases.caller_flows.journal_prompt import NextJournalPrompt
from bobby_core.use_cases.caller_flows.loop_turn import RunLoopTurn
from bobby_core.use_cases.caller_flows.recommend import RecommendExercise
from bobby_core.use_cases.caller_flows.record_exercise import RecordExercise
from bobby_core.use_cases.caller_flows.record_feedback import RecordFeedback, RecordVisit
from bobby_http.deps import use_case
from bobby_http.studio import account, burnout, journaling, reflect, release_focus, reminders

ROUTES: list[Any] = [*account.ROUTES, *reflect.ROUTES, *release_focus.ROUTES, *journaling.ROUTES,
                     *burnout.ROUTES, *reminders.ROUTES]

_USE_CASES: dict[str, type[Any]] = {
    "loop_turn": RunLoopTurn, "choose_topic": ChooseJournalTopic,
    "follow_up_journal": FollowUpJournal, "record_exercise": RecordExercise,
    "record_burnout": RecordBurnoutCheck, "score_burnout": ScoreBurnoutAnswers,
    "next_journal_prompt": NextJournalPrompt, "schedule_reminder": ScheduleCustomReminder,
    "record_feedback": RecordFeedback, "record_visit": RecordVisit,
    "check_access": CheckAccess, "recommend": RecommendExercise,
}


def dependencies(container: Injector) -> dict[str, Provide]:
    """The use cases these routes name, resolved once from the container."""
    return {name: use_case(container, cls) for name, cls in _USE_CASES.items()}
