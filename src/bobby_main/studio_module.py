"""The use cases behind the prototype's Studio routes (bobby_http.studio)."""

from __future__ import annotations

from injector import Module, provider, singleton

from bobby_adapters.prometheus_metrics import MeasuredLanguageModel, PrometheusMetrics
from bobby_core.conversation import Conversation
from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.engine.flow import FlowRegistry
from bobby_core.flows import all_actions
from bobby_core.ports import (
    Clock,
    CrisisScreener,
    IdGenerator,
    LanguageModel,
    UnitOfWorkFactory,
)
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.caller_flows.burnout_answers import RecordBurnoutCheck, ScoreBurnoutAnswers
from bobby_core.use_cases.caller_flows.callers import ConsentPolicy
from bobby_core.use_cases.caller_flows.check_access import CheckAccess
from bobby_core.use_cases.caller_flows.choose_topic import ChooseJournalTopic
from bobby_core.use_cases.caller_flows.custom_reminder import ScheduleCustomReminder
from bobby_core.use_cases.caller_flows.journal_followups import FollowUpJournal
from bobby_core.use_cases.caller_flows.journal_prompt import NextJournalPrompt
from bobby_core.use_cases.caller_flows.loop_turn import RunLoopTurn
from bobby_core.use_cases.caller_flows.recommend import RecommendExercise
from bobby_core.use_cases.caller_flows.record_exercise import RecordExercise
from bobby_core.use_cases.caller_flows.record_feedback import RecordFeedback, RecordVisit
from bobby_core.use_cases.caller_flows.safety import CallerSafety
from bobby_main.settings import Settings


class StudioCompatModule(Module):
    @singleton
    @provider
    def consent_policy(self, s: Settings) -> ConsentPolicy:
        return ConsentPolicy(flows_ask_consent=s.studio_flows_ask_consent)

    @singleton
    @provider
    def safety(self, screener: CrisisScreener, conversation: Conversation) -> CallerSafety:
        # The helpline file was read once, for the conversation; these replies use the same.
        return CallerSafety(screener, conversation.engine.registry.texts, conversation.helplines)

    @singleton
    @provider
    def loop_turn(self, registry: FlowRegistry, llm: LanguageModel, safety: CallerSafety,
                  metrics: PrometheusMetrics) -> RunLoopTurn:
        return RunLoopTurn(registry, MeasuredLanguageModel(llm, metrics), safety)

    @singleton
    @provider
    def choose_topic(self, registry: FlowRegistry, llm: LanguageModel, safety: CallerSafety,
                     clock: Clock, ids: IdGenerator,
                     metrics: PrometheusMetrics) -> ChooseJournalTopic:
        return ChooseJournalTopic(registry, MeasuredLanguageModel(llm, metrics), safety,
                                  all_actions(), clock, ids)

    @singleton
    @provider
    def follow_up_journal(self, registry: FlowRegistry, loops: RunLoopTurn) -> FollowUpJournal:
        return FollowUpJournal(registry, loops)

    @singleton
    @provider
    def record_exercise(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                        registry: FlowRegistry, policy: ConsentPolicy) -> RecordExercise:
        return RecordExercise(uow, clock, ids, registry, all_actions(), policy)

    @singleton
    @provider
    def record_burnout(self, registry: FlowRegistry, record: RecordExercise) -> RecordBurnoutCheck:
        return RecordBurnoutCheck(registry, record)

    @singleton
    @provider
    def score_burnout(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                      registry: FlowRegistry, policy: ConsentPolicy,
                      artefacts: ReplyArtefacts) -> ScoreBurnoutAnswers:
        return ScoreBurnoutAnswers(uow, clock, ids, registry, all_actions(), policy, artefacts)

    @singleton
    @provider
    def next_journal_prompt(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                            registry: FlowRegistry) -> NextJournalPrompt:
        return NextJournalPrompt(uow, clock, ids, registry, all_actions())

    @singleton
    @provider
    def schedule_reminder(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                          registry: FlowRegistry, policy: ConsentPolicy,
                          s: Settings) -> ScheduleCustomReminder:
        return ScheduleCustomReminder(uow, clock, ids, registry, all_actions(), policy, s.quiet)

    @singleton
    @provider
    def record_feedback(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                        policy: ConsentPolicy) -> RecordFeedback:
        return RecordFeedback(uow, clock, ids, policy)

    @singleton
    @provider
    def record_visit(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                     policy: ConsentPolicy) -> RecordVisit:
        return RecordVisit(uow, clock, ids, policy)

    @singleton
    @provider
    def check_access(self, uow: UnitOfWorkFactory, clock: Clock, paywall: Paywall) -> CheckAccess:
        return CheckAccess(uow, clock, paywall)

    @singleton
    @provider
    def recommend(self, registry: FlowRegistry, llm: LanguageModel, safety: CallerSafety,
                  clock: Clock, ids: IdGenerator, metrics: PrometheusMetrics) -> RecommendExercise:
        return RecommendExercise(registry, MeasuredLanguageModel(llm, metrics), safety,
                                 all_actions(), clock, ids)
