"""The use cases behind the Studio routes: the step endpoint (`bobby_http.routes.studio`) and
the prototype's routes (`bobby_http.studio`). Both run the engine of the conversation, with
the helpline table it was given."""

from __future__ import annotations

from injector import Module, provider, singleton

from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.engine.runner import Engine
from bobby_core.ports import Clock, CrisisScreener, IdGenerator, UnitOfWorkFactory
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.check_access import CheckAccess
from bobby_core.use_cases.deliver_replies import DeliverReplies
from bobby_core.use_cases.record_feedback import RecordFeedback
from bobby_core.use_cases.record_visit import RecordVisit
from bobby_core.use_cases.run_flow_step import RunFlowStep
from bobby_core.use_cases.run_kept_steps import RunKeptSteps
from bobby_core.use_cases.users import ConsentPolicy
from bobby_main.helplines_file import HelplineTable
from bobby_main.settings import Settings


class StudioModule(Module):
    @singleton
    @provider
    def consent_policy(self, s: Settings) -> ConsentPolicy:
        return ConsentPolicy(flows_ask_consent=s.studio_flows_ask_consent)

    @singleton
    @provider
    def run_flow_step(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                      engine: Engine, screener: CrisisScreener, deliver: DeliverReplies,
                      helplines: HelplineTable, s: Settings) -> RunFlowStep:
        return RunFlowStep(uow, clock, ids, engine, screener, deliver, helplines=helplines.table,
                           budget_seconds=s.turn_deadline_seconds)

    @singleton
    @provider
    def run_kept_steps(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                       engine: Engine, screener: CrisisScreener, artefacts: ReplyArtefacts,
                       policy: ConsentPolicy, helplines: HelplineTable,
                       s: Settings) -> RunKeptSteps:
        return RunKeptSteps(uow, clock, ids, engine, screener, artefacts, policy=policy,
                            helplines=helplines.table, quiet_hours=s.quiet,
                            budget_seconds=s.turn_deadline_seconds)

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
