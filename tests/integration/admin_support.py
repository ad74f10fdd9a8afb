"""A database with something for every admin section: users (one subscribed), finished and
abandoned results with feel-after scores on two days, feedback (one hostile), safety events,
failed replies with Twilio codes, model tokens inside an exercise, the model calls behind them
(one cut by the timeout, its tokens estimated, and a risk check), and reply-guard decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.model_calls import SqlAlchemyModelCallLog
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.model import (
    ConsentStatus,
    DeliveryStatus,
    Direction,
    ExerciseResult,
    Feedback,
    ResultId,
    ResultStatus,
    SafetyEvent,
    UserId,
)
from bobby_core.ports.usage import ModelCall
from bobby_core.privacy.model import Erasure
from bobby_core.safety.guard_events import GuardAction, GuardEvent, GuardKind
from bobby_core.subscriptions.model import Subscription, SubscriptionStatus
from bobby_http.admin.auth import CSRF_COOKIE
from tests.contract.objects import T0, make_message, make_user, next_id

ADMIN_TOKEN = "admin-token-0123456789abcdef"
HOSTILE = '<img src=x onerror="document.title=\'owned\'">the price'
CRISIS_TEXT = "words a user wrote in distress"


MODEL_CALLS = (
    ModelCall(at=T0, model="m", kind="converse", outcome="timed out", prompt_tokens=1000,
              estimated=True),
    ModelCall(at=T0, model="m", kind="converse", outcome="ok", prompt_tokens=1200,
              completion_tokens=300),
    ModelCall(at=T0, model="m", kind="risk-check", outcome="ok", prompt_tokens=400,
              completion_tokens=10),
)


def _result(user_id: UserId, flow_id: str, status: ResultStatus, day: int, feel: int | None,
            step: str | None = None) -> ExerciseResult:
    start = T0 + timedelta(days=day)
    return ExerciseResult(id=ResultId(next_id("res")), user_id=user_id, flow_id=flow_id,
                          flow_version=1, status=status, started_at=start,
                          ended_at=start + timedelta(minutes=10), fields={}, feel_after=feel,
                          abandoned_at_step=step)


async def seed(database_url: str) -> None:
    engine = create_engine(database_url)
    uow = SqlAlchemyUnitOfWorkFactory(engine)
    try:
        async with uow() as work:
            alice = replace(make_user("+447700900301"), consent=ConsentStatus.GIVEN)
            bea = replace(make_user("+447700900302"), consent=ConsentStatus.GIVEN,
                          created_at=T0 + timedelta(hours=1))
            for user in (alice, bea):
                await work.users.add(user)
            await work.subscriptions.save(Subscription(
                id="sub_admin", status=SubscriptionStatus.ACTIVE, as_of=T0,
                period_end=T0 + timedelta(days=3650), user_id=alice.id, customer_id="cus_1"))
            for result in (_result(alice.id, "reflect", ResultStatus.FINISHED, 0, 2),
                           _result(bea.id, "reflect", ResultStatus.FINISHED, 0, 4),
                           _result(alice.id, "reflect", ResultStatus.FINISHED, 1, 5),
                           _result(bea.id, "reflect", ResultStatus.ABANDONED, 1, None,
                                   "socratic"),
                           _result(alice.id, "cheerleader", ResultStatus.FINISHED, 1, 3)):
                await work.results.add(result)
            await work.feedback.add(Feedback(id=next_id("fb"), user_id=bea.id,
                                             created_at=T0, kind="why_not_buy", text=HOSTILE))
            await work.feedback.add(Feedback(id=next_id("fb"), user_id=alice.id,
                                             created_at=T0, kind="exercise", text="Very calming",
                                             flow_id="reflect"))
            await work.safety_events.add(SafetyEvent(
                id=next_id("se"), user_id=bea.id, created_at=T0, categories=("self_harm",),
                screener="rules", flow_id="reflect"))
            asked = replace(make_message(alice), body=CRISIS_TEXT,  # its turn has run
                            created_at=T0 + timedelta(minutes=5),
                            handled_at=T0 + timedelta(minutes=5))
            await work.inbox.add([asked])
            await work.inbox.record_usage(asked.id, 1200, 300)
            for n, code in enumerate(("63016", "63016", "21211")):
                reply = replace(make_message(bea, direction=Direction.OUTBOUND),
                                status=DeliveryStatus.QUEUED)
                await work.outbox.add([reply])
                await work.outbox.set_status(reply.id, DeliveryStatus.FAILED, error_code=code,
                                               at=T0 + timedelta(minutes=n))
            for kind, action in (("repetition", "regenerated"), ("repetition", "fallback"),
                                 ("promise", "regenerated")):
                await work.guard_events.add(GuardEvent(
                    created_at=T0, flow_id="reflect", step_id="socratic_loop",
                    kind=GuardKind(kind), action=GuardAction(action)))
            await work.erasures.add(Erasure(id=next_id("er"), requested_at=T0, source="operator",
                                            media_removed=2, completed_at=T0))
            await work.commit()
        calls = SqlAlchemyModelCallLog(engine)
        for call in MODEL_CALLS:
            await calls.record(call)
    finally:
        await uow.dispose()


def post_admin_form(client: TestClient[Litestar], path: str, **fields: str) -> Any:
    """POST an admin form as the browser does: with the CSRF token the login page handed out."""
    if CSRF_COOKIE not in client.cookies:
        client.get("/admin/login")
    return client.post(path, data={**fields, "_csrf_token": client.cookies[CSRF_COOKIE]},
                       follow_redirects=False)
