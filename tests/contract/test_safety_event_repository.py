from bobby_core.model import LayerVerdict, SafetyEvent
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, next_id, stored_user


async def test_safety_events_are_kept_per_user_oldest_first(uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    events = [SafetyEvent(id=next_id("safe"), user_id=user.id, created_at=T0,
                          categories=("self-harm", "violence"), screener="offline",
                          flow_id="reflect", step_id="belief", verdicts=(
                              LayerVerdict(layer="offline-rules", flagged=True,
                                           categories=("self_harm",)),
                              LayerVerdict(layer="openai-moderation", flagged=True,
                                           categories=("violence",), score=0.71),
                              LayerVerdict(layer="model-risk-check", flagged=False, failed=True))),
              SafetyEvent(id=next_id("safe"), user_id=user.id, created_at=T0, categories=(),
                          screener="openai")]
    async with uow() as work:
        await work.safety_events.add(events[0])
        await work.safety_events.add(SafetyEvent(id=next_id("safe"), user_id=other.id,
                                                 created_at=T0, categories=(), screener="x"))
        await work.safety_events.add(events[1])
        await work.commit()
    async with uow() as work:
        assert await work.safety_events.list_for_user(user.id) == events
