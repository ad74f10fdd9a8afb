"""What every caller-kept exercise shares: whose call it is, whether Bobby may store for them,
running a flow's own action outside a conversation, and writing what it decided."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bobby_core.engine.actions import ActionContext, ActionHandler
from bobby_core.engine.flow import Flow
from bobby_core.engine.outcome import Effects, TurnContext
from bobby_core.engine.steps import Action
from bobby_core.errors import DomainError, FlowDefinitionError
from bobby_core.model import ConsentStatus, ConversationState, SafetyEvent, User, UserId
from bobby_core.ports import Clock, IdGenerator, UnitOfWork
from bobby_core.use_cases.caller_flows.kept_history import CrisisNote
from bobby_core.use_cases.users import ensure_user

S = TypeVar("S")


def step_of(flow: Flow, step_id: str, kind: type[S]) -> S:
    """The flow's step `step_id`, which must be of `kind` (a flow changed under us otherwise)."""
    step = flow.step(step_id)
    if not isinstance(step, kind):
        raise FlowDefinitionError(f"{flow.id}: step {step_id!r} is not a {kind.__name__}")
    return step


class ConsentRequiredError(DomainError):
    """Nothing may be stored for this number: it has not consented, and the caller's flows do
    not ask for consent themselves."""

    def __init__(self) -> None:
        super().__init__("this number has not consented to storage yet; ask with "
                         "POST /studio/steps/consent/ask (or set STUDIO_FLOWS_ASK_CONSENT when "
                         "your flows ask for it)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentPolicy:
    flows_ask_consent: bool = False
    """The operator's own flows tell users what is stored and ask them, so a signed call from
    them records the number's consent (never over a number that declined)."""


async def storing_user(uow: UnitOfWork, ids: IdGenerator, clock: Clock, phone: str,
                       policy: ConsentPolicy) -> User:
    """The caller's user, created on first contact, once Bobby may store for them; raise
    ConsentRequiredError otherwise."""
    user = await ensure_user(uow, ids, clock, phone)
    if user.may_store:
        return user
    if policy.flows_ask_consent and user.consent is not ConsentStatus.DECLINED:
        consented = user.with_consent(ConsentStatus.GIVEN)
        await uow.users.save(consented)
        return consented
    raise ConsentRequiredError


def nobody(now: datetime) -> User:
    """The user of a call that does not say whose it is (a loop turn): no phone, no storage."""
    return User(id=UserId(""), phone="", created_at=now)


async def run_action(actions: Mapping[str, ActionHandler], flow: Flow, step_id: str,
                     variables: dict[str, Any], ctx: TurnContext, *,
                     exercises: tuple[Flow, ...] = ()) -> Effects:
    """Run the flow's own Action step `step_id` on `variables` (changed in place), with the
    flow's texts and, for actions that read the catalogue, the menu's `exercises`."""
    step = step_of(flow, step_id, Action)
    handler = actions.get(step.name)
    if handler is None:
        raise FlowDefinitionError(f"{flow.id}: unknown action {step.name!r}")
    state = ConversationState(user_id=ctx.user.id, variables=variables, started_at=ctx.now)
    effects = await handler(ActionContext(turn=ctx, state=state, variables=variables,
                                          flow_id=flow.id, flow_version=flow.version,
                                          texts=flow.texts, exercises=exercises),
                            step.args)
    return effects or Effects()


def safety_events(notes: tuple[CrisisNote, ...], ctx: TurnContext, flow_id: str) -> Effects:
    """The crisis signals a loop met on the way, recorded now that the user is known."""
    return Effects(safety_events=tuple(SafetyEvent(
        id=ctx.ids.new_id(), user_id=ctx.user.id, created_at=ctx.now,
        categories=note.categories, screener=note.screener or "caller-kept loop",
        flow_id=flow_id, step_id=note.step_id or None) for note in notes))


